// curator forget: clears the ledger's record of a test the file no longer has (deleted, or renamed with its
// code changed), with a reason that is itself recorded.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/review.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"

namespace curator::cli {

namespace {

struct ForgetCommand {
    std::filesystem::path file;
    std::string test;
    std::string reason;
    std::filesystem::path ledger;
};

int run_forget(const ForgetCommand& command) {
    if (!std::filesystem::is_regular_file(command.file)) {
        throw mlab::InputError(fmt::format("{}: no such file", command.file.string()));
    }
    Ledgers ledgers(command.ledger);
    Ledger& ledger = ledgers.of(command.file);
    const LedgerRecord record = forget_test(command.file, command.test, command.reason, ledger);
    std::cout << fmt::format("forgot {} in {}: {} (recorded in {})\n", record.test, command.file.string(),
                             record.reason, ledger.path().string());
    return mlab::kExitSuccess;
}

}  // namespace

void register_forget(CLI::App& app, Command& command) {
    auto state = std::make_shared<ForgetCommand>();
    CLI::App* forget = app.add_subcommand(
        "forget", "Clear the ledger's record of a test the file no longer has (with a reason)");
    forget->add_option("file", state->file, "The reviewed test file")
        ->required()
        ->transform(mlab::absolute_path_option());
    forget->add_option("test", state->test, "The test the ledger records, as Suite.Name")->required();
    forget->add_option("--reason", state->reason, "Why the record goes (recorded in the ledger)")->required();
    forget
        ->add_option("--ledger", state->ledger,
                     "The ledger (default: .curator/ledger.json found from the file)")
        ->transform(mlab::absolute_path_option());
    forget->callback([&command, state] { command = [state] { return run_forget(*state); }; });
}

}  // namespace curator::cli
