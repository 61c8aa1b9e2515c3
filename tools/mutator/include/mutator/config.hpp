#pragma once
// mutator.yml at the project root: operators, globs, string pairs and arid names. Flags override it.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mlab/report/status.hpp"

namespace mutator {

/// Where a mutation score counts as good (>= high) or poor (< low) in reports, and the score below which
/// `run` and `merge` exit 1 (`--break` overrides it).
using mlab::Thresholds;

struct Config {
    std::vector<std::string> operators;  // families or rules switched on; empty: all
    std::vector<std::string> disable;    // families or rules switched off
    std::vector<std::string> include;    // root-relative globs
    std::vector<std::string> exclude;
    std::vector<std::pair<std::string, std::string>> string_pairs;
    std::optional<std::vector<std::string>> arid;        // replaces the default arid names when present
    std::optional<std::vector<std::string>> assertions;  // replaces the default assertion macros when present
    bool default_member_initializers = false;            // mutate `int count = 0;` in classes
    Thresholds thresholds;
};

/// Reads a config file; throws mlab::InputError naming the file and the problem.
Config load_config(const std::filesystem::path& path);

/// `root/mutator.yml` when it exists, else the defaults.
Config load_project_config(const std::filesystem::path& root);

}  // namespace mutator
