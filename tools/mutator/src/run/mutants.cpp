// mutator run, phase 6: the mutants.

#include "mutants.hpp"

#include <algorithm>
#include <mutex>

#include <fmt/format.h>

#include "mlab/common/process.hpp"
#include "mutator/schemata.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

using Queue = std::vector<std::pair<std::size_t, Job>>;  // a site's index and its job

class MutantsPhase {
  public:
    MutantsPhase(const MutantsInputs& in, const MutantsOptions& options, RunObserver& observer)
        : in_(in),
          options_(options),
          observer_(observer),
          results_(in.states.size()),
          expected_(in.states.size(), std::chrono::milliseconds(0)) {
        progress_.total = in.states.size();
    }

    bool cancelled() const { return options_.execute.cancel != nullptr && options_.execute.cancel->load(); }

    // Each mutant known already is finished; the others are queued: in the schemata build, or a fallback.
    void plan() {
        ResultKeys keys(in_.tests, in_.instrumenter.originals(), options_.keys);
        std::vector<std::size_t> order(in_.tests.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return in_.baseline.durations[a] < in_.baseline.durations[b];
        });
        observer_.phase("mutants", fmt::format("{} mutants; {} tests, {} jobs", in_.states.size(),
                                               in_.tests.size(), options_.jobs));
        for (std::size_t i = 0; i < in_.states.size() && !in_.baseline.interrupted; ++i) {
            plan_one(i, keys, order);
        }
        if (reused_ > 0) {
            observer_.note(
                fmt::format("{} results reused from earlier runs (same code, tests and options)", reused_));
        }
        std::vector<PlannedMutant> planned;
        for (const auto& [index, job] : queued_) {
            planned.push_back(
                {job.state->original.lexically_relative(options_.root).string(), job.cost, job.tests.size()});
        }
        print_estimate(planned, options_.jobs, observer_);
    }

    void run_queued(Executor& executor) {
        parallel_for(
            queued_.size(), options_.jobs,
            [&](std::size_t q) {
                const auto& [index, job] = queued_[q];
                if (const std::optional<MutantResult> result = executor.run(job)) {
                    save_and_finish(index, job.key, *result);
                }
            },
            [&] { return cancelled(); });
    }

    // Sites the schemata could not hold. First each alone, syntax only and in parallel: a mutant that does
    // not compile is a CompileError in well under a second, without a build. Then the rest, one build
    // each (incremental: only the mutant's unit and what links it).
    void run_fallback(Executor& executor) {
        if (fallback_.empty() || cancelled()) {
            return;
        }
        observer_.note(
            fmt::format("{} mutants did not compile in the shared build; checking each alone "
                        "(syntax only), then building the ones that compile",
                        fallback_.size()));
        Queue to_build = check_syntax_alone();
        if (!to_build.empty()) {
            observer_.note(
                fmt::format("{} mutants compile alone; building each on its own", to_build.size()));
        }
        build_each_alone(to_build, executor);
    }

    MutantsDone done() {
        MutantsDone done;
        done.results = std::move(results_);
        done.reused = reused_;
        done.executed = progress_.done - reused_;
        done.interrupted = in_.baseline.interrupted || cancelled();
        return done;
    }

  private:
    void plan_one(std::size_t i, ResultKeys& keys, const std::vector<std::size_t>& order) {
        SiteState& state = in_.states[i];
        if (state.site->suppressed) {
            MutantResult ignored;
            ignored.status = MutantStatus::Ignored;
            ignored.reason = "switched off by a 'mutator:' comment in the source";
            finish(i, ignored, false);
            return;
        }
        Job job;
        job.state = &state;
        job.schemata = state.form == SiteState::Form::Switched;
        job.tests = covering_tests(state, order);
        job.key = keys.key(state, job.tests, job.schemata);
        if (job.tests.empty()) {
            MutantResult uncovered;
            uncovered.status = MutantStatus::NoCoverage;
            uncovered.reason = "no test reaches this code";
            save_and_finish(i, job.key, uncovered);
            return;
        }
        if (const std::optional<MutantResult> stored = in_.store.find(state.site->id, job.key)) {
            ++reused_;
            finish(i, *stored, true);
            return;
        }
        job.cost = in_.costs.cost(job.tests);
        {
            const std::lock_guard lock(progress_mutex_);
            expected_[i] = job.cost;
            progress_.cost_total += job.cost;
        }
        (job.schemata ? queued_ : fallback_).emplace_back(i, std::move(job));
    }

    // The tests that reach the site, in `order`; a dropped site has no probe: every test might reach it.
    std::vector<std::size_t> covering_tests(const SiteState& state,
                                            const std::vector<std::size_t>& order) const {
        std::vector<std::size_t> covering;
        const auto reach = in_.baseline.reach.find(state.number);
        for (const std::size_t index : order) {
            const bool reaches =
                reach != in_.baseline.reach.end() &&
                std::find(reach->second.begin(), reach->second.end(), index) != reach->second.end();
            if (reaches || state.form == SiteState::Form::Dropped) {
                covering.push_back(index);
            }
        }
        return covering;
    }

    // Records a CompileError for each fallback whose syntax check fails; returns the ones to build.
    Queue check_syntax_alone() {
        std::vector<std::optional<std::string>> syntax(fallback_.size());
        std::vector<char> checked(fallback_.size(), 0);  // not vector<bool>: written from several threads
        parallel_for(
            fallback_.size(), options_.jobs,
            [&](std::size_t f) {
                const SiteState& state = in_.states[fallback_[f].first];
                try {
                    syntax[f] =
                        in_.build.syntax_error(state.original, one_mutant(state), static_cast<unsigned>(f));
                    checked[f] = 1;
                } catch (const std::out_of_range&) {
                    // A header: only a build of the units that include it can tell.
                }
            },
            [&] { return cancelled(); });
        Queue to_build;
        for (std::size_t f = 0; f < fallback_.size(); ++f) {
            if (checked[f] && syntax[f]) {
                MutantResult broken;
                broken.status = MutantStatus::CompileError;
                broken.reason = *syntax[f];
                save_and_finish(fallback_[f].first, fallback_[f].second.key, broken);
            } else if (checked[f] || !cancelled()) {
                to_build.push_back(std::move(fallback_[f]));
            }
        }
        return to_build;
    }

    void build_each_alone(const Queue& to_build, Executor& executor) {
        const std::map<fs::path, std::string> schemata_files = in_.instrumenter.render();
        for (const auto& [index, job] : to_build) {
            if (cancelled()) {
                break;
            }
            const SiteState& state = in_.states[index];
            in_.build.write_mirrored(state.original, one_mutant(state));
            const BuildAttempt attempt = in_.build.build();
            if (!attempt.succeeded) {
                MutantResult broken;
                broken.status = MutantStatus::CompileError;
                broken.reason = first_error(attempt.output);
                save_and_finish(index, job.key, broken);
            } else if (const std::optional<MutantResult> result = executor.run(job)) {
                save_and_finish(index, job.key, *result);
            }
            in_.build.write_mirrored(state.original, schemata_files.at(state.original));
        }
        if (!to_build.empty()) {
            // The shared build back as the schemata hold it: other tools run new tests against it
            // (mlab/common/mutant_switch.hpp), and the next run starts from it.
            in_.build.build();
        }
    }

    // The site's file with only this mutant applied.
    std::string one_mutant(const SiteState& state) const {
        return rewrite_with_one_mutant(in_.instrumenter.originals().at(state.original), *state.site,
                                       state.original.string());
    }

    void finish(std::size_t index, const MutantResult& result, bool reused) {
        const std::lock_guard lock(progress_mutex_);
        results_[index] = result;
        counts_.add(result.status);
        ++progress_.done;
        progress_.cost_done += expected_[index];
        observer_.mutant_done(*in_.states[index].site, result, progress_, counts_, reused);
    }

    void save_and_finish(std::size_t index, const std::string& key, const MutantResult& result) {
        in_.store.save(in_.states[index].site->id, key, result);
        finish(index, result, false);
    }

    const MutantsInputs& in_;
    const MutantsOptions& options_;
    RunObserver& observer_;
    std::vector<std::optional<MutantResult>> results_;
    std::vector<std::chrono::milliseconds> expected_;
    std::mutex progress_mutex_;
    ScoreCounts counts_;
    RunProgress progress_;
    std::size_t reused_ = 0;
    Queue queued_, fallback_;
};

}  // namespace

MutantsDone run_mutants(const MutantsInputs& inputs, const MutantsOptions& options, RunObserver& observer) {
    Executor executor(inputs.tests, inputs.baseline, options.execute, inputs.runner, inputs.costs);
    MutantsPhase phase(inputs, options, observer);
    phase.plan();
    phase.run_queued(executor);
    phase.run_fallback(executor);
    return phase.done();
}

}  // namespace mutator
