// The funnel's run phase: each test alone, N times, on a pool of threads; a run's outcome read from
// GoogleTest's output and the process's end, and the runs judged into one verdict.

#include "funnel/phases.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "mlab/common/text.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

std::string signal_text(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return fmt::format("signal {} (SIG{})", signal, abbrev != nullptr ? abbrev : "?");
}

namespace {

/// For a failure without the lines after "Failure": the line naming an exception or a failure.
std::string failure_line(const std::string& output) {
    for (std::string_view line : mlab::split_lines(output)) {
        if (line.find("exception") != std::string_view::npos ||
            line.find("Failure") != std::string_view::npos) {
            return mlab::shorten(mlab::fold_whitespace(line), 200);
        }
    }
    return "failed with no assertion message";
}

}  // namespace

std::string failure_message(const std::string& output) {
    std::string message;
    bool inside = false;
    for (std::string_view line : mlab::split_lines(output)) {
        if (line.find(": Failure") != std::string_view::npos) {
            inside = true;
            continue;
        }
        if (inside) {
            if (line.rfind("[  FAILED  ]", 0) == 0 || line.rfind("[       OK ]", 0) == 0) {
                break;
            }
            message += std::string(line) + " ";
        }
    }
    if (message.empty()) {
        return failure_line(output);
    }
    return mlab::shorten(mlab::fold_whitespace(message), 200);
}

RunOutcome run_one(const fs::path& binary, const std::string& filter, const fs::path& cwd,
                   std::chrono::milliseconds timeout, const fs::path& gcov_prefix) {
    mlab::ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = timeout;
    options.environment["GTEST_COLOR"] = "no";
    if (!gcov_prefix.empty()) {
        options.environment["GCOV_PREFIX"] = gcov_prefix.string();
        options.environment["GCOV_PREFIX_STRIP"] = "0";
    }
    const mlab::ProcessResult result =
        mlab::run_process({binary.string(), "--gtest_filter=" + filter}, options);
    RunOutcome outcome{RunOutcome::Kind::passed, {}, result.duration};
    const std::string output = result.standard_output + result.standard_error;
    if (result.timed_out) {
        outcome.kind = RunOutcome::Kind::timed_out;
        outcome.problem = fmt::format("did not finish within {} ms", timeout.count());
    } else if (result.signal != 0) {
        outcome.kind = RunOutcome::Kind::crashed;
        outcome.problem = "crashed: " + signal_text(result.signal);
    } else if (result.exit_code != 0) {
        const bool assertion = output.find("[  FAILED  ]") != std::string::npos;
        outcome.kind = assertion ? RunOutcome::Kind::failed : RunOutcome::Kind::crashed;
        outcome.problem = assertion ? failure_message(output)
                                    : fmt::format("exited with code {}: {}", result.exit_code,
                                                  mlab::shorten(mlab::fold_whitespace(output), 160));
    } else if (output.find("[  PASSED  ] 1 test") == std::string::npos) {
        outcome.kind = RunOutcome::Kind::not_run;
        outcome.problem = "GoogleTest ran no test by this name (a TEST_P without INSTANTIATE_TEST_SUITE_P?)";
    }
    return outcome;
}

WorkerPool::WorkerPool(std::size_t count, unsigned jobs, std::function<void(std::size_t)> work)
    : count_(count), work_(std::move(work)) {
    for (unsigned w = 0; w < std::max(1U, jobs); ++w) {
        workers_.push_back(std::async(std::launch::async, [this] {
            for (std::size_t item = next_++; item < count_; item = next_++) {
                work_(item);
            }
        }));
    }
}

WorkerPool::~WorkerPool() {
    for (auto& worker : workers_) {
        if (worker.valid()) {
            worker.wait();
        }
    }
}

void WorkerPool::wait() {
    for (auto& worker : workers_) {
        worker.get();
    }
}

namespace {

/// The verdict of a test from its runs: passed, flaky (some passed), or the first problem's kind.
void judge_runs(const std::vector<RunOutcome>& outcomes, TestEvidence& evidence) {
    evidence.runs = static_cast<int>(outcomes.size());
    evidence.run_time = outcomes.front().duration;
    const RunOutcome* first_problem = nullptr;
    for (const RunOutcome& outcome : outcomes) {
        if (outcome.kind == RunOutcome::Kind::passed) {
            ++evidence.passes;
        } else if (first_problem == nullptr) {
            first_problem = &outcome;
        }
    }
    if (first_problem == nullptr) {
        evidence.verdict = Verdict::passed;
        return;
    }
    evidence.problem = first_problem->problem;
    if (evidence.passes > 0) {
        evidence.verdict = Verdict::flaky;
    } else if (first_problem->kind == RunOutcome::Kind::crashed) {
        evidence.verdict = Verdict::crashed;
    } else if (first_problem->kind == RunOutcome::Kind::timed_out) {
        evidence.verdict = Verdict::timed_out;
    } else {
        evidence.verdict = Verdict::failed;
    }
}

/// Runs test `t` `runs` times; a crash, a hang or a missing test ends its runs.
std::vector<RunOutcome> run_test(const RunInput& input, std::size_t t) {
    std::vector<RunOutcome> outcomes;
    const fs::path cwd = input.scratch_dir / "runs" / std::to_string(t);
    fs::create_directories(cwd);
    for (int run = 0; run < input.runs; ++run) {
        const fs::path prefix =
            !input.gcov_root.empty() && run == 0 ? input.gcov_root / std::to_string(t) : fs::path();
        outcomes.push_back(
            run_one(input.binary, test_id(input.extraction.tests[t]), cwd, input.timeout, prefix));
        const RunOutcome::Kind kind = outcomes.back().kind;
        if (kind == RunOutcome::Kind::crashed || kind == RunOutcome::Kind::timed_out ||
            kind == RunOutcome::Kind::not_run) {
            break;  // no need to crash or hang four more times
        }
    }
    return outcomes;
}

}  // namespace

void run_candidates(const RunInput& input, const std::function<void()>& alongside,
                    std::vector<TestEvidence>& tests) {
    std::vector<std::vector<RunOutcome>> outcomes(input.extraction.tests.size());
    WorkerPool pool(input.extraction.tests.size(), input.jobs, [&](std::size_t t) {
        if (input.built[t]) {
            outcomes[t] = run_test(input, t);
        }
    });
    alongside();
    pool.wait();
    for (std::size_t t = 0; t < outcomes.size(); ++t) {
        if (input.built[t]) {
            judge_runs(outcomes[t], tests[t]);
        }
    }
}

}  // namespace curator::funnel_phases
