// mutator run: the mutation score of a CMake/CTest project, with the full kill matrix.

#include <atomic>
#include <csignal>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "common.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/cmake_build.hpp"
#include "mlab/common/process.hpp"
#include "mlab/version.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/run.hpp"
#include "summary.hpp"

namespace mutator::cli {
namespace {

struct RunCommandOptions {
    ScanOptions scan;
    RunOptions run;
    std::string out;
    std::string shard = "1/1";
    std::optional<double> break_score;
    std::vector<std::string> reports{"html", "markdown"};
    double baseline_timeout_seconds = 120;
    std::optional<double> timeout_margin_seconds;
    bool one_process_per_test = false;
    bool quiet = false;
};

int run_run(RunCommandOptions& options) {
    options.run.out_dir = options.out;
    std::tie(options.run.shard_index, options.run.shard_count) = parse_shard(options.shard);
    options.run.baseline_timeout =
        std::chrono::milliseconds(static_cast<long>(options.baseline_timeout_seconds * 1000));
    if (options.timeout_margin_seconds) {
        options.run.timeout_extra =
            std::chrono::milliseconds(static_cast<long>(*options.timeout_margin_seconds * 1000));
    }
    options.run.batch = !options.one_process_per_test;
    options.run.version = MLAB_VERSION;
    options.run.cancel = mlab::InterruptGuard::flag();
    const std::vector<std::string> formats = report_list(options.reports);
    if (options.run.build_command.empty()) {
        mlab::cmake_generator_of(options.scan.build_dir,
                                 kNotCMakeHint);  // not a CMake build: bad input before the scan
    }
    const Scan scan = run_scan(options.scan);
    options.run.scan_time = scan.elapsed;
    options.run.thresholds = scan.config.thresholds;
    if (options.break_score) {
        options.run.thresholds.break_at = options.break_score;
    }
    ProgressPrinter progress(std::cerr, options.quiet);
    const RunOutcome outcome = run_mutation_analysis(scan.project, scan.sites, options.run, progress);
    progress.finish();
    print_summary(std::cout, outcome.report, write_reports(outcome.report, options.out, formats));
    // What was not made a mutant, and why (constants the compiler folds, values that cannot compile, ...).
    std::cout << skipped_summary(scan.sites, 0) << "\n";
    if (outcome.interrupted) {
        std::cerr << fmt::format("mutator: interrupted; {} results are saved, --resume finishes the rest\n",
                                 outcome.executed + outcome.reused);
        return mlab::kExitInterrupted;
    }
    return gate(outcome.report, std::cerr);
}

}  // namespace

void register_run(CLI::App& app, Command& command) {
    auto options = std::make_shared<RunCommandOptions>();
    CLI::App* run = app.add_subcommand(
        "run", "Build every mutant once (schemata), run each against the tests that reach it, and report");
    add_scan_options(*run, options->scan, true);
    run->add_option("--out", options->out, "Output folder: results store, mutant build, mutation-report.json")
        ->transform(mlab::absolute_path_option())
        ->required();
    run->add_option("-j,--jobs", options->run.jobs, "Mutants run at once (default: one per core)");
    run->add_flag("-q,--quiet", options->quiet, "No progress on stderr (notes and errors still)");
    run->add_flag("--fail-fast", options->run.fail_fast, "Stop a mutant's tests at the first kill");
    run->add_flag("--resume", options->run.resume, "Finish an interrupted run in the same --out");
    run->add_flag("--harden", options->run.harden,
                  "Build the mutants with the standard library's assertions on (_GLIBCXX_ASSERTIONS): an "
                  "out-of-range access aborts (Killed) instead of passing unnoticed");
    run->add_flag("!--no-equivalence", options->run.equivalence,
                  "Do not compile each survivor's code against the original's (by default the same code is "
                  "Ignored as equivalent, the same as another survivor's as a duplicate)");
    run->add_option("--since", options->run.since, "Only mutate lines changed since this git revision");
    run->add_option("--shard", options->shard, "Run the K-th of N equal parts of the mutants, e.g. 2/4");
    run->add_option(
           "--break", options->break_score,
           "Exit 1 when the mutation score is below this (0-100; default: thresholds.break in mutator.yml)")
        ->check(mlab::number_between(0, 100));
    run->add_option(
           "--reports", options->reports,
           "Report files written beside mutation-report.json: html, markdown (default), matrix, github, "
           "sarif")
        ->delimiter(',')
        ->allow_extra_args(false)  // one value (a comma list) per --reports: the paths after it stay paths
        ->capture_default_str();
    run->add_option(
           "--timeout-factor", options->run.timeout_factor,
           "A test may take this many times its baseline (+ a margin) before the mutant is a Timeout")
        ->check(mlab::positive_number());
    run->add_option("--timeout-margin", options->timeout_margin_seconds,
                    "Seconds added to each limit (default: 4 x the noise measured in the tests' times, at "
                    "least 0.2 s)")
        ->check(mlab::number_between(0, 3600));
    run->add_flag("--one-process-per-test", options->one_process_per_test,
                  "Run every test in a process of its own (default: the TESTs of one gtest program that a "
                  "mutant's run needs share one process)");
    run->add_option("--baseline-timeout", options->baseline_timeout_seconds,
                    "Seconds a test may take with no mutant, when CTest sets no TIMEOUT")
        ->check(mlab::positive_number());
    run->add_option("--test-label", options->run.test_label, "Only the CTest tests with this label");
    run->add_option("--build-cmd", options->run.build_command,
                    "Build with this shell command in the mirrored sources instead of CMake");
    run->add_option("--test-cmd", options->run.test_command,
                    "Test with this shell command (one test) instead of the tests CTest lists");
    run->callback([&command, options] { command = [options] { return run_run(*options); }; });
}

}  // namespace mutator::cli
