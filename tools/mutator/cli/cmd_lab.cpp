// mutator lab: a lab to hand out, from a project whose tests carry a starter and a reference label.

#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/worker_pool.hpp"
#include "mlab/version.hpp"
#include "mutator/lab.hpp"
#include "mutator/run.hpp"
#include "mutator/variants.hpp"
#include "summary.hpp"

namespace mutator::cli {
namespace {
namespace fs = std::filesystem;

struct LabCommandOptions {
    ScanOptions scan;
    LabSettings lab;
    std::string out;
    std::string work;
    unsigned jobs = 0;
    bool no_verify = false;
    bool quiet = false;
};

int run_lab(LabCommandOptions& options) {
    LabSettings& settings = options.lab;
    if (settings.preset.empty() && settings.bugs == 0) {
        throw mlab::InputError("--bugs: how many bugs the lab has (or --preset NAME)");
    }
    const LabPreset* preset = settings.preset.empty() ? nullptr : &find_lab_preset(settings.preset);
    if (preset != nullptr) {
        if (settings.bugs != 0 && settings.bugs != preset->bugs.size()) {
            throw mlab::InputError(fmt::format("--bugs {}: --preset {} has exactly {} bugs", settings.bugs,
                                               preset->name, preset->bugs.size()));
        }
        settings.bugs = preset->bugs.size();
        if (settings.ai_tests.empty()) {
            settings.ai_tests = preset->ai_tests;
        }
    }
    require_new_folder(options.out);  // before the analysis, not after it
    Scan scan = run_scan(options.scan);
    // A preset's lab needs only its own mutants analysed; any other lab, every mutant.
    if (preset != nullptr) {
        scan.sites.sites = preset_sites(*preset, scan.sites.sites);
    }
    const fs::path build_dir = scan.project.build_dir();
    RunOptions run;
    run.out_dir = options.work.empty() ? build_dir / "mutator-lab" : fs::path(options.work);
    run.jobs = options.jobs;
    run.cancel = mlab::InterruptGuard::flag();
    run.resume = true;  // an interrupted lab goes on where it stopped; results are reused across seeds
    run.version = MLAB_VERSION;
    run.scan_time = scan.elapsed;
    if (!options.quiet) {
        std::cerr << fmt::format("mutator lab: analysing {} mutants against every test (work folder {})\n",
                                 scan.sites.sites.size(), run.out_dir.string());
    }
    ProgressPrinter progress(std::cerr, options.quiet);
    const RunOutcome outcome = run_mutation_analysis(scan.project, scan.sites, run, progress);
    progress.finish();
    if (outcome.interrupted) {
        std::cerr << "mutator: interrupted; run the same command again to go on\n";
        return mlab::kExitInterrupted;
    }

    const LabPlan plan = plan_lab(scan.sites.sites, mlab::view_report(outcome.report),
                                  lab_tests(outcome.tests, settings), settings);
    std::cout << fmt::format("{} of {} mutants qualify: killed by the '{}' tests, missed by the '{}' tests\n",
                             plan.qualified, plan.analysed, settings.reference_label, settings.starter_label);
    std::size_t number = 0;
    for (const LabBug& bug : plan.bugs) {
        std::cout << fmt::format("bug {}  {}  {}:{}  {} -> {}  (caught by {})\n", ++number, bug.site.rule,
                                 bug.site.file, bug.site.line, bug.site.original, bug.site.replacement,
                                 fmt::join(bug.caught_by, ", "));
    }
    LabOutput output;
    output.project_root = scan.project.root();
    output.source_dir = scan.project.source_dir();
    output.user_build_dir = build_dir;
    output.work_dir = run.out_dir;
    output.verify = !options.no_verify;
    output.jobs = mlab::jobs_or_cores(options.jobs);
    const LabVerification verification =
        write_lab(plan, settings, outcome.report, output, options.out, [&](std::string_view text) {
            if (!options.quiet) {
                std::cerr << "mutator lab: " << text << "\n";
            }
        });
    if (verification.ran) {
        std::cout << fmt::format(
            "verified: the starter project builds and its {} tests pass with the bugs in\n",
            verification.tests.size());
    } else {
        std::cout << "not verified (--no-verify): the starter project was not built\n";
    }
    std::cout << fmt::format(
        "wrote {}: starter/ (a git repository, one commit; {} reference test file{} left "
        "out), patches/, key/, checker.json\n",
        options.out, plan.dropped_files.size(), plan.dropped_files.size() == 1 ? "" : "s");
    return 0;
}

}  // namespace

void register_lab(CLI::App& app, Command& command) {
    auto options = std::make_shared<LabCommandOptions>();
    CLI::App* lab = app.add_subcommand(
        "lab",
        "Write a lab: a starter repository with bugs its tests miss, the answer key, the checker's settings");
    add_scan_options(*lab, options->scan, false);
    lab->add_option("--bugs", options->lab.bugs, "How many bugs (a preset has its own)")
        ->check(mlab::positive_number());
    lab->add_option("--seed", options->lab.seed, "Seed of the choice: the same seed gives the same lab");
    lab->add_option("--out", options->out, "A new folder for the lab")
        ->transform(mlab::absolute_path_option())
        ->required();
    lab->add_option("--preset", options->lab.preset,
                    "A lab defined by name: seed-lab (target_app's two bugs)");
    lab->add_option("--reference-label", options->lab.reference_label,
                    "The CTest label of the complete suite (default: reference)");
    lab->add_option("--starter-label", options->lab.starter_label,
                    "The CTest label of the tests students start with (default: starter)");
    lab->add_option("--ai-tests", options->lab.ai_tests,
                    "The AI-written test file(s) students curate, as checker.json names them");
    lab->add_option("--min-kept", options->lab.min_kept, "Curation minimum: kept or fixed tests per file");
    lab->add_option("--min-discarded", options->lab.min_discarded,
                    "Curation minimum: discarded tests per file");
    lab->add_option("--work", options->work,
                    "Where the analysis and the verification build go (default: BUILD_DIR/mutator-lab)")
        ->transform(mlab::absolute_path_option());
    lab->add_option("-j,--jobs", options->jobs, "Mutants run at once (default: one per core)");
    lab->add_flag("--no-verify", options->no_verify, "Do not build and test the starter project");
    lab->add_flag("-q,--quiet", options->quiet, "No progress on stderr");
    lab->callback([&command, options] { command = [options] { return run_lab(*options); }; });
}

}  // namespace mutator::cli
