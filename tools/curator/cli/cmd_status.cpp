// curator status: per reviewed file, how many tests are pending, kept, fixed, discarded and stale.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/review.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator::cli {

namespace {
namespace fs = std::filesystem;

/// The files named, or every file the ledger of the current folder records.
std::vector<fs::path> files_to_show(const std::vector<fs::path>& files, Ledgers& ledgers) {
    for (const fs::path& file : files) {
        if (!fs::is_regular_file(file)) {
            throw mlab::InputError(fmt::format("{}: no such file", file.string()));
        }
    }
    if (!files.empty()) {
        return files;
    }
    // The ledger a file in the current folder would use.
    const Ledger& ledger = ledgers.of(fs::current_path() / "-");
    std::vector<fs::path> shown;
    std::set<std::string> seen;
    for (const LedgerRecord& record : ledger.records()) {
        if (seen.insert(record.file).second) {
            shown.push_back((ledger.root() / record.file).lexically_proximate(fs::current_path()));
        }
    }
    if (shown.empty()) {
        throw mlab::InputError(
            fmt::format("{}: no decisions recorded yet; name the files to show", ledger.path().string()));
    }
    return shown;
}

int show_status(const std::vector<fs::path>& files, const fs::path& ledger_path) {
    Ledgers ledgers(ledger_path);
    const std::vector<fs::path> shown = files_to_show(files, ledgers);
    std::size_t width = 4;
    for (const fs::path& file : shown) {
        width = std::max(width, file.string().size());
    }
    std::cout << fmt::format("{:<{}}  {:>5}  {:>7}  {:>4}  {:>5}  {:>9}  {:>9}  {:>5}  {:>4}\n", "FILE",
                             width, "TESTS", "PENDING", "KEPT", "FIXED", "DISCARDED", "UNDECIDED", "STALE",
                             "GONE");
    std::vector<std::string> missing;  // named in the ledger, gone from the disk
    std::vector<std::string> gone;     // "FILE: TEST", recorded in the ledger, gone from the file
    for (const fs::path& file : shown) {
        if (!fs::is_regular_file(file)) {
            std::cout << fmt::format("{:<{}}  (missing)\n", file.string(), width);
            missing.push_back(file.string());
            continue;
        }
        const TestFile parsed = parse_test_file(mlab::read_file(file));
        const FileStatus s = status_of(file, parsed, ledgers.of(file));
        std::cout << fmt::format("{:<{}}  {:>5}  {:>7}  {:>4}  {:>5}  {:>9}  {:>9}  {:>5}  {:>4}\n",
                                 file.string(), width, s.tests, s.pending, s.kept, s.fixed, s.discarded,
                                 s.undecided, s.stale, s.gone.size());
        for (const std::string& test : s.gone) {
            gone.push_back(fmt::format(
                "{} records a decision for {}, which {} no longer has; clear it with {}",
                ledgers.of(file).path().string(), test, file.string(), forget_command(file, test)));
        }
    }
    for (const std::string& line : gone) {
        std::cout << "GONE: " << line << "\n";
    }
    if (!missing.empty()) {
        std::cerr << fmt::format("curator: the ledger names {} file{} that no longer exist{}: {}\n",
                                 missing.size(), missing.size() == 1 ? "" : "s",
                                 missing.size() == 1 ? "s" : "", fmt::join(missing, ", "));
        return mlab::kExitInputError;
    }
    return mlab::kExitSuccess;
}

}  // namespace

void register_status(CLI::App& app, Command& command) {
    auto files = std::make_shared<std::vector<std::filesystem::path>>();
    auto ledger_path = std::make_shared<std::filesystem::path>();
    CLI::App* status = app.add_subcommand("status", "Per file: pending, kept, fixed, discarded, stale");
    status->add_option("files", *files, "Reviewed test files (default: every file in the ledger)");
    status->add_option("--ledger", *ledger_path, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    status->callback([&command, files, ledger_path] {
        command = [files, ledger_path] { return show_status(*files, *ledger_path); };
    });
}

}  // namespace curator::cli
