// `mutator run`: the phases in order, each given only the options it uses (see the headers beside this).

#include "mutator/run.hpp"

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include <fmt/format.h>

#include "baseline.hpp"
#include "equivalence.hpp"
#include "estimate.hpp"
#include "instrument.hpp"
#include "keys.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/mutant_switch.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/worker_pool.hpp"
#include "mutants.hpp"
#include "output.hpp"
#include "pool.hpp"
#include "select.hpp"
#include "tests.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

// Each phase's share of the run's options.
struct PhaseOptions {
    SelectOptions select;
    TestsOptions tests;
    BaselineOptions baseline;
    NoiseOptions noise;
    MutantsOptions mutants;  // its timeout margin set once the noise is measured
    ReportOptions report;
};

PhaseOptions phase_options(const RunOptions& options, const Project& project, unsigned jobs) {
    const NoMutantOptions no_mutant{options.baseline_timeout, options.cancel};
    const ExecuteOptions execute{options.out_dir,
                                 options.fail_fast,
                                 options.batch,
                                 options.timeout_factor,
                                 options.timeout_extra.value_or(std::chrono::seconds(1)),
                                 options.cancel};
    const KeyOptions keys{options.fail_fast, options.timeout_factor, options.batch, options.timeout_extra};
    return PhaseOptions{
        {options.since, options.shard_index, options.shard_count},
        {options.test_label, options.test_command},
        {options.out_dir, jobs, no_mutant},
        {jobs, no_mutant},
        {jobs, project.root(), execute, keys},
        {project.root(), {}, options.out_dir, options.version, options_json(options), options.thresholds}};
}

/// OUT/schemata/switches.json: how to switch on each mutant the shared build holds, for new tests built
/// against it (curator generate's mutation stage).
void write_switch_table(const std::vector<SiteState>& states, const fs::path& out_dir) {
    mlab::SwitchTable table;
    for (const SiteState& state : states) {
        if (state.form == SiteState::Form::Switched) {
            table.by_id[state.site->id] = {state.number, state.function};
        }
    }
    mlab::write_switches(mlab::switches_file(out_dir), table);
}

// Survivors whose code the compiler makes the same as a plain build's, or another survivor's, set aside.
void check_equivalence(const std::vector<SiteState>& states, MutantsDone& done, const MutantBuild& build,
                       ResultsStore& store, const EquivalenceOptions& options, RunObserver& observer) {
    const auto survivors = static_cast<std::size_t>(std::count_if(
        done.results.begin(), done.results.end(), [](const std::optional<MutantResult>& result) {
            return result && result->status == MutantStatus::Survived;
        }));
    if (survivors == 0) {
        return;
    }
    observer.phase("equivalence", fmt::format("compiling the code of {} surviving mutant{}", survivors,
                                              survivors == 1 ? "" : "s"));
    const EquivalenceDone found = mark_equivalent_mutants(states, done, build, store, options, observer);
    observer.note(fmt::format(
        "equivalence: {} of {} survivors equivalent, {} duplicate{} ({} compiles, {} cached, {}){}",
        found.equivalent, found.survivors, found.duplicates, found.duplicates == 1 ? "" : "s", found.compiles,
        found.cached, duration_text(found.elapsed),
        found.unchecked == 0
            ? ""
            : fmt::format("; {} not checked (compiled in no unit the check could use)", found.unchecked)));
}

}  // namespace

std::pair<unsigned, unsigned> parse_shard(const std::string& text) {
    static const std::regex kShard(R"(^([0-9]{1,6})/([0-9]{1,6})$)");
    std::smatch match;
    if (std::regex_match(text, match, kShard)) {
        const auto k = static_cast<unsigned>(std::stoul(match[1].str()));
        const auto n = static_cast<unsigned>(std::stoul(match[2].str()));
        if (k >= 1 && k <= n) {
            return {k, n};
        }
    }
    throw mlab::InputError(fmt::format("--shard '{}': expected K/N with 1 <= K <= N, e.g. 1/4", text));
}

RunOutcome run_mutation_analysis(const Project& project, const SiteList& list, const RunOptions& given,
                                 RunObserver& observer) {
    const auto started = std::chrono::steady_clock::now();
    PhaseTimes times;
    times.scan = given.scan_time;
    // Every path absolute from here on: tests and builds run in folders of their own.
    RunOptions options = given;
    options.out_dir = fs::absolute(options.out_dir).lexically_normal();
    const unsigned jobs = mlab::jobs_or_cores(options.jobs);
    PhaseOptions phases = phase_options(options, project, jobs);
    const fs::path& mirror_root = project.repository_root();

    // Bad input first, before anything is written: an unknown label (against the user's own tests, which
    // the mutant build must list again), a build folder that is not a CMake build, a bad --since.
    const std::vector<TestCase> user_tests = users_tests(project, phases.tests);
    MutantBuild build(MutantBuildSettings{project.build_dir(), project.source_dir(), mirror_root,
                                          options.out_dir, options.build_command, jobs, options.harden});
    phases.report.build_dir = build.build_dir();
    const ChangedLines changed =
        options.since.empty() ? ChangedLines{} : changed_lines_since(project.root(), options.since);
    OutputFolder folder(options.out_dir, phases.report.config.dump(), options.resume);

    // Phase 1: select.
    observer.phase("select", "choosing the mutants of this run");
    std::vector<SiteState> states =
        number_sites(select_sites(list, changed, phases.select), folder.store(), project.root(), mirror_root);
    // Each phase's time from the end of the one before (one clock reading between two phases): its own
    // bookkeeping counts too.
    auto phase_started = started;
    const auto next_phase = [&phase_started](std::chrono::milliseconds& time) {
        const auto now = std::chrono::steady_clock::now();
        time = std::chrono::duration_cast<std::chrono::milliseconds>(now - phase_started);
        phase_started = now;
    };
    next_phase(times.select);

    // Phases 2 and 3: instrument and build.
    fs::remove(mlab::switches_file(options.out_dir));  // written again once the shared build is final
    Instrumenter instrumenter(states, build.runtime_header());
    build_with_schemata(build, instrumenter, options.out_dir, observer);
    next_phase(times.build);

    // Phases 4 and 5: tests, baseline and coverage; the noise of the tests' times sets the timeout margin.
    std::vector<TestCase> tests = find_tests(project, build, phases.tests, user_tests, observer);
    next_phase(times.tests);
    TestRunner runner(jobs, options.out_dir / "tmp");
    const Baseline baseline =
        run_baseline(tests, runner, phases.baseline, instrumenter.any_instrumented(), mirror_root, observer);
    Noise noise;
    if (!baseline.interrupted) {
        noise = measure_noise(tests, baseline, runner, phases.noise);
        phases.mutants.execute.margin =
            timeout_margin(noise, options.timeout_extra, options.timeout_factor, observer);
    }
    const CostModel costs(tests, baseline, options.batch, noise.speed);
    next_phase(times.baseline);

    // Phase 6: execute what is not known yet. From here on an interrupted run can be resumed.
    folder.mark_running();
    MutantsDone done =
        run_mutants({states, tests, baseline, costs, instrumenter, build, runner, folder.store()},
                    phases.mutants, observer);
    if (!done.interrupted) {
        write_switch_table(states, options.out_dir);
    }
    next_phase(times.mutants);
    if (options.equivalence && !done.interrupted) {
        check_equivalence(states, done, build, folder.store(),
                          {jobs, options.cancel, build.added_flags(), &instrumenter.originals()}, observer);
    }
    next_phase(times.equivalence);

    // Phase 7: report. An interrupted run still reports what it found; the rest is Pending.
    RunOutcome outcome = report_run(states, done, std::move(tests), times, phase_started, phases.report);
    if (!outcome.interrupted) {
        folder.mark_finished();
    }
    return outcome;
}

}  // namespace mutator
