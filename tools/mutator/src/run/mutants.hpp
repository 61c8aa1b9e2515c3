#pragma once
// mutator run, phase 6: the mutants, each either known already (suppressed, reached by no test, stored by an
// earlier run) or run: in parallel in the schemata build, or, for the sites the schemata could not hold,
// checked alone with -fsyntax-only and built one at a time.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <vector>

#include "baseline.hpp"
#include "estimate.hpp"
#include "execute.hpp"
#include "instrument.hpp"
#include "keys.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/results_store.hpp"
#include "mutator/run.hpp"
#include "pool.hpp"

namespace mutator {

/// What the mutants phase works on: the earlier phases' results.
struct MutantsInputs {
    std::vector<SiteState>& states;
    const std::vector<TestCase>& tests;
    const Baseline& baseline;
    const CostModel& costs;
    Instrumenter& instrumenter;
    MutantBuild& build;
    TestRunner& runner;
    ResultsStore& store;
};

struct MutantsOptions {
    unsigned jobs = 1;
    std::filesystem::path root;  // the estimate names files relative to it
    ExecuteOptions execute;
    KeyOptions keys;
};

struct MutantsDone {
    std::vector<std::optional<MutantResult>> results;  // by site; nullopt: not run (Pending)
    std::size_t reused = 0;                            // results taken from the store
    std::size_t executed = 0;                          // results found by this run
    bool interrupted = false;                          // the baseline or the mutants were
};

/// Finds the result of every selected mutant that is not known yet, storing each as it comes and telling
/// the observer. Stops soon after options.execute.cancel turns true.
MutantsDone run_mutants(const MutantsInputs& inputs, const MutantsOptions& options, RunObserver& observer);

}  // namespace mutator
