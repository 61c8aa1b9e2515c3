// mutator report: renders a stored run's report in any format, without running anything again.

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "common.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/render.hpp"
#include "mutator/report.hpp"

namespace mutator::cli {
namespace fs = std::filesystem;
namespace {

struct ReportOptions {
    std::string source;
    std::string format = "markdown";
    std::string output;
    RenderOptions render;
};

fs::path report_path(const fs::path& source) {
    if (!fs::is_directory(source)) {
        return source;
    }
    const fs::path path = source / "mutation-report.json";
    if (!fs::exists(path) && fs::exists(source / "results.db")) {
        throw mlab::InputError(
            fmt::format("{}: holds no report yet: its run did not finish "
                        "(`mutator run --resume --out {}` finishes it)",
                        source.string(), source.string()));
    }
    return path;
}

int run_report(const ReportOptions& options) {
    const ReportFormat* format = find_report_format(options.format);
    if (format == nullptr) {
        throw mlab::InputError(
            fmt::format("--format {}: unknown format (known: {})", options.format, report_format_names()));
    }
    const nlohmann::ordered_json report = read_report_json(report_path(options.source));
    const std::string text = format->render(report, options.render);
    if (options.output.empty()) {
        std::cout << text << std::flush;
    } else {
        mlab::write_file_atomic(options.output, text);
    }
    return 0;
}

}  // namespace

void register_report(CLI::App& app, Command& command) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App* report = app.add_subcommand(
        "report", "Render a stored run's report (the --out folder of run or merge, or a report file)");
    report
        ->add_option("source", options->source,
                     "Output folder of `mutator run`/`merge`, or a mutation-report.json")
        ->required();
    std::string formats_help = "One of:";
    for (const ReportFormat& format : report_formats()) {
        formats_help += fmt::format("\n  {:<9} {}", format.name, format.summary);
    }
    report->add_option("-f,--format", options->format, formats_help)->capture_default_str();
    report->add_option("-o,--output", options->output, "Write to this file (default: standard output)");
    report->add_option("--path-prefix", options->render.path_prefix,
                       "Put this before file paths in github and sarif output (the project's folder in the "
                       "repository, e.g. libs/core/)");
    report->add_option("--top", options->render.top, "Surviving mutants the markdown summary lists")
        ->capture_default_str();
    report->callback([&command, options] { command = [options] { return run_report(*options); }; });
}

std::vector<fs::path> write_reports(const nlohmann::ordered_json& report, const fs::path& dir,
                                    const std::vector<std::string>& formats) {
    std::vector<fs::path> written;
    for (const std::string& name : formats) {
        const ReportFormat* format = find_report_format(name);
        const fs::path path = dir / format->file_name;
        if (name != "json") {  // the run wrote the JSON report itself
            mlab::write_file_atomic(path, format->render(report, RenderOptions{}));
        }
        written.push_back(path);
    }
    return written;
}

std::vector<std::string> report_list(const std::vector<std::string>& requested) {
    std::vector<std::string> formats{"json"};
    for (const std::string& name : split_commas(requested)) {
        if (find_report_format(name) == nullptr) {
            throw mlab::InputError(
                fmt::format("--reports {}: unknown format (known: {})", name, report_format_names()));
        }
        if (std::find(formats.begin(), formats.end(), name) == formats.end()) {
            formats.push_back(name);
        }
    }
    return formats;
}

}  // namespace mutator::cli
