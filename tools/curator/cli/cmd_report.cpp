// curator report: the decisions joined with a mutation report's kill matrix.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/checker.hpp"
#include "curator/join.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::cli {

namespace {

struct ReportOptions {
    std::filesystem::path mutation;
    std::vector<std::filesystem::path> files;
    std::filesystem::path checker;
    std::string format = "text";
    std::filesystem::path out;
    std::filesystem::path ledger;
};

}  // namespace

void register_report(CLI::App& app, Command& command) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App* report =
        app.add_subcommand("report", "Join the decisions with a mutation report: kills, warnings, scores");
    report->add_option("--mutation", options->mutation, "The mutation report (mutation-report.json)")
        ->required();
    report->add_option("files", options->files, "Reviewed test files (default: the --checker's)");
    report->add_option("--checker", options->checker, "A lab's checker.json (mutator lab): its curated files")
        ->transform(mlab::absolute_path_option());
    report->add_option("-f,--format", options->format, "text, markdown, json or html")
        ->check(CLI::IsMember({"text", "markdown", "json", "html"}))
        ->capture_default_str();
    report->add_option("-o,--out", options->out, "Write to this file (default: standard output)");
    report
        ->add_option("--ledger", options->ledger, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    report->callback([&command, options] {
        command = [options] {
            ReportOptions& o = *options;
            o.files = files_or_checkers(o.files, o.checker, "join");
            if (!std::filesystem::is_regular_file(o.mutation)) {
                throw mlab::InputError(fmt::format("--mutation {}: no such file", o.mutation.string()));
            }
            std::vector<std::string> names;
            for (const std::filesystem::path& file : o.files) {
                if (!std::filesystem::is_regular_file(file)) {
                    throw mlab::InputError(fmt::format("{}: no such file", file.string()));
                }
                names.push_back(file.string());
            }
            Ledgers ledgers(o.ledger);
            const Join join = join_report(o.mutation, o.files, names, ledgers);
            std::string text;
            if (o.format == "markdown") {
                text = render_join_markdown(join);
            } else if (o.format == "json") {
                text = render_join_json(join).dump(2) + "\n";
            } else if (o.format == "html") {
                text = render_join_html(join);
            } else {
                text = render_join_text(join);
            }
            if (o.out.empty()) {
                std::cout << text;
            } else {
                mlab::write_file_atomic(o.out, text);
                std::cout << fmt::format("wrote {} ({} tests, {} mutants they kill, {} warnings)\n",
                                         o.out.string(), join.tests.size(), join.mutants.size(),
                                         join.warnings.size());
            }
            return 0;
        };
    });
}

}  // namespace curator::cli
