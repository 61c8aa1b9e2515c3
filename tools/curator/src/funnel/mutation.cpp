// The funnel's mutation stage: the passing tests built against the shared mutant build of a `mutator run`
// (its libraries hold every mutant behind a switch), run once to record the mutants they reach, then with
// each of those switched on (mlab/common/mutant_switch.hpp). Nothing is built but the new tests.

#include <algorithm>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "funnel/phases.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/mutant_switch.hpp"
#include "mlab/common/worker_pool.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

namespace {

/// The mutants of the sources under test in the run's report, by id.
std::map<std::string, const mlab::MutantView*> mutants_of_sources(const MutationInput& input) {
    std::map<std::string, const mlab::MutantView*> mutants;
    for (const fs::path& source : input.settings.source_files) {
        if (const mlab::FileView* file = input.run.file_of(source)) {
            for (const mlab::MutantView& mutant : file->mutants) {
                mutants[mutant.id] = &mutant;
            }
        }
    }
    return mutants;
}

/// What the run's own tests kill among the sources' mutants (the review compares new tests with them).
void read_existing_kills(const std::map<std::string, const mlab::MutantView*>& mutants,
                         FunnelResult& result) {
    for (const auto& [id, mutant] : mutants) {
        for (const std::string& test : mutant->killed_by) {
            result.existing_kills[test].push_back(id);
        }
    }
}

/// The candidates' program linked against the mutant build, or empty (with a note) when it cannot be.
fs::path build_against_mutants(const MutationInput& input, const fs::path& dir,
                               std::vector<std::string>& notes) {
    try {
        const CMakeProject mutant_build = CMakeProject::open(input.run.build_dir());
        const std::optional<fs::path> relative =
            mlab::relative_inside(input.settings.existing_tests, input.project.source_dir());
        const fs::path host =
            mlab::canonical_or_same(mutant_build.source_dir() / relative.value_or(fs::path()));
        const TargetOfFile target = mutant_build.target_of(host);
        std::vector<TestEvidence> scratch(input.extraction.tests.size());
        Compiled compiled =
            compile_candidates({input.extraction, target.compile, host, dir, input.passing, {}}, scratch);
        const std::optional<fs::path> replaced =
            mlab::relative_inside(input.settings.stands_for, input.project.source_dir());
        const TargetObjects others = compile_target_objects(
            target,
            {host, mlab::canonical_or_same(mutant_build.source_dir() / replaced.value_or(fs::path()))},
            input.settings.object_cache, input.settings.jobs);
        const fs::path binary =
            link_candidates({target, compiled.object, others, {}, dir}, compiled.built, scratch);
        for (std::size_t t = 0; t < scratch.size(); ++t) {
            if (input.passing[t] && !compiled.built[t]) {
                notes.push_back(
                    fmt::format("mutants not checked: the new tests do not build against the "
                                "mutant build in {}: {}",
                                input.run.build_dir().string(), scratch[t].problem));
                return {};
            }
        }
        return binary;
    } catch (const std::exception& error) {
        notes.push_back(std::string("mutants not checked: ") + error.what());
        return {};
    }
}

struct Check {
    std::size_t test;
    std::string mutant;
};

/// Each passing test run once with coverage recorded: the mutants of the sources it reaches, as checks.
std::vector<Check> reached_mutants(const MutationInput& input, const fs::path& binary, const fs::path& dir,
                                   const std::map<std::string, const mlab::MutantView*>& mutants) {
    std::map<std::uint32_t, std::string> by_number;
    for (const auto& [id, mutant] : input.run.switches->by_id) {
        if (mutants.count(id) > 0) {
            by_number[mutant.number] = id;
        }
    }
    const std::size_t count = input.extraction.tests.size();
    std::vector<std::vector<std::string>> reached(count);
    mlab::parallel_for(count, run_jobs(input.settings.place, input.settings.jobs), [&](std::size_t t) {
        if (!input.passing[t]) {
            return;
        }
        const fs::path coverage = dir / fmt::format("reached-{}.txt", t);
        run_one(binary, input.settings.place, input.extraction.tests[t],
                run_folder(input.settings.place, dir, t), input.settings.test_timeout,
                {{mlab::kCoverageFileVariable, coverage.string()}});
        for (const std::uint32_t number : mlab::read_coverage_file(coverage)) {
            if (const auto found = by_number.find(number); found != by_number.end()) {
                reached[t].push_back(found->second);
            }
        }
    });
    std::vector<Check> checks;
    for (std::size_t t = 0; t < count; ++t) {
        for (const std::string& mutant : reached[t]) {
            checks.push_back({t, mutant});
        }
    }
    return checks;
}

/// Each check's test run with its mutant switched on: a failure, a crash or a hang kills it.
std::vector<bool> run_checks(const MutationInput& input, const fs::path& binary, const fs::path& dir,
                             const std::vector<Check>& checks, const std::vector<TestEvidence>& tests) {
    std::vector<bool> killed(checks.size(), false);
    const auto& progress = input.settings.progress;
    if (progress) {
        progress(fmt::format("mutation: {} run{}, each test with one mutant it reaches switched on",
                             checks.size(), checks.size() == 1 ? "" : "s"));
    }
    std::mutex done_mutex;
    std::size_t done = 0;
    mlab::parallel_for(
        checks.size(), run_jobs(input.settings.place, input.settings.jobs), [&](std::size_t c) {
            const Check& check = checks[c];
            const auto limit = std::min(input.settings.test_timeout,
                                        3 * tests[check.test].run_time + std::chrono::milliseconds(1000));
            const RunOutcome outcome =
                run_one(binary, input.settings.place, input.extraction.tests[check.test],
                        run_folder(input.settings.place, dir, check.test), limit,
                        mlab::switch_environment(input.run.switches->by_id.at(check.mutant)));
            killed[c] = outcome.kind != RunOutcome::Kind::passed && outcome.kind != RunOutcome::Kind::not_run;
            const std::lock_guard<std::mutex> lock(done_mutex);
            ++done;
            // A quarter at a time, when there are enough runs for it to matter.
            if (progress && checks.size() >= 40 && done % (checks.size() / 4) == 0 && done < checks.size()) {
                progress(fmt::format("mutation: {} of {} runs done", done, checks.size()));
            }
        });
    return killed;
}

/// The kills, the unique kills (the report has the mutant undetected) and the new sites of each test.
void credit(const std::vector<Check>& checks, const std::vector<bool>& killed,
            const std::map<std::string, const mlab::MutantView*>& mutants, FunnelResult& result) {
    for (std::size_t c = 0; c < checks.size(); ++c) {
        const mlab::MutantView& mutant = *mutants.at(checks[c].mutant);
        TestEvidence& evidence = result.tests[checks[c].test];
        if (mutant.status == mlab::MutantStatus::NoCoverage) {
            evidence.new_sites.push_back(mutant.id);
        }
        if (!killed[c]) {
            continue;
        }
        evidence.kills.push_back(mutant.id);
        if (mutant.undetected()) {
            evidence.unique_kills.push_back(mutant.id);
            evidence.unique_kill_labels.push_back(mutant_label(mutant));
        }
    }
}

/// A note on the undetected mutants the shared build does not hold (mutator run built them alone).
void note_unswitched(const MutantRun& run, const std::map<std::string, const mlab::MutantView*>& mutants,
                     std::vector<std::string>& notes) {
    const auto unswitched =
        static_cast<std::size_t>(std::count_if(mutants.begin(), mutants.end(), [&](const auto& entry) {
            return entry.second->undetected() && run.switches->by_id.count(entry.first) == 0;
        }));
    if (unswitched > 0) {
        notes.push_back(
            fmt::format("{} undetected mutant{} of the sources not checked: the shared build does "
                        "not hold {} (mutator run built {} on its own)",
                        unswitched, unswitched == 1 ? "" : "s", unswitched == 1 ? "it" : "them",
                        unswitched == 1 ? "it" : "them"));
    }
}

}  // namespace

void mutation_stage(const MutationInput& input, FunnelResult& result) {
    const MutantRun& run = input.run;
    result.mutation_report = run.report_file.string();
    const std::map<std::string, const mlab::MutantView*> mutants = mutants_of_sources(input);
    result.existing_kills.clear();
    read_existing_kills(mutants, result);
    if (!run.switches) {
        result.notes.push_back(fmt::format(
            "mutants not checked: {} has no shared mutant build beside it (give --mutants the run's --out "
            "folder)",
            run.report_file.string()));
        return;
    }
    const fs::path dir = input.settings.scratch_dir / "mutation";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path binary = build_against_mutants(input, dir, result.notes);
    if (binary.empty()) {
        return;
    }
    const std::vector<Check> checks = reached_mutants(input, binary, dir, mutants);
    const std::vector<bool> killed = run_checks(input, binary, dir, checks, result.tests);
    for (std::size_t t = 0; t < input.extraction.tests.size(); ++t) {
        if (input.passing[t]) {
            result.tests[t].mutation_measured = true;  // the others keep what an earlier round measured
        }
    }
    credit(checks, killed, mutants, result);
    note_unswitched(run, mutants, result.notes);
}

}  // namespace curator::funnel_phases
