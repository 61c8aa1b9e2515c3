#pragma once
// `mutator run`: the whole analysis as a sequence of phases, each handing its result to the next:
// select → instrument (schemata) → build → tests → baseline + coverage → execute → report.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mutator/mutant_result.hpp"
#include "mutator/project.hpp"
#include "mutator/report.hpp"
#include "mutator/site.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {

struct RunOptions {
    std::filesystem::path out_dir;
    unsigned jobs = 0;  // 0: one per core
    bool fail_fast = false;
    bool resume = false;
    std::string since;  // a git revision: only sites on lines changed since it
    unsigned shard_index = 1, shard_count = 1;
    double timeout_factor = 3.0;  // a mutant's test may take factor × its baseline time + a margin
    // The margin: unset, the run measures the noise of the tests' times and sets it from that.
    std::optional<std::chrono::milliseconds> timeout_extra;
    bool batch = true;        // TESTs of one gtest program share one process per mutant
    bool harden = false;      // the mutants built with the standard library's assertions on
    bool equivalence = true;  // survivors whose compiled code is a plain build's (or another's) are Ignored
    std::chrono::milliseconds scan_time{0};  // the scan's, done before the run: the report's times hold it
    std::chrono::milliseconds baseline_timeout{120000};  // for tests without a CTest TIMEOUT
    std::string test_label;
    std::string build_command;  // instead of configuring and building with CMake
    std::string test_command;   // instead of the tests CTest lists: one test, this shell command
    const std::atomic<bool>* cancel = nullptr;  // turns true on SIGINT: stop soon, keep what is done
    std::string version;
    Thresholds thresholds;  // written into the report; `break_at` is the gate `--break` set
};

/// How far the mutants' execution is: by count, and by expected cost (the sum of each mutant's covering
/// tests' baseline times; reused results and mutants no test reaches cost nothing).
struct RunProgress {
    std::size_t done = 0, total = 0;
    std::chrono::milliseconds cost_done{0}, cost_total{0};
};

/// What a run tells its caller as it goes; the library itself prints nothing.
class RunObserver {
  public:
    virtual ~RunObserver() = default;
    virtual void phase(std::string_view name, std::string_view detail) = 0;
    /// One mutant's result is known (and stored). `reused`: taken from an earlier run.
    virtual void mutant_done(const MutationSite& site, const MutantResult& result,
                             const RunProgress& progress, const ScoreCounts& so_far, bool reused) = 0;
    virtual void note(std::string_view text) = 0;
    /// What a reader may want but a quiet run leaves out: the measured timeout margin, the estimated cost.
    virtual void info(std::string_view text) { note(text); }
};

struct RunOutcome {
    nlohmann::ordered_json report;
    std::filesystem::path report_path;
    bool interrupted = false;
    std::size_t reused = 0;       // results taken from the store
    std::size_t executed = 0;     // mutants run in this invocation
    std::vector<TestCase> tests;  // the tests the mutants ran against, with their labels and sources
};

/// Runs the analysis of `sites` (found in `project`) and writes OUT/mutation-report.json.
/// Throws mlab::InputError for bad input (no tests, a failing baseline, a project that does not build)
/// and mlab::FileError when the output folder cannot be written.
RunOutcome run_mutation_analysis(const Project& project, const SiteList& sites, const RunOptions& options,
                                 RunObserver& observer);

/// One mutant a run is about to execute: its file, its expected cost, its covering tests.
struct PlannedMutant {
    std::string file;
    std::chrono::milliseconds cost{0};
    std::size_t covering_tests = 0;
};

/// What the run prints right after the baseline: the estimated cost of executing `planned` on `jobs`, and
/// when that passes 30 minutes, the levers that cut it (--shard, --since, PATHs, --fail-fast) with their
/// estimated effect.
std::vector<std::string> estimate_notes(const std::vector<PlannedMutant>& planned, unsigned jobs);

/// "2.5 s", "14 min", "3.2 h".
std::string duration_text(std::chrono::milliseconds duration);

/// "K/N" → {K, N}; throws mlab::InputError naming the value when it is not 1 ≤ K ≤ N.
std::pair<unsigned, unsigned> parse_shard(const std::string& text);

}  // namespace mutator
