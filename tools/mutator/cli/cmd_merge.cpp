// mutator merge: one report from the reports of several shards.

#include <filesystem>
#include <iostream>
#include <optional>

#include "common.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/files.hpp"
#include "mutator/report.hpp"
#include "summary.hpp"

namespace mutator::cli {
namespace fs = std::filesystem;
namespace {

struct MergeOptions {
    std::vector<std::string> inputs;
    std::string out;
    std::optional<double> break_score;
    std::vector<std::string> reports{"html", "markdown"};
};

int run_merge(const MergeOptions& options) {
    const std::vector<std::string> formats = report_list(options.reports);
    std::vector<nlohmann::ordered_json> reports;
    for (const std::string& input : options.inputs) {
        const fs::path path =
            fs::is_directory(input) ? fs::path(input) / "mutation-report.json" : fs::path(input);
        reports.push_back(read_report_json(path));
    }
    nlohmann::ordered_json merged = merge_reports(reports);
    if (options.break_score) {
        if (!merged["config"]["thresholds"].is_object()) {
            merged["config"]["thresholds"] = nlohmann::ordered_json::object();
        }
        merged["config"]["thresholds"]["break"] = *options.break_score;
    }
    std::error_code error;
    fs::create_directories(options.out, error);
    const fs::path path = fs::path(options.out) / "mutation-report.json";
    mlab::write_file_atomic(path, merged.dump(2) + "\n");
    print_summary(std::cout, merged, write_reports(merged, options.out, formats));
    return gate(merged, std::cerr);
}

}  // namespace

void register_merge(CLI::App& app, Command& command) {
    auto options = std::make_shared<MergeOptions>();
    CLI::App* merge = app.add_subcommand("merge", "Combine the reports of shard runs into one report");
    merge->add_option("inputs", options->inputs, "Output folders (or report files) of `mutator run --shard`")
        ->transform(mlab::absolute_path_option())
        ->required();
    merge->add_option("--out", options->out, "Folder for the merged mutation-report.json")
        ->transform(mlab::absolute_path_option())
        ->required();
    merge
        ->add_option(
            "--break", options->break_score,
            "Exit 1 when the mutation score is below this (0-100; default: the shards' break threshold)")
        ->check(mlab::number_between(0, 100));
    merge
        ->add_option(
            "--reports", options->reports,
            "Report files written beside mutation-report.json: html, markdown (default), matrix, github, "
            "sarif")
        ->delimiter(',')
        ->allow_extra_args(false)  // one value (a comma list) per --reports: the paths after it stay paths
        ->capture_default_str();
    merge->callback([&command, options] { command = [options] { return run_merge(*options); }; });
}

}  // namespace mutator::cli
