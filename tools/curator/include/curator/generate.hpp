#pragma once
// `curator generate` as a library: prompt → model → extraction → funnel → output file and sidecar.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace curator {

/// Which tests a repair round sends back to the model.
enum class RepairScope {
    build,    // those that do not compile or link (the default: in the lab, failing tests are the lesson)
    failing,  // also those that fail, crash or hang on the current code
};

struct GenerateOptions {
    std::vector<std::filesystem::path> sources;  // at least one
    std::vector<std::filesystem::path> headers;  // optional
    std::filesystem::path tests;
    std::filesystem::path out;
    std::filesystem::path build_dir;
    int count = 10;
    // The model (flags; empty: from the environment, then the config file).
    std::string provider;
    std::string base_url;
    std::string model;
    std::filesystem::path config_file;  // empty: curator.yml in the project's source folder, if any
    std::optional<int> max_tokens;
    std::optional<double> temperature;
    std::optional<double> timeout_seconds;
    std::optional<int> retries;
    bool use_cache = true;
    std::filesystem::path cache_dir;  // empty: BUILD/.curator/cache
    std::filesystem::path prompt;     // empty: prompts/generate-gtest.txt (aim-survivors.txt with mutants)
    std::filesystem::path prompts_dir;
    // The funnel.
    int runs = 5;
    double test_timeout_seconds = 10;
    bool coverage = true;
    bool mutation = true;
    std::filesystem::path mutator;  // empty: the mutator beside the curator binary
    std::string test_label;
    // The loop: aimed at the mutants a run left undetected, repaired, until a score.
    std::filesystem::path mutants;  // a `mutator run` report or its --out folder; empty: none given
    int rounds = 2;                 // model calls at most: the first, then repairs and more tests
    RepairScope repair = RepairScope::build;
    std::optional<double> until_score;  // ask for more tests until the sources' mutation score reaches it
    unsigned jobs = 2;
    bool force = false;
    std::string date;  // the output's date (ISO 8601); empty: now
};

struct GenerateSummary {
    std::filesystem::path out;
    std::filesystem::path sidecar;
    std::filesystem::path backup;  // when --force replaced a reviewed file
    std::size_t tests = 0;
    std::size_t passed = 0;
    std::size_t failing = 0;
    std::size_t flaky = 0;
    std::size_t broken = 0;           // do not compile, crash or hang
    std::vector<std::string> lines;   // the per-test table the CLI prints
    int runs = 5;                     // runs of each test
    std::vector<std::string> rounds;  // one line per round: what was asked and what came of it
};

/// Messages for the user while it runs (one line each).
using Progress = std::function<void(const std::string&)>;

/// Throws mlab::InputError for bad input (exit 2) and LlmError when the model call fails (exit 3).
GenerateSummary generate(const GenerateOptions& options, const Progress& progress);

/// True when a test file already holds a student's decisions (`// KEPT:`, `// FIXED:`, `// DISCARDED:`).
bool holds_review_decisions(const std::string& text);

}  // namespace curator
