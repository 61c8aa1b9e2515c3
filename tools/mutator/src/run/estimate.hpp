#pragma once
// mutator run, between the baseline and the mutants: the noise of the tests' times (the timeout margin),
// the cost model (each mutant's expected time) and the estimate the run prints.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "baseline.hpp"
#include "mutator/run.hpp"
#include "mutator/test_suite.hpp"
#include "pool.hpp"

namespace mutator {

/// How much the tests' times vary, and how fast they run with no coverage recorded: a few tests run twice
/// more with no mutant active. The timeout margin grows with the noise (a flat second would dominate tests
/// that take milliseconds); the speed turns the baseline's times into the mutant runs' expected times.
struct Noise {
    std::chrono::milliseconds spread{0};  // the largest difference between two runs of one test
    double speed = 1.0;                   // run time without coverage ÷ baseline time (median)
    std::size_t sampled = 0;
};

struct NoiseOptions {
    unsigned jobs = 1;
    NoMutantOptions run;
};

Noise measure_noise(const std::vector<TestCase>& tests, const Baseline& baseline, TestRunner& runner,
                    const NoiseOptions& options);

/// The timeout margin the measured noise asks for: 4 × its spread, from 200 ms to 5 s.
std::chrono::milliseconds margin_for(const Noise& noise);

/// The margin of this run: the one the user gave, else margin_for(noise), which it tells as info.
std::chrono::milliseconds timeout_margin(const Noise& noise, std::optional<std::chrono::milliseconds> given,
                                         double timeout_factor, RunObserver& observer);

/// The expected cost of running `covering` for one mutant: each test's baseline time, where TESTs sharing
/// one process pay the program's start-up once.
class CostModel {
  public:
    CostModel(const std::vector<TestCase>& tests, const Baseline& baseline, bool batch, double speed);

    /// The expected time of the mutant runs of `covering` (without coverage recorded).
    std::chrono::milliseconds cost(const std::vector<std::size_t>& covering) const;

    /// The same at the baseline's speed (with coverage recorded): what a limit is measured against.
    double baseline_time(const std::vector<std::size_t>& covering) const;

  private:
    const std::vector<TestCase>& tests_;
    const Baseline& baseline_;
    bool batch_;
    double speed_;
    std::map<std::string, std::chrono::milliseconds> start_up_;
};

/// Right after the baseline: what the run will cost (see estimate_notes), told as info.
void print_estimate(const std::vector<PlannedMutant>& planned, unsigned jobs, RunObserver& observer);

}  // namespace mutator
