#pragma once
// `curator generate` as a library: prompt → model → extraction → funnel → output file and sidecar.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace curator {

struct GenerateOptions {
    std::filesystem::path source;
    std::filesystem::path header;  // optional
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
    std::filesystem::path prompt;     // empty: prompts/generate-gtest.txt
    std::filesystem::path prompts_dir;
    // The funnel.
    int runs = 5;
    double test_timeout_seconds = 10;
    bool coverage = true;
    bool mutation = true;
    std::filesystem::path mutator;  // empty: the mutator beside the curator binary
    std::string test_label;
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
    std::size_t broken = 0;          // do not compile, crash or hang
    std::vector<std::string> lines;  // the per-test table the CLI prints
};

/// Messages for the user while it runs (one line each).
using Progress = std::function<void(const std::string&)>;

/// Throws mlab::InputError for bad input (exit 2) and LlmError when the model call fails (exit 3).
GenerateSummary generate(const GenerateOptions& options, const Progress& progress);

/// True when a test file already holds a student's decisions (`// KEPT:`, `// FIXED:`, `// DISCARDED:`).
bool holds_review_decisions(const std::string& text);

}  // namespace curator
