#pragma once
// mutator run, phase 5: the baseline, every test once with no mutant active, recording which sites each
// test reaches (coverage) and how long it takes.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

#include "mlab/common/process.hpp"
#include "mutator/run.hpp"
#include "mutator/test_suite.hpp"
#include "pool.hpp"

namespace mutator {

struct Baseline {
    std::vector<std::chrono::milliseconds> durations;         // per test
    std::map<std::uint32_t, std::vector<std::size_t>> reach;  // site number → tests that reach it
    std::chrono::milliseconds elapsed{0};
    bool interrupted = false;
};

/// How tests run with no mutant active (the baseline, the noise measurement).
struct NoMutantOptions {
    std::chrono::milliseconds timeout{120000};  // for tests without a CTest TIMEOUT
    const std::atomic<bool>* cancel = nullptr;
};

struct BaselineOptions {
    std::filesystem::path out_dir;  // OUT/coverage/ and OUT/baseline.json are written
    unsigned jobs = 1;
    NoMutantOptions run;
};

/// A test's process in its folder with its environment, no mutant active, within its CTest TIMEOUT (or
/// --baseline-timeout).
mlab::ProcessOptions no_mutant_process(const TestCase& test, const NoMutantOptions& options);

/// The run's self-check of its coverage: a score is only measured when the tests' programs recorded what
/// they reached. `started[i]`: test i ran instrumented code (its start-up marker, number 0, was recorded).
/// Throws mlab::InputError when they did not.
void check_coverage_was_recorded(const std::vector<TestCase>& tests, const std::vector<bool>& started);

/// Runs every test once, a test that fails beside others again alone (and from then on alone: its
/// `run_serial` is set). `instrumented`: some site is compiled in, so coverage must have been recorded;
/// `mirrored`: the folder the mutant build copies, for the message of a failing test. Throws
/// mlab::InputError when a test fails or cannot start.
Baseline run_baseline(std::vector<TestCase>& tests, TestRunner& runner, const BaselineOptions& options,
                      bool instrumented, const std::filesystem::path& mirrored, RunObserver& observer);

}  // namespace mutator
