// mutator run, phase 6: execute one mutant.

#include "execute.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/schemata.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

// The mutant's status and reason from what its tests found.
void conclude(const Tally& tally, MutantResult& result) {
    if (!tally.killers.empty()) {
        result.status = MutantStatus::Killed;
        // The first killer by name, preferring a crash: the same reason whatever order tests ran in.
        result.reason = tally.kill_reasons.begin()->second;
        for (const auto& [name, reason] : tally.kill_reasons) {
            if (reason.find(": signal ") != std::string::npos) {
                result.reason = reason;
                break;
            }
        }
    } else if (!tally.timeout_reason.empty()) {
        result.status = MutantStatus::Timeout;
        result.reason = tally.timeout_reason;
    } else if (!tally.runtime_reason.empty()) {
        result.status = MutantStatus::RuntimeError;
        result.reason = tally.runtime_reason;
    } else {
        result.status = MutantStatus::Survived;
    }
}

// gtest's JSON report of a batch, removed once read; empty when the process wrote none.
std::string take_report(const fs::path& json) {
    std::string report;
    std::error_code ignored;
    if (fs::exists(json, ignored)) {
        try {
            report = mlab::read_file(json);
        } catch (const mlab::FileError&) {
        }
        fs::remove(json, ignored);
    }
    return report;
}

}  // namespace

std::optional<MutantResult> Executor::run(const Job& job) {
    MutantResult result;
    Tally tally;
    for (const std::vector<std::size_t>& unit : units_of(job)) {
        const bool done = unit.size() == 1 ? run_alone(job, unit.front(), result, tally)
                                           : run_batch(job, unit, result, tally);
        if (!done) {
            return std::nullopt;
        }
        if (tally.hung() || (options_.fail_fast && !tally.killers.empty())) {
            break;
        }
    }
    remember_killers(job, tally.killers);
    for (const std::size_t index : job.tests) {
        result.covered_by.push_back(tests_[index].name);
    }
    std::sort(result.covered_by.begin(), result.covered_by.end());
    std::sort(tally.killers.begin(), tally.killers.end());
    result.killed_by = tally.killers;
    conclude(tally, result);
    return result;
}

std::chrono::milliseconds Executor::limit(const std::vector<std::size_t>& indices) const {
    const double time = indices.size() == 1
                            ? static_cast<double>(baseline_.durations[indices.front()].count())
                            : costs_.baseline_time(indices);
    return std::chrono::milliseconds(static_cast<long>(time * options_.timeout_factor)) + options_.margin;
}

// The order the tests run in: first those that killed the last mutant of the same file (neighbours break
// the same way), then the fastest; TESTs of one gtest program share a unit (one process).
std::vector<std::vector<std::size_t>> Executor::units_of(const Job& job) {
    std::vector<std::size_t> ordered = job.tests;
    {
        const std::lock_guard lock(killers_mutex_);
        const auto it = recent_killers_.find(job.state->original);
        if (it != recent_killers_.end()) {
            std::stable_partition(ordered.begin(), ordered.end(),
                                  [&](std::size_t index) { return it->second.count(index) > 0; });
        }
    }
    std::vector<std::vector<std::size_t>> units;
    std::map<std::string, std::size_t> unit_of_key;
    for (const std::size_t index : ordered) {
        const std::string& key = tests_[index].batch_key;
        if (!options_.batch || key.empty()) {
            units.push_back({index});
            continue;
        }
        const auto [it, inserted] = unit_of_key.try_emplace(key, units.size());
        if (inserted) {
            units.emplace_back();
        }
        units[it->second].push_back(index);
    }
    return units;
}

void Executor::remember_killers(const Job& job, const std::vector<std::string>& killers) {
    std::set<std::size_t> indices;
    for (const std::size_t index : job.tests) {
        if (std::find(killers.begin(), killers.end(), tests_[index].name) != killers.end()) {
            indices.insert(index);
        }
    }
    const std::lock_guard lock(killers_mutex_);
    recent_killers_[job.state->original] = std::move(indices);
}

mlab::ProcessOptions Executor::process_for(const Job& job, const TestCase& test) const {
    mlab::ProcessOptions process;
    process.working_directory = test.working_directory;
    process.environment = test.environment;
    process.environment[kActiveMutantVariable] = job.schemata ? std::to_string(job.state->number) : "0";
    process.environment[kActiveFunctionVariable] = job.schemata ? std::to_string(job.state->function) : "0";
    process.cancel = options_.cancel;
    return process;
}

void Executor::add(Tally& tally, std::size_t index, const TestOutcome& outcome) const {
    const TestCase& test = tests_[index];
    switch (outcome.verdict) {
        case TestVerdict::Failed:
        case TestVerdict::Crashed:
            tally.killers.push_back(test.name);
            tally.kill_reasons.emplace(test.name, fmt::format("{}: {}", test.name, outcome.reason));
            break;
        case TestVerdict::TimedOut:
            ++tally.timeouts;
            if (tally.timeout_reason.empty()) {
                tally.timeout_reason =
                    fmt::format("{} ran longer than {} ms (baseline {} ms)", test.name,
                                limit({index}).count(), baseline_.durations[index].count());
            }
            break;
        case TestVerdict::NotRun:
            if (tally.runtime_reason.empty()) {
                tally.runtime_reason = fmt::format("{}: {}", test.name, outcome.reason);
            }
            break;
        case TestVerdict::Passed:
            break;
    }
}

// One test in a process of its own. False when cancelled.
bool Executor::run_alone(const Job& job, std::size_t index, MutantResult& result, Tally& tally) const {
    const TestCase& test = tests_[index];
    mlab::ProcessOptions process = process_for(job, test);
    process.timeout = limit({index});
    TestOutcome outcome;
    // The first timeout gets a second chance at twice the limit: the margin is tight, the machine is
    // shared. After one, the mutant is known to hang a test: no second chances.
    for (int attempt = 0; attempt < (tally.timeouts == 0 ? 2 : 1); ++attempt) {
        try {
            const mlab::ProcessResult finished = runner_.run(test, process);
            if (finished.cancelled) {
                return false;
            }
            outcome = judge_test(test, finished);
        } catch (const std::runtime_error& error) {
            outcome.verdict = TestVerdict::NotRun;
            outcome.reason = error.what();
        }
        if (outcome.verdict != TestVerdict::TimedOut) {
            break;
        }
        process.timeout = *process.timeout * 2;
    }
    result.duration += outcome.duration;
    ++result.tests_completed;
    add(tally, index, outcome);
    return true;
}

// Each test in a process of its own, until a second timeout shows the mutant hangs them. False when
// cancelled.
bool Executor::run_each_alone(const Job& job, const std::vector<std::size_t>& indices, MutantResult& result,
                              Tally& tally) const {
    for (const std::size_t index : indices) {
        if (!run_alone(job, index, result, tally)) {
            return false;
        }
        if (tally.hung()) {
            break;
        }
    }
    return true;
}

// TESTs of one gtest program in one process, each judged from gtest's JSON report. A TEST the run did not
// judge (the process crashed or was stopped in it) runs again on its own, so it is named; the TESTs after
// it run again as a batch. False when cancelled.
bool Executor::run_batch(const Job& job, const std::vector<std::size_t>& unit, MutantResult& result,
                         Tally& tally) const {
    std::vector<std::string> names;
    for (const std::size_t index : unit) {
        names.push_back(tests_[index].gtest_name);
    }
    for (const std::vector<std::size_t>& chunk : filter_chunks(names)) {
        std::vector<std::size_t> indices;
        std::vector<std::string> chunk_names;
        for (const std::size_t i : chunk) {
            indices.push_back(unit[i]);
            chunk_names.push_back(names[i]);
        }
        if (!run_chunk(job, indices, chunk_names, result, tally)) {
            return false;
        }
        if (tally.hung()) {
            break;
        }
    }
    return true;
}

bool Executor::run_chunk(const Job& job, const std::vector<std::size_t>& indices,
                         const std::vector<std::string>& names, MutantResult& result, Tally& tally) const {
    // One TEST, or a mutant known to hang a TEST: a batch would only add its own limit to the next hang.
    if (indices.size() == 1 || tally.timeouts > 0) {
        return run_each_alone(job, indices, result, tally);
    }
    const std::optional<BatchRun> run = run_batch_process(job, indices, names);
    if (!run) {
        return false;
    }
    result.duration += run->finished.duration;
    const Leftovers left = take_verdicts(*run, indices, names, result, tally);
    if (!run_each_alone(job, left.alone, result, tally)) {
        return false;
    }
    if (left.together.empty() || tally.hung()) {
        return true;
    }
    // The batch crashed in its very first TEST: a mutant that breaks every TEST would cost two processes
    // per TEST in batches, so the rest run one process each.
    const bool crashed_at_once =
        run->verdicts.judged.empty() && run->verdicts.in_flight && *run->verdicts.in_flight == names.front();
    if (left.together.size() == indices.size() || crashed_at_once) {
        // Nothing judged and no TEST to blame (a crash before the first TEST): each alone.
        return run_each_alone(job, left.together, result, tally);
    }
    return run_chunk(job, left.together, left.together_names, result, tally);
}

// The TESTs `names` in one process, within the batch's limit. nullopt when cancelled.
std::optional<Executor::BatchRun> Executor::run_batch_process(const Job& job,
                                                              const std::vector<std::size_t>& indices,
                                                              const std::vector<std::string>& names) const {
    TestCase batch = tests_[indices.front()];
    const fs::path json =
        options_.out_dir / "tmp" / fmt::format("batch-{}-{}.json", job.state->number, batch_counter_++);
    batch.command = batch_command(batch, names, json.string());
    mlab::ProcessOptions process = process_for(job, batch);
    process.timeout = limit(indices);
    BatchRun run;
    try {
        run.finished = runner_.run(batch, process);
    } catch (const std::runtime_error&) {
        run.finished.exit_code = -1;  // cannot start: each test alone says why
    }
    if (run.finished.cancelled) {
        return std::nullopt;
    }
    const std::string report = take_report(json);
    const mlab::ProcessResult& finished = run.finished;
    const bool ended_by_itself =
        !finished.timed_out && finished.signal == 0 && (finished.exit_code == 0 || finished.exit_code == 1);
    run.verdicts = read_batch_verdicts(ended_by_itself ? report : "", finished.standard_output);
    // An exit code no TEST's failure explains (a leak checker), or a crash outside every TEST (before the
    // first, after the last): the process failed, not a TEST, and each TEST alone tells which fail so.
    const bool any_failed =
        std::any_of(run.verdicts.judged.begin(), run.verdicts.judged.end(),
                    [](const auto& v) { return v.second.verdict != TestVerdict::Passed; });
    run.unexplained =
        ended_by_itself ? finished.exit_code != 0 && !any_failed : !run.verdicts.in_flight.has_value();
    return run;
}

// Adds the TESTs the batch judged to the tally; returns the others.
Executor::Leftovers Executor::take_verdicts(const BatchRun& run, const std::vector<std::size_t>& indices,
                                            const std::vector<std::string>& names, MutantResult& result,
                                            Tally& tally) const {
    Leftovers left;
    for (std::size_t i = 0; i < indices.size(); ++i) {
        const auto it = run.verdicts.judged.find(names[i]);
        if (it != run.verdicts.judged.end() && !run.unexplained) {
            ++result.tests_completed;
            add(tally, indices[i], it->second);
        } else if (run.unexplained || (run.verdicts.in_flight && *run.verdicts.in_flight == names[i])) {
            left.alone.push_back(indices[i]);
        } else {
            left.together.push_back(indices[i]);  // not started yet
            left.together_names.push_back(names[i]);
        }
    }
    return left;
}

}  // namespace mutator
