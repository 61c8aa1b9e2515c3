#pragma once
// What the scanning subcommands share: their options, and turning them into a scan.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "mlab/common/command_line.hpp"
#include "mutator/config.hpp"
#include "mutator/project.hpp"
#include "mutator/site.hpp"

namespace mutator::cli {

/// The command a subcommand's callback chose, run after parsing (callbacks never exit or print).
using Command = mlab::Command;

struct ScanOptions {
    std::string build_dir;
    std::string root;
    std::string config;
    std::vector<std::string> operators;
    std::vector<std::string> disable;
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    std::vector<std::string> string_pairs;  // FROM=TO
    std::vector<std::string> paths;
};

/// The values of a repeatable flag that also takes comma lists ("a,b" and "-x a -x b" alike).
std::vector<std::string> split_commas(const std::vector<std::string>& values);

void add_scan_options(CLI::App& command, ScanOptions& options, bool with_paths);

struct Scan {
    Project project;
    SiteList sites;
    Config config;
    std::chrono::milliseconds elapsed{0};  // the whole scan: a run's report counts it as its first phase
};

/// Opens the project, reads its config (flags win), and finds the sites. Throws mlab::InputError.
Scan run_scan(const ScanOptions& options);

/// "skipped: N (K reason, ...)": the candidate sites a scan left out, by reason, and the suppressed ones.
std::string skipped_summary(const SiteList& list, std::size_t suppressed);

/// The site with this id; throws mlab::InputError when there is none.
const MutationSite& site_by_id(const SiteList& sites, const std::string& id);

void register_list(CLI::App& app, Command& command);
void register_show(CLI::App& app, Command& command);
void register_apply(CLI::App& app, Command& command);
void register_variants(CLI::App& app, Command& command);
void register_lab(CLI::App& app, Command& command);
void register_operators(CLI::App& app, Command& command);
void register_run(CLI::App& app, Command& command);
void register_merge(CLI::App& app, Command& command);
void register_report(CLI::App& app, Command& command);

/// The formats of `--reports`, json always first; throws mlab::InputError naming an unknown one.
std::vector<std::string> report_list(const std::vector<std::string>& requested);

/// Renders the report in each of `formats` into `dir` (json excepted: the run wrote it), each file
/// written whole or not at all; returns every report file's path, the JSON's first.
std::vector<std::filesystem::path> write_reports(const nlohmann::ordered_json& report,
                                                 const std::filesystem::path& dir,
                                                 const std::vector<std::string>& formats);

}  // namespace mutator::cli
