// curator check: the autochecker. Every rule of the review, as `file:line: message` lines; exit 1 when
// any fails.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/checker.hpp"
#include "curator/review.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::cli {

namespace {

struct CheckOptions {
    std::vector<std::filesystem::path> files;
    std::filesystem::path checker;
    CheckRules rules;
    BuildSettings build;
    bool no_build = false;
    std::filesystem::path ledger;
};

void print(const Violation& violation) {
    std::cout << fmt::format("{}:{}: {}\n", violation.file.string(), violation.line, violation.message);
}

/// The lab checker's files and minimums (flags given on the command line win), and the checks that come
/// before any file is read.
LabChecker prepare(CheckOptions& o, bool kept_given, bool discarded_given) {
    LabChecker checker;
    if (!o.checker.empty()) {
        checker = read_lab_checker(o.checker);
        if (!kept_given && checker.min_kept) {
            o.rules.min_kept = *checker.min_kept;
        }
        if (!discarded_given && checker.min_discarded) {
            o.rules.min_discarded = *checker.min_discarded;
        }
    }
    o.files = files_or_checkers(o.files, o.checker, "check");
    if (o.build.build_dir.empty() && !o.no_build) {
        throw mlab::InputError("give -p BUILD_DIR to compile and run the kept tests, or --no-build");
    }
    if (!o.no_build) {
        check_build_settings(o.build);
    }
    for (const std::filesystem::path& file : o.files) {
        if (!std::filesystem::is_regular_file(file)) {
            throw mlab::InputError(fmt::format("{}: no such file", file.string()));
        }
    }
    return checker;
}

/// Prints the file's violations (text rules, then the build's); returns how many, and adds its counts to
/// `total`.
std::size_t check_file(const CheckOptions& o, const std::filesystem::path& file, Ledgers& ledgers,
                       FileStatus& total) {
    const std::string text = mlab::read_file(file);
    const TestFile parsed = parse_test_file(text);
    std::vector<Violation> found = check_text(file, parsed, ledgers.of(file), o.rules);
    if (!o.no_build) {
        const std::vector<Violation> built = check_build(file, text, parsed, o.build);
        found.insert(found.end(), built.begin(), built.end());
    }
    for (const Violation& violation : found) {
        print(violation);
    }
    const FileStatus s = status_of(file, parsed, ledgers.of(file));
    total.tests += s.tests;
    total.kept += s.kept;
    total.fixed += s.fixed;
    total.discarded += s.discarded;
    total.pending += s.pending;
    return found.size();
}

int run_check(CheckOptions& o, bool kept_given, bool discarded_given) {
    const LabChecker checker = prepare(o, kept_given, discarded_given);
    Ledgers ledgers(o.ledger);
    std::size_t violations = 0;
    if (!checker.required_tests.empty() && !o.no_build) {
        for (const Violation& violation :
             missing_required_tests(o.checker, checker.required_tests, o.build.build_dir)) {
            print(violation);
            ++violations;
        }
    }
    FileStatus total;
    for (const std::filesystem::path& file : o.files) {
        violations += check_file(o, file, ledgers, total);
    }
    std::cout << fmt::format(
        "curator check: {} file{}, {} tests ({} kept, {} fixed, {} discarded, {} "
        "pending){}: {}\n",
        o.files.size(), o.files.size() == 1 ? "" : "s", total.tests, total.kept, total.fixed, total.discarded,
        total.pending, o.no_build ? ", text only" : ", kept tests built and run",
        violations == 0 ? "every rule holds"
                        : fmt::format("{} violation{}", violations, violations == 1 ? "" : "s"));
    return violations == 0 ? mlab::kExitSuccess : mlab::kExitVerdictNo;
}

}  // namespace

void register_check(CLI::App& app, Command& command) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand("check", "Check the review: decisions, minimums, ledger, build");
    check->add_option("files", options->files, "Reviewed test files (default: the --checker's)");
    CLI::Option* min_kept =
        check->add_option("--min-kept", options->rules.min_kept, "Kept or fixed tests needed per file")
            ->capture_default_str();
    CLI::Option* min_discarded =
        check->add_option("--min-discarded", options->rules.min_discarded, "Discarded tests needed per file")
            ->capture_default_str();
    check
        ->add_option("--checker", options->checker,
                     "A lab's checker.json (mutator lab): its files, minimums and required tests")
        ->transform(mlab::absolute_path_option());
    check->add_option("-p,--build", options->build.build_dir, "The project's CMake build folder")
        ->transform(mlab::absolute_path_option());
    check->add_flag("--no-build", options->no_build, "Check only the text, do not compile or run");
    check
        ->add_option("--beside", options->build.beside,
                     "A test file of the project whose target's flags and libraries build the file")
        ->transform(mlab::absolute_path_option());
    check->add_option("--runs", options->build.runs, "Runs of each kept test")->capture_default_str();
    check->add_option("--test-timeout", options->build.test_timeout_seconds, "Seconds for one test run")
        ->capture_default_str();
    check->add_option("-j,--jobs", options->build.jobs, "Parallel jobs")->capture_default_str();
    check
        ->add_option("--ledger", options->ledger, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    check->callback([&command, options, min_kept, min_discarded] {
        const bool kept_given = min_kept->count() > 0, discarded_given = min_discarded->count() > 0;
        command = [options, kept_given, discarded_given] {
            return run_check(*options, kept_given, discarded_given);
        };
    });
}

}  // namespace curator::cli
