// The validation funnel's order of phases: build the target, find duplicates, compile, link, run, line
// coverage, mutation. Each phase is in a file of its own beside this one (phases.hpp).

#include "curator/funnel.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "funnel/phases.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::compile_error:
            return "compile_error";
        case Verdict::link_error:
            return "link_error";
        case Verdict::crashed:
            return "crashed";
        case Verdict::timed_out:
            return "timed_out";
        case Verdict::failed:
            return "fails_on_current_code";
        case Verdict::flaky:
            return "flaky";
        case Verdict::passed:
            return "passed";
    }
    return "unknown";
}

namespace funnel_phases {

std::string test_id(const ExtractedTest& test) {
    return test.suite + "." + test.name;
}

}  // namespace funnel_phases

namespace {
using namespace funnel_phases;

/// Duplicates: an existing test with the same body, whitespace aside.
void mark_duplicates(const std::vector<ExtractedTest>& existing_tests, const Extraction& extraction,
                     std::vector<TestEvidence>& tests) {
    std::map<std::string, std::string> existing_bodies;
    for (const ExtractedTest& test : existing_tests) {
        existing_bodies.emplace(mlab::fold_whitespace(test.body), test_id(test));
    }
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const auto found = existing_bodies.find(mlab::fold_whitespace(extraction.tests[t].body));
        if (found != existing_bodies.end()) {
            tests[t].duplicate_of = found->second;
        }
    }
}

/// The tests the mutation stage takes: those that passed every run.
std::vector<bool> passing_tests(const std::vector<TestEvidence>& tests) {
    std::vector<bool> passing(tests.size());
    for (std::size_t t = 0; t < tests.size(); ++t) {
        passing[t] = tests[t].verdict == Verdict::passed;
    }
    return passing;
}

// A phase done. After Ctrl-C its children were killed, so what it found is not a result: stop here.
void add_phase(FunnelResult& result, std::string name, Clock::time_point started) {
    mlab::stop_if_interrupted();
    result.phases.push_back({std::move(name), mlab::milliseconds_since(started)});
}

struct CompilePhase {
    Compiled compiled;
    std::optional<Instrumented> instrumented;  // nullopt: no line coverage
};

/// The candidates compiled; beside them (once, cached) the existing tests and the instrumented source.
CompilePhase compile_phase(const CMakeProject& project, const TargetOfFile& target,
                           const Extraction& extraction, const FunnelSettings& settings,
                           FunnelResult& result) {
    const auto started = Clock::now();
    const std::optional<TargetOfFile> source_target = coverage_target(project, settings, result.notes);
    InstrumentedBuild instrumenting;
    if (source_target) {
        instrumenting = start_instrumented({target.compile, source_target->compile, settings.existing_tests,
                                            settings.source_file, settings.object_cache});
    }
    CompilePhase phase{compile_candidates({extraction, target.compile, settings.scratch_dir}, result.tests),
                       {}};
    if (source_target) {
        phase.instrumented = finish_instrumented(instrumenting, result.notes);
    }
    const int passes = phase.compiled.passes;
    add_phase(result, fmt::format("compile ({} pass{})", passes, passes == 1 ? "" : "es"), started);
    return phase;
}

}  // namespace

FunnelResult run_funnel(const CMakeProject& project, const TargetOfFile& target,
                        const std::vector<ExtractedTest>& existing_tests, const Extraction& extraction,
                        const FunnelSettings& settings) {
    FunnelResult result;
    result.tests.resize(extraction.tests.size());
    fs::remove_all(settings.scratch_dir);
    fs::create_directories(settings.scratch_dir);
    auto started = Clock::now();
    build_target(project, target.target, settings.jobs);
    add_phase(result, "build " + target.target, started);
    mark_duplicates(existing_tests, extraction, result.tests);

    auto [compiled, instrumented] = compile_phase(project, target, extraction, settings, result);

    started = Clock::now();
    const Linked linked = link_programs(
        {target, compiled.object, instrumented ? &*instrumented : nullptr, settings.scratch_dir},
        compiled.built, result.tests);
    if (instrumented && !linked.existing_linked) {
        result.notes.push_back(
            "no line coverage: the existing tests did not link with the instrumented source");
        instrumented.reset();
    }
    add_phase(result, "link", started);

    started = Clock::now();
    const fs::path gcov_root = instrumented ? settings.scratch_dir / "gcov" : fs::path();
    run_candidates(
        {extraction, compiled.built, linked.binary, settings.scratch_dir, gcov_root, settings.runs,
         settings.test_timeout, settings.jobs},
        [&] {
            if (instrumented) {
                run_existing_tests(linked.existing_binary, settings.scratch_dir, gcov_root);
            }
        },
        result.tests);
    add_phase(result, "run", started);
    if (instrumented) {
        started = Clock::now();
        measure_coverage({compiled.built, gcov_root, instrumented->source.path, settings.source_file},
                         result);
        add_phase(result, "coverage", started);
    }

    const std::vector<bool> passing = passing_tests(result.tests);
    if (!settings.mutator.empty() && std::count(passing.begin(), passing.end(), true) > 0) {
        started = Clock::now();
        mutation_stage({project, target, extraction, passing, settings}, result);
        add_phase(result, "mutation", started);
    }
    return result;
}

}  // namespace curator
