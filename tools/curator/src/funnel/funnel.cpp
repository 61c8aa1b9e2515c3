// The validation funnel's order of phases: find duplicates, compile, link, run, line coverage, mutation. Each
// phase is in a file of its own beside this one (phases.hpp).

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

std::string gtest_filter(const ExtractedTest& test) {
    if (test.macro == "TEST_P") {  // an instantiation's prefix may be empty: `Suite.Name/0`
        return fmt::format("*/{0}.{1}/*:{0}.{1}/*", test.suite, test.name);
    }
    if (test.macro == "TYPED_TEST") {
        return fmt::format("{0}/*.{1}", test.suite, test.name);
    }
    if (test.macro == "TYPED_TEST_P") {
        return fmt::format("*/{0}/*.{1}:{0}/*.{1}", test.suite, test.name);  // the prefix may be empty
    }
    return test_id(test);
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

/// The tests the mutation stage takes: the included ones that passed every run.
std::vector<bool> passing_tests(const std::vector<TestEvidence>& tests, const std::vector<bool>& included) {
    std::vector<bool> passing(tests.size());
    for (std::size_t t = 0; t < tests.size(); ++t) {
        passing[t] = included[t] && tests[t].verdict == Verdict::passed;
    }
    return passing;
}

// A phase done. After Ctrl-C its children were killed, so what it found is not a result: stop here.
void add_phase(FunnelResult& result, std::string name, Clock::time_point started) {
    mlab::stop_if_interrupted();
    result.phases.push_back({std::move(name), mlab::milliseconds_since(started)});
}

/// The included tests' evidence reset: this pass judges them again.
void reset_included(const std::vector<bool>& included, std::vector<TestEvidence>& tests) {
    for (std::size_t t = 0; t < tests.size(); ++t) {
        if (included[t]) {
            TestEvidence fresh;
            fresh.round = tests[t].round;
            fresh.repaired_in = tests[t].repaired_in;
            tests[t] = fresh;
        }
    }
}

}  // namespace

std::size_t TestEvidence::lines_run() const {
    std::size_t count = 0;
    for (const std::vector<unsigned>& file : lines) {
        count += file.size();
    }
    return count;
}

std::size_t TestEvidence::new_lines_run() const {
    std::size_t count = 0;
    for (const std::vector<unsigned>& file : new_lines) {
        count += file.size();
    }
    return count;
}

void run_funnel(const FunnelInput& input, FunnelResult& result) {
    const FunnelSettings& settings = input.settings;
    const std::size_t count = input.extraction.tests.size();
    const std::vector<bool> included =
        input.included.empty() ? std::vector<bool>(count, true) : input.included;
    const auto tell = [&settings](const std::string& line) {
        if (settings.progress) {
            settings.progress(line);
        }
    };
    const auto judged = static_cast<std::size_t>(std::count(included.begin(), included.end(), true));
    result.tests.resize(count);
    reset_included(included, result.tests);
    const fs::path scratch = settings.scratch_dir / "candidates";
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    mark_duplicates(input.existing_tests, input.extraction, result.tests);

    tell(fmt::format("compiling {} test{}", judged, judged == 1 ? "" : "s"));
    auto started = Clock::now();
    Compiled compiled = compile_candidates({input.extraction, input.target.compile, settings.existing_tests,
                                            scratch, included, settings.compile_log},
                                           result.tests);
    if (!compiled.log.empty()) {
        result.compile_log = compiled.log.string();
    }
    add_phase(result, fmt::format("compile ({} pass{})", compiled.passes, compiled.passes == 1 ? "" : "es"),
              started);

    started = Clock::now();
    std::vector<fs::path> instrumented;
    std::vector<fs::path> skipped{settings.existing_tests, settings.stands_for};  // in the candidates' unit
    for (const SourceCoverage& source : input.coverage.sources) {
        instrumented.push_back(source.object);
        skipped.push_back(source.file);  // a source the test program compiles itself: instrumented instead
    }
    const TargetObjects others =
        compile_target_objects(input.target, skipped, settings.object_cache, settings.jobs);
    const fs::path binary = link_candidates({input.target, compiled.object, others, instrumented, scratch},
                                            compiled.built, result.tests);
    add_phase(result, "link", started);

    tell(fmt::format(
        "running the tests that built, {} time{} each{}{}", settings.runs, settings.runs == 1 ? "" : "s",
        input.coverage.measured ? ", with line coverage" : "",
        settings.place.directory.empty()
            ? std::string()
            : fmt::format(", in {} ({})", settings.place.directory.string(), settings.place.origin)));
    started = Clock::now();
    const fs::path gcov_root = input.coverage.measured ? scratch / "gcov" : fs::path();
    run_candidates({input.extraction, compiled.built, binary, scratch, settings.place, gcov_root,
                    settings.runs, settings.test_timeout, settings.jobs},
                   result.tests);
    add_phase(result, "run", started);
    if (input.coverage.measured) {
        started = Clock::now();
        measure_coverage({compiled.built, gcov_root, input.coverage}, result.tests);
        add_phase(result, "coverage", started);
    }

    const std::vector<bool> passing = passing_tests(result.tests, included);
    if (input.mutants != nullptr && std::count(passing.begin(), passing.end(), true) > 0) {
        started = Clock::now();
        if (const MutantRun* run = input.mutants->get(result.notes)) {
            const auto passed = std::count(passing.begin(), passing.end(), true);
            tell(fmt::format("mutation: {} passing test{} against the mutants of {}", passed,
                             passed == 1 ? "" : "s", run->report_file.parent_path().string()));
            mutation_stage({input.project, input.extraction, passing, settings, *run}, result);
        }
        add_phase(result, "mutation", started);
    }
}

}  // namespace curator
