// mutator run, phase 5: baseline + coverage.

#include "baseline.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"
#include "mutator/schemata.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

// Where test number `test` records the sites it reaches.
fs::path coverage_file(const fs::path& out_dir, std::size_t test) {
    return out_dir / "coverage" / fmt::format("{}.txt", test);
}

// The baseline's runs: every test once beside the others, then the failing ones again alone.
class BaselineRuns {
  public:
    BaselineRuns(std::vector<TestCase>& tests, TestRunner& runner, const BaselineOptions& options,
                 const fs::path& mirrored, Baseline& baseline)
        : tests_(tests),
          runner_(runner),
          options_(options),
          mirrored_(mirrored),
          baseline_(baseline),
          failures_(tests.size()) {}

    bool cancelled() const { return options_.run.cancel != nullptr && options_.run.cancel->load(); }

    // A test that fails beside others but passes alone (it shares a folder, a port, a file with another)
    // runs alone from now on, as `ctest -j1` would run it.
    void run_all(RunObserver& observer) {
        parallel_for(
            tests_.size(), options_.jobs, [&](std::size_t i) { run_one(i, false); },
            [&] { return cancelled(); });
        std::vector<std::string> alone;
        for (std::size_t i = 0; i < tests_.size() && !cancelled(); ++i) {
            if (failures_[i] && failures_[i]->find("cannot start") == std::string::npos &&
                options_.jobs > 1) {
                run_one(i, true);
                if (!failures_[i]) {
                    tests_[i].run_serial = true;
                    alone.push_back(tests_[i].name);
                }
            }
        }
        if (!alone.empty()) {
            observer.note(
                fmt::format("failed beside other tests but passed alone, so from now on run alone "
                            "(as RUN_SERIAL): {}",
                            mlab::shorten(fmt::format("{}", fmt::join(alone, ", ")), 200)));
        }
    }

    void throw_first_failure() const {
        for (const auto& failure : failures_) {
            if (failure) {
                throw mlab::InputError("baseline: " + *failure);
            }
        }
    }

  private:
    void run_one(std::size_t i, bool alone) {
        const TestCase& test = tests_[i];
        failures_[i].reset();
        mlab::ProcessOptions process = no_mutant_process(test, options_.run);
        process.environment[kCoverageFileVariable] = coverage_file(options_.out_dir, i).string();
        mlab::ProcessResult result;
        try {
            result = runner_.run(test, process, alone);
        } catch (const std::runtime_error& error) {
            failures_[i] = fmt::format("test '{}' cannot start: {}", test.name, error.what());
            return;
        }
        if (result.cancelled) {
            return;
        }
        const TestOutcome outcome = judge_test(test, result);
        baseline_.durations[i] = outcome.duration;
        if (outcome.verdict == TestVerdict::TimedOut) {
            failures_[i] = fmt::format("test '{}' did not finish within {} s with no mutant active",
                                       test.name, process.timeout->count() / 1000.0);
        } else if (outcome.verdict != TestVerdict::Passed) {
            failures_[i] = fmt::format(
                "test '{}' fails with no mutant active ({}); the suite must pass "
                "before mutation testing (it runs in a copy of {}: does it need files outside? pass --root)",
                test.name, outcome.reason, mirrored_.string());
        }
    }

    std::vector<TestCase>& tests_;
    TestRunner& runner_;
    const BaselineOptions& options_;
    const fs::path& mirrored_;
    Baseline& baseline_;
    std::vector<std::optional<std::string>> failures_;
};

// Reads the sites each test reached into `reach`; returns which tests ran instrumented code at all.
std::vector<bool> read_coverage(const fs::path& out_dir, std::size_t tests,
                                std::map<std::uint32_t, std::vector<std::size_t>>& reach) {
    std::vector<bool> ran_instrumented(tests, false);
    for (std::size_t i = 0; i < tests; ++i) {
        std::set<std::uint32_t> numbers = mlab::read_coverage_file(coverage_file(out_dir, i));
        ran_instrumented[i] = !numbers.empty();
        numbers.erase(0);  // the start-up marker, no site
        for (const std::uint32_t number : numbers) {
            reach[number].push_back(i);
        }
    }
    return ran_instrumented;
}

// OUT/baseline.json: each test's command, time and number of sites reached.
void write_baseline_record(const fs::path& path, const std::vector<TestCase>& tests,
                           const Baseline& baseline) {
    nlohmann::ordered_json record = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < tests.size(); ++i) {
        std::size_t reached = 0;
        for (const auto& [number, reaching] : baseline.reach) {
            reached += static_cast<std::size_t>(std::count(reaching.begin(), reaching.end(), i));
        }
        record.push_back({{"id", tests[i].name},
                          {"command", tests[i].command},
                          {"durationMs", baseline.durations[i].count()},
                          {"sitesReached", reached}});
    }
    mlab::write_file_atomic(path, record.dump(2) + "\n");
}

}  // namespace

mlab::ProcessOptions no_mutant_process(const TestCase& test, const NoMutantOptions& options) {
    mlab::ProcessOptions process;
    process.working_directory = test.working_directory;
    process.environment = test.environment;
    process.environment[kActiveMutantVariable] =
        std::string("0");  // not = "0": g++ 12 warns falsely (-Wrestrict)
    process.timeout = test.timeout.value_or(options.timeout);
    process.cancel = options.cancel;
    return process;
}

void check_coverage_was_recorded(const std::vector<TestCase>& tests, const std::vector<bool>& started) {
    if (std::find(started.begin(), started.end(), true) == started.end()) {
        throw mlab::InputError(fmt::format(
            "coverage self-check failed: none of the {} tests ran instrumented code with {} set, so no "
            "score can be measured (do the tests run programs of this build? does a test clear its "
            "environment?)",
            tests.size(), kCoverageFileVariable));
    }
    std::map<std::string, bool> instrumented;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const std::string& program = tests[i].command.front();
        if (started[i] || !fs::path(program).is_absolute()) {
            continue;
        }
        auto [it, inserted] = instrumented.try_emplace(program);
        if (inserted) {
            it->second = mlab::file_contains(program, kCoverageFileVariable);  // it holds the runtime
        }
        if (it->second) {
            throw mlab::InputError(fmt::format(
                "coverage self-check failed: test '{}' runs {}, which holds instrumented code, but recorded "
                "no coverage (does it clear its environment or {}?); no score measured",
                tests[i].name, program, kCoverageFileVariable));
        }
    }
}

Baseline run_baseline(std::vector<TestCase>& tests, TestRunner& runner, const BaselineOptions& options,
                      bool instrumented, const fs::path& mirrored, RunObserver& observer) {
    const auto started = std::chrono::steady_clock::now();
    observer.phase("baseline",
                   fmt::format("{} tests with no mutant active, recording coverage", tests.size()));
    const fs::path coverage_dir = options.out_dir / "coverage";
    fs::remove_all(coverage_dir);
    fs::create_directories(coverage_dir);
    Baseline baseline;
    baseline.durations.resize(tests.size());
    BaselineRuns runs(tests, runner, options, mirrored, baseline);
    runs.run_all(observer);
    if (runs.cancelled()) {
        baseline.interrupted = true;
        return baseline;
    }
    runs.throw_first_failure();
    const std::vector<bool> ran_instrumented = read_coverage(options.out_dir, tests.size(), baseline.reach);
    if (instrumented) {
        check_coverage_was_recorded(tests, ran_instrumented);
    }
    baseline.elapsed = mlab::milliseconds_since(started);
    write_baseline_record(options.out_dir / "baseline.json", tests, baseline);
    return baseline;
}

}  // namespace mutator
