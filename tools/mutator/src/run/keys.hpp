#pragma once
// mutator run's results keys: what a stored result depends on, so a later run reuses it only when nothing
// it depends on changed; and the options the report and the store record.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mutator/run.hpp"
#include "mutator/test_suite.hpp"
#include "select.hpp"

namespace mutator {

/// The options that change an outcome.
struct KeyOptions {
    bool fail_fast = false;
    double timeout_factor = 3.0;
    bool batch = true;
    std::optional<std::chrono::milliseconds> given_margin;  // unset: measured, which differs run to run
};

/// What a stored result depends on: the site, its file's text, the covering tests and their programs, and
/// the options that change an outcome.
class ResultKeys {
  public:
    ResultKeys(const std::vector<TestCase>& tests,
               const std::map<std::filesystem::path, std::string>& originals, const KeyOptions& options);

    std::string key(const SiteState& state, const std::vector<std::size_t>& covering, bool schemata);

  private:
    std::string program_hash(const TestCase& test);

    const std::vector<TestCase>& tests_;
    const std::map<std::filesystem::path, std::string>& originals_;
    KeyOptions options_;
    std::string given_margin_;
    std::map<std::string, std::string> programs_;
};

/// The run's options as the report's `config` records them (and the store, for --resume to compare).
nlohmann::ordered_json options_json(const RunOptions& options);

}  // namespace mutator
