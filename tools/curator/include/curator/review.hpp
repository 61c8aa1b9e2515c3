#pragma once
// The student's review as a library: recording a decision (file, backup, ledger), the autochecker's rules,
// the per-file status, and compiling and running a file's tests as the generate funnel does.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "curator/funnel.hpp"
#include "curator/ledger.hpp"
#include "curator/reviewed_file.hpp"

namespace curator {

/// Records `decision` for `test_id` in `file`: the file is rewritten atomically, its previous version kept
/// as `.curator/backups/<file>` beside the ledger, and the ledger gains a record. With `new_code` (a fix),
/// the test's code is replaced first. A fix's evidence line becomes fixed_evidence(`checked`, the old one):
/// `checked` is what compiling and running the fix found (empty: not rechecked). Returns the record written.
/// Throws mlab::InputError naming the file.
LedgerRecord record_decision(const std::filesystem::path& file, const std::string& test_id, Decision decision,
                             const std::string& reason, const std::string& by, Ledger& ledger,
                             const std::string& new_code = "", const std::string& checked = "");

/// Why keeping `test` as it is would be a mistake, or empty: it did not compile or link when generated
/// (`verdict` from the sidecar, or its evidence line), so KEPT would make it live code that breaks the
/// test program's build.
std::string keep_warning(const TestBlock& test, const std::string& verdict);

/// How a `curator forget` record names itself in the ledger (`by`).
inline constexpr const char* kForgetBy = "forget";

/// Clears the ledger's record of `test_id`, a test `file` no longer has (deleted, or renamed with its code
/// changed), with `reason`, which is itself recorded (a record by "forget"). Throws mlab::InputError when
/// the ledger has no decision of that test, or the file still has it, or the reason is empty.
LedgerRecord forget_test(const std::filesystem::path& file, const std::string& test_id,
                         const std::string& reason, Ledger& ledger);

/// The command that clears a record the file no longer matches, for messages: `curator forget FILE TEST
/// --reason "..."`.
std::string forget_command(const std::filesystem::path& file, const std::string& test_id);

struct TestStanding {
    const TestBlock* test = nullptr;
    const LedgerRecord* record = nullptr;  // the ledger's latest for it (or for the test it was renamed from)
    bool stale = false;                    // decided in the ledger on a different code hash
    std::string renamed_from;              // set: the record is of this test, which has the same body
};
std::vector<TestStanding> standings(const std::filesystem::path& file, const TestFile& parsed,
                                    const Ledger& ledger);

/// The tests the ledger records a decision for that `file` no longer has: neither renamed (the same body,
/// or by a fix) nor cleared by `curator forget`.
std::vector<std::string> gone_tests(const std::filesystem::path& file, const TestFile& parsed,
                                    const Ledger& ledger);

struct FileStatus {
    std::size_t tests = 0, pending = 0, kept = 0, fixed = 0, discarded = 0, undecided = 0, stale = 0;
    std::vector<std::string> gone;  // gone_tests
};
FileStatus status_of(const std::filesystem::path& file, const TestFile& parsed, const Ledger& ledger);

struct Violation {
    std::filesystem::path file;
    std::size_t line = 1;
    std::string message;
};

struct CheckRules {
    std::size_t min_kept = 2;  // kept and fixed tests together
    std::size_t min_discarded = 1;
};

/// The text rules: one well-formed decision with a reason above every test, none pending, discarded tests
/// commented out and kept ones live, the minimums, and agreement with the ledger (when the ledger has
/// records of this file). Sorted by line.
std::vector<Violation> check_text(const std::filesystem::path& file, const TestFile& parsed,
                                  const Ledger& ledger, const CheckRules& rules);

/// How to build a test file that need not be in the project's CMake yet.
struct BuildSettings {
    std::filesystem::path build_dir;
    std::filesystem::path beside;  // a test file the project compiles; empty: from the sidecar or folder
    int runs = 1;
    double test_timeout_seconds = 10;
    unsigned jobs = 2;
};

/// Throws mlab::InputError when `settings` name a build folder that is not a CMake build, or a `beside` file
/// that does not exist: checked before anything else runs, even when no test will need building.
void check_build_settings(const BuildSettings& settings);

/// The funnel's verdict for each test of `file` named in `test_ids` (compiled with the flags and libraries
/// of the target that compiles `beside`, run `runs` times, no coverage or mutation). Keyed by test id.
std::map<std::string, TestEvidence> run_tests(const std::filesystem::path& file, const std::string& text,
                                              const std::vector<std::string>& test_ids,
                                              const BuildSettings& settings);

/// The build rule: every kept or fixed test compiles and passes.
std::vector<Violation> check_build(const std::filesystem::path& file, const std::string& text,
                                   const TestFile& parsed, const BuildSettings& settings);

}  // namespace curator
