// curator annotate: one decision, from a script (the non-interactive half of `curator review`).

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/review.hpp"
#include "curator/sidecar.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::cli {

namespace {

struct AnnotateOptions {
    std::filesystem::path file;
    std::string test;
    bool keep = false;
    bool fix = false;
    bool discard = false;
    bool pending = false;
    std::string reason;
    std::filesystem::path code;
    std::filesystem::path ledger;
};

/// A test kept as it is that did not compile when generated: said on stderr (the decision is still made:
/// what it uses may have changed since).
void warn_before_keeping(const std::filesystem::path& file, const std::string& test_id) {
    const TestFile parsed = parse_test_file(mlab::read_file(file));
    const TestBlock* test = find_test(parsed, test_id);
    if (test == nullptr) {
        return;  // record_decision names what is wrong
    }
    const Sidecar sidecar = read_sidecar(file);
    const auto found = sidecar.tests.find(test_id);
    const std::string warning =
        keep_warning(*test, found == sidecar.tests.end() ? "" : found->second.verdict);
    if (!warning.empty()) {
        std::cerr << "curator: warning: " << warning << "\n";
    }
}

}  // namespace

void register_annotate(CLI::App& app, Command& command) {
    auto options = std::make_shared<AnnotateOptions>();
    CLI::App* annotate = app.add_subcommand("annotate", "Record one decision: keep, fix or discard a test");
    annotate->add_option("file", options->file, "The reviewed test file")->required();
    annotate->add_option("test", options->test, "The test, as Suite.Name")->required();
    CLI::Option* keep =
        annotate->add_flag("--keep", options->keep, "KEPT: correct, real case, adds coverage");
    CLI::Option* fix =
        annotate->add_flag("--fix", options->fix, "FIXED: corrected in the file (or with --code)");
    CLI::Option* discard =
        annotate->add_flag("--discard", options->discard, "DISCARDED: the test is commented out");
    CLI::Option* pending = annotate->add_flag("--pending", options->pending, "Back to `// REVIEW: pending`");
    keep->excludes(fix, discard, pending);
    fix->excludes(discard, pending);
    discard->excludes(pending);
    annotate->add_option("--reason", options->reason, "The one-line reason");
    annotate->add_option("--code", options->code, "With --fix: a file holding the corrected test")
        ->transform(mlab::absolute_path_option());
    annotate
        ->add_option("--ledger", options->ledger, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    annotate->callback([&command, options] {
        command = [options] {
            const AnnotateOptions& o = *options;
            if (!std::filesystem::is_regular_file(o.file)) {
                throw mlab::InputError(fmt::format("{}: no such file", o.file.string()));
            }
            const Decision decision = o.keep      ? Decision::kept
                                      : o.fix     ? Decision::fixed
                                      : o.discard ? Decision::discarded
                                      : o.pending ? Decision::pending
                                                  : Decision::none;
            if (decision == Decision::none) {
                throw mlab::InputError("give one of --keep, --fix, --discard or --pending");
            }
            if (!o.code.empty() && decision != Decision::fixed) {
                throw mlab::InputError("--code goes with --fix");
            }
            const std::string code = o.code.empty() ? "" : mlab::read_file(o.code);
            if (decision == Decision::kept) {
                warn_before_keeping(o.file, o.test);
            }
            Ledgers ledgers(o.ledger);
            Ledger& ledger = ledgers.of(o.file);
            const LedgerRecord record =
                record_decision(o.file, o.test, decision, o.reason, "annotate", ledger, code);
            std::cout << fmt::format("{}: {} {}{}\n", o.file.string(), record.test,
                                     decision_keyword(decision),
                                     record.reason.empty() ? "" : ": " + record.reason);
            return 0;
        };
    });
}

}  // namespace curator::cli
