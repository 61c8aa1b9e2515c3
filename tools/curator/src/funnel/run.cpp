// The funnel's run phase: each test alone, N times, on a pool of threads; a run's outcome read from
// GoogleTest's output and the process's end, and the runs judged into one verdict.

#include "funnel/phases.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/ctest.hpp"
#include "mlab/common/text.hpp"
#include "mlab/common/worker_pool.hpp"

namespace curator::funnel_phases {
namespace fs = std::filesystem;

namespace {

/// A gtest failure's whole message (mlab::gtest_failure_message), or a line saying there is none.
std::string failure_message(const std::string& output) {
    const std::string message = mlab::gtest_failure_message(output, 200);
    return message.empty() ? "failed with no assertion message" : message;
}

}  // namespace

fs::path run_folder(const TestPlace& place, const fs::path& scratch_dir, std::size_t index) {
    const fs::path folder =
        place.directory.empty() ? scratch_dir / "runs" / std::to_string(index) : place.directory;
    fs::create_directories(folder);
    return folder;
}

unsigned run_jobs(const TestPlace& place, unsigned jobs) {
    return place.serial ? 1 : jobs;
}

RunOutcome run_one(const fs::path& binary, const TestPlace& place, const ExtractedTest& test,
                   const fs::path& cwd, std::chrono::milliseconds timeout,
                   const std::map<std::string, std::string>& environment) {
    mlab::ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = timeout;
    options.environment = place.environment;
    for (const auto& [name, value] : environment) {
        options.environment[name] = value;
    }
    options.environment["GTEST_COLOR"] = "no";
    std::vector<std::string> argv{binary.string()};
    argv.insert(argv.end(), place.arguments.begin(), place.arguments.end());
    argv.push_back("--gtest_filter=" + gtest_filter(test));
    const mlab::ProcessResult result = mlab::run_process(argv, options);
    RunOutcome outcome{RunOutcome::Kind::passed, {}, result.duration};
    const std::string output = result.standard_output + result.standard_error;
    if (result.timed_out) {
        outcome.kind = RunOutcome::Kind::timed_out;
        outcome.problem = fmt::format("did not finish within {} ms", timeout.count());
    } else if (result.signal != 0) {
        outcome.kind = RunOutcome::Kind::crashed;
        outcome.problem = "crashed: " + mlab::signal_name(result.signal);
    } else if (result.exit_code != 0 || output.find("[  FAILED  ]") != std::string::npos) {
        // A main() of the program's own may return 0 whatever RUN_ALL_TESTS() said.
        const bool assertion = output.find("[  FAILED  ]") != std::string::npos;
        outcome.kind = assertion ? RunOutcome::Kind::failed : RunOutcome::Kind::crashed;
        outcome.problem = assertion ? failure_message(output)
                                    : fmt::format("exited with code {}: {}", result.exit_code,
                                                  mlab::shorten(mlab::fold_whitespace(output), 160));
    } else if (output.find("[  PASSED  ] ") == std::string::npos ||
               output.find("[  PASSED  ] 0 tests") != std::string::npos) {
        outcome.kind = RunOutcome::Kind::not_run;
        outcome.problem = "GoogleTest ran no test by this name (a TEST_P without INSTANTIATE_TEST_SUITE_P?)";
    }
    return outcome;
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
    const fs::path cwd = run_folder(input.place, input.scratch_dir, t);
    for (int run = 0; run < input.runs; ++run) {
        std::map<std::string, std::string> environment;
        if (!input.gcov_root.empty() && run == 0) {
            environment["GCOV_PREFIX"] = (input.gcov_root / std::to_string(t)).string();
            environment["GCOV_PREFIX_STRIP"] = "0";
        }
        outcomes.push_back(
            run_one(input.binary, input.place, input.extraction.tests[t], cwd, input.timeout, environment));
        const RunOutcome::Kind kind = outcomes.back().kind;
        if (kind == RunOutcome::Kind::crashed || kind == RunOutcome::Kind::timed_out ||
            kind == RunOutcome::Kind::not_run) {
            break;  // no need to crash or hang four more times
        }
    }
    return outcomes;
}

}  // namespace

void run_candidates(const RunInput& input, std::vector<TestEvidence>& tests) {
    std::vector<std::vector<RunOutcome>> outcomes(input.extraction.tests.size());
    mlab::parallel_for(input.extraction.tests.size(), run_jobs(input.place, input.jobs), [&](std::size_t t) {
        if (input.built[t]) {
            outcomes[t] = run_test(input, t);
        }
    });
    for (std::size_t t = 0; t < outcomes.size(); ++t) {
        if (input.built[t]) {
            judge_runs(outcomes[t], tests[t]);
        }
    }
}

}  // namespace curator::funnel_phases
