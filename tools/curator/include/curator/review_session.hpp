#pragma once
// The interactive review as a library: one pending (or stale) test at a time, each answer (keep, fix,
// discard, skip, quit) read from a stream and written to the file and the ledger at once, so a review can
// stop anywhere and resume. The terminal, the editor and the build are injected, so it runs on strings.

#include <filesystem>
#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "curator/ledger.hpp"
#include "curator/review.hpp"
#include "curator/sidecar.hpp"

namespace curator {

struct ReviewSettings {
    std::filesystem::path file;
    BuildSettings build;  // build_dir empty: a fix is saved without being compiled and run
    bool all = false;     // ask about every test, decided ones too
};

/// What the session needs of the world beyond its two streams.
struct ReviewHooks {
    /// Lets the student edit `draft` (holding the test's code); throws mlab::InputError when it fails.
    std::function<void(const std::filesystem::path& draft)> edit;
    /// Compiles and runs the named tests of a proposed text of the file (default: run_tests).
    std::function<std::map<std::string, TestEvidence>(
        const std::filesystem::path& file, const std::string& text, const std::vector<std::string>& test_ids,
        const BuildSettings& settings)>
        check = run_tests;
};

class ReviewSession {
  public:
    ReviewSession(ReviewSettings settings, Ledger& ledger, std::istream& in, std::ostream& out,
                  ReviewHooks hooks);

    /// Reviews the queue until its end, a quit or the end of the input; returns the exit code (0).
    int run();

  private:
    enum class Next { next_test, stop };

    std::vector<std::string> queue() const;
    Next review(std::size_t position, std::size_t total, const std::string& id);
    /// One line of input, whitespace folded; false at the end of input.
    bool ask(const std::string& prompt, std::string& answer);
    void show(const TestBlock& test, const TestFile& parsed, std::size_t position, std::size_t total,
              const std::string& new_code);
    void show_evidence(const TestBlock& test, const TestFile& parsed);
    /// The fix edited (and, with a build, compiled and run); false when the student must answer again.
    bool fix(const TestBlock& test, std::string& new_code, std::string& checked);
    /// Asks the reason and records the decision; stop at the end of input.
    Next decide(const std::string& id, Decision decision, const std::string& new_code,
                const std::string& checked);
    std::filesystem::path draft_of(const std::string& id) const;
    /// Before KEPT: a fix that did not pass is set aside, or the test did not compile when generated; the
    /// student is told and asked to confirm. True: keep.
    bool confirm_keep(const TestBlock& test, const std::string& new_code);
    /// The ledger's records of tests the file no longer has, each with the command that clears it.
    void show_gone(const FileStatus& status);

    ReviewSettings settings_;
    Ledger& ledger_;
    std::istream& in_;
    std::ostream& out_;
    ReviewHooks hooks_;
    Sidecar sidecar_;
    struct Counts {
        std::size_t kept = 0, fixed = 0, discarded = 0, skipped = 0;
    };
    Counts session_;  // this session's answers
};

}  // namespace curator
