#pragma once
// What the scanning subcommands share: their options, and turning them into a scan.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "mutator/project.hpp"
#include "mutator/site.hpp"

namespace mutator::cli {

/// The command a subcommand's callback chose, run after parsing (callbacks never exit or print).
using Command = std::function<int()>;

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

void add_scan_options(CLI::App& command, ScanOptions& options, bool with_paths);

struct Scan {
    Project project;
    SiteList sites;
};

/// Opens the project, reads its config (flags win), and finds the sites. Throws mlab::InputError.
Scan run_scan(const ScanOptions& options);

/// The site with this id; throws mlab::InputError when there is none.
const MutationSite& site_by_id(const SiteList& sites, const std::string& id);

void register_list(CLI::App& app, Command& command);
void register_show(CLI::App& app, Command& command);
void register_apply(CLI::App& app, Command& command);
void register_variants(CLI::App& app, Command& command);
void register_operators(CLI::App& app, Command& command);
void register_run(CLI::App& app, Command& command);
void register_merge(CLI::App& app, Command& command);

}  // namespace mutator::cli
