#pragma once
// mutator run, phase 6: execute one mutant, its covering tests run with it active, TESTs of one gtest
// program as one batch, likely killers first.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "baseline.hpp"
#include "estimate.hpp"
#include "mutator/gtest_program.hpp"
#include "mutator/mutant_result.hpp"
#include "pool.hpp"
#include "select.hpp"

namespace mutator {

/// One mutant to run.
struct Job {
    std::chrono::milliseconds cost{0};  // expected: its covering tests' baseline times
    SiteState* state = nullptr;
    std::vector<std::size_t> tests;  // covering tests, fastest first
    std::string key;
    bool schemata = true;  // false: run in a build of its own (the schemata could not hold it)
};

/// What one mutant's tests found so far, in the order they ran.
struct Tally {
    std::vector<std::string> killers;
    std::map<std::string, std::string> kill_reasons;  // by test: the reason names one of them
    std::string timeout_reason, runtime_reason;
    std::size_t timeouts = 0;

    // A timeout does not end a mutant's run, so its kill matrix does not depend on the order the tests ran
    // in; a second one does: a mutant that hangs every test costs two limits, not one per test.
    static constexpr std::size_t kTimeoutsThatEndARun = 2;
    bool hung() const { return timeouts >= kTimeoutsThatEndARun; }
};

struct ExecuteOptions {
    std::filesystem::path out_dir;  // batches write gtest's report into OUT/tmp/
    bool fail_fast = false;
    bool batch = true;  // TESTs of one gtest program share one process per mutant
    double timeout_factor = 3.0;
    std::chrono::milliseconds margin{1000};  // added to every limit
    const std::atomic<bool>* cancel = nullptr;
};

class Executor {
  public:
    Executor(const std::vector<TestCase>& tests, const Baseline& baseline, const ExecuteOptions& options,
             TestRunner& runner, const CostModel& costs)
        : tests_(tests), baseline_(baseline), options_(options), runner_(runner), costs_(costs) {}

    /// Runs the covering tests of one mutant: TESTs of one gtest program together in one process (unless
    /// options.batch is off), every other test in a process of its own. nullopt when cancelled midway.
    std::optional<MutantResult> run(const Job& job);

    /// A test's limit: timeout factor × its baseline time, plus the margin the measured noise asks for.
    /// A batch's limit is the same over its expected time (the program's start-up paid once).
    std::chrono::milliseconds limit(const std::vector<std::size_t>& indices) const;

  private:
    // One process of TESTs of one gtest program, and what it told.
    struct BatchRun {
        mlab::ProcessResult finished;
        BatchVerdicts verdicts;
        bool unexplained = false;  // it failed, but no TEST's failure says why
    };
    // The TESTs of a batch that were not judged: to run again alone (to blame), or together (not started).
    struct Leftovers {
        std::vector<std::size_t> alone, together;
        std::vector<std::string> together_names;
    };

    std::vector<std::vector<std::size_t>> units_of(const Job& job);
    void remember_killers(const Job& job, const std::vector<std::string>& killers);
    mlab::ProcessOptions process_for(const Job& job, const TestCase& test) const;
    void add(Tally& tally, std::size_t index, const TestOutcome& outcome) const;
    bool run_alone(const Job& job, std::size_t index, MutantResult& result, Tally& tally) const;
    bool run_each_alone(const Job& job, const std::vector<std::size_t>& indices, MutantResult& result,
                        Tally& tally) const;
    bool run_batch(const Job& job, const std::vector<std::size_t>& unit, MutantResult& result,
                   Tally& tally) const;
    bool run_chunk(const Job& job, const std::vector<std::size_t>& indices,
                   const std::vector<std::string>& names, MutantResult& result, Tally& tally) const;
    std::optional<BatchRun> run_batch_process(const Job& job, const std::vector<std::size_t>& indices,
                                              const std::vector<std::string>& names) const;
    Leftovers take_verdicts(const BatchRun& run, const std::vector<std::size_t>& indices,
                            const std::vector<std::string>& names, MutantResult& result, Tally& tally) const;

    const std::vector<TestCase>& tests_;
    const Baseline& baseline_;
    const ExecuteOptions& options_;
    TestRunner& runner_;
    const CostModel& costs_;
    mutable std::atomic<std::size_t> batch_counter_{0};
    std::mutex killers_mutex_;
    std::map<std::filesystem::path, std::set<std::size_t>> recent_killers_;  // by original file
};

}  // namespace mutator
