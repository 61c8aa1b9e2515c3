// The interactive review: the queue of tests to review, each shown with its evidence, and the answer
// (keep, fix, discard, skip, quit) recorded in the file and the ledger at once.

#include "curator/review_session.hpp"

#include <set>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;

namespace {

// The evidence is shown whole, wrapped to the terminal's usual width under its label.
constexpr std::size_t kWidth = 100;
constexpr std::string_view kIndent = "          ";

std::set<std::string> kills_of(const Sidecar& sidecar, const std::string& test) {
    const auto found = sidecar.tests.find(test);
    return found == sidecar.tests.end() ? std::set<std::string>{} : found->second.kills;
}

bool is_kept(Decision decision) {
    return decision == Decision::kept || decision == Decision::fixed;
}

/// The generate run's record of the test: renamed, kills, duplicate.
void show_record(std::ostream& out, const SidecarTest& record) {
    if (!record.renamed_from.empty()) {
        out << "renamed:  from " << record.renamed_from << ", which an existing test already uses\n";
    }
    if (record.mutation_measured) {
        const std::string kills = fmt::format(
            "{} mutant{}{}", record.kills.size(), record.kills.size() == 1 ? "" : "s",
            record.kills.empty() ? ""
            : record.unique_kills.empty()
                ? ", none that the existing tests miss"
                : fmt::format(", {} that the existing tests miss: {}", record.unique_kills.size(),
                              fmt::join(record.unique_kill_labels.empty()
                                            ? std::vector<std::string>(record.unique_kills.begin(),
                                                                       record.unique_kills.end())
                                            : record.unique_kill_labels,
                                        "; ")));
        out << "kills:    " << mlab::wrap(kills, kWidth - kIndent.size(), kIndent) << "\n";
    }
    if (!record.duplicate_of.empty()) {
        out << "duplicate of " << record.duplicate_of << " (the same body)\n";
    }
}

/// Tests that kill the same mutants as `test`: existing ones of the generate run, and kept ones of the file.
void show_same_kills(std::ostream& out, const TestBlock& test, const TestFile& parsed,
                     const Sidecar& sidecar) {
    const std::set<std::string> kills = kills_of(sidecar, test.id());
    if (kills.empty()) {
        return;
    }
    for (const auto& [existing, existing_kills] : sidecar.existing_kills) {
        if (existing_kills == kills) {
            out << fmt::format("duplicate of {} (an existing test that kills the same {} mutant{})\n",
                               existing, kills.size(), kills.size() == 1 ? "" : "s");
        }
    }
    for (const TestBlock& other : parsed.tests) {
        if (&other != &test && is_kept(other.decision()) && kills_of(sidecar, other.id()) == kills) {
            out << fmt::format("duplicate of {} (kept; kills the same {} mutant{})\n", other.id(),
                               kills.size(), kills.size() == 1 ? "" : "s");
        }
    }
}

}  // namespace

ReviewSession::ReviewSession(ReviewSettings settings, Ledger& ledger, std::istream& in, std::ostream& out,
                             ReviewHooks hooks)
    : settings_(std::move(settings)), ledger_(ledger), in_(in), out_(out), hooks_(std::move(hooks)) {}

std::vector<std::string> ReviewSession::queue() const {
    std::vector<std::string> queue;
    const TestFile parsed = parse_test_file(mlab::read_file(settings_.file));
    for (const TestStanding& standing : standings(settings_.file, parsed, ledger_)) {
        const Decision decision = standing.test->decision();
        if (settings_.all || standing.stale || decision == Decision::pending || decision == Decision::none) {
            queue.push_back(standing.test->id());
        }
    }
    return queue;
}

int ReviewSession::run() {
    const fs::path& file = settings_.file;
    sidecar_ = read_sidecar(file);
    if (!sidecar_.problem.empty()) {
        out_ << fmt::format("note: {} could not be read ({}); showing the file's evidence lines only\n",
                            sidecar_.path.string(), sidecar_.problem);
    }
    const std::vector<std::string> ids = queue();
    if (ids.empty()) {
        const FileStatus s = status_of(file, parse_test_file(mlab::read_file(file)), ledger_);
        out_ << fmt::format("{}: nothing to review ({} kept, {} fixed, {} discarded)\n", file.string(),
                            s.kept, s.fixed, s.discarded);
        show_gone(s);
        return 0;
    }
    out_ << fmt::format("{}: {} test{} to review; answers are saved as you go (ledger {})\n", file.string(),
                        ids.size(), ids.size() == 1 ? "" : "s", ledger_.path().string());
    for (std::size_t q = 0; q < ids.size(); ++q) {
        if (review(q + 1, ids.size(), ids[q]) == Next::stop) {
            break;
        }
    }
    const FileStatus s = status_of(file, parse_test_file(mlab::read_file(file)), ledger_);
    const std::size_t decided = session_.kept + session_.fixed + session_.discarded;
    out_ << fmt::format(
        "\nthis session: {} decided ({} kept, {} fixed, {} discarded), {} skipped\n"
        "{}: {} kept, {} fixed, {} discarded, {} pending{}{}\n",
        decided, session_.kept, session_.fixed, session_.discarded, session_.skipped, file.string(), s.kept,
        s.fixed, s.discarded, s.pending + s.undecided, s.stale > 0 ? fmt::format(", {} stale", s.stale) : "",
        s.pending + s.undecided + s.stale > 0
            ? fmt::format(" (run `curator review {}` again to go on)", file.string())
            : "");
    show_gone(s);
    return 0;
}

void ReviewSession::show_gone(const FileStatus& status) {
    for (const std::string& test : status.gone) {
        out_ << fmt::format(
            "the ledger records a decision for {}, which the file no longer has; clear it "
            "with {}\n",
            test, forget_command(settings_.file, test));
    }
}

ReviewSession::Next ReviewSession::review(std::size_t position, std::size_t total, const std::string& id) {
    std::string new_code;
    std::string checked;  // what compiling and running the fix found
    while (true) {
        const TestFile parsed = parse_test_file(mlab::read_file(settings_.file));
        const TestBlock* test = find_test(parsed, id);
        if (test == nullptr) {
            out_ << id << " is no longer in the file; skipped\n";
            ++session_.skipped;
            return Next::next_test;
        }
        show(*test, parsed, position, total, new_code);
        std::string answer;
        if (!ask("[k]eep  [f]ix  [d]iscard  [s]kip  [q]uit > ", answer) || answer == "q" ||
            answer == "quit") {
            return Next::stop;
        }
        if (answer == "s" || answer == "skip") {
            ++session_.skipped;
            return Next::next_test;
        }
        if (answer == "k" || answer == "keep") {
            if (!confirm_keep(*test, new_code)) {
                continue;
            }
            return decide(id, Decision::kept, "", "");
        }
        if (answer == "d" || answer == "discard") {
            if (!new_code.empty()) {
                out_ << fmt::format("(your unsaved fix stays in {})\n", draft_of(id).string());
            }
            return decide(id, Decision::discarded, "", "");
        }
        if (answer == "f" || answer == "fix") {
            if (fix(*test, new_code, checked)) {
                return decide(id, Decision::fixed, new_code, checked);
            }
            continue;
        }
        out_ << "answer k, f, d, s or q\n";
    }
}

bool ReviewSession::confirm_keep(const TestBlock& test, const std::string& new_code) {
    std::string warning;
    if (!new_code.empty()) {
        warning = fmt::format(
            "your fix of {} did not pass its check and is not saved; KEPT keeps the test as it is in the "
            "file, and the fix stays in {}",
            test.id(), draft_of(test.id()).string());
    } else {
        const auto found = sidecar_.tests.find(test.id());
        warning = keep_warning(test, found == sidecar_.tests.end() ? "" : found->second.verdict);
    }
    if (warning.empty()) {
        return true;
    }
    out_ << "warning:  " << mlab::wrap(warning, kWidth - kIndent.size(), kIndent) << "\n";
    std::string answer;
    return ask("keep it anyway? [y/N] > ", answer) && (answer == "y" || answer == "yes");
}

bool ReviewSession::ask(const std::string& prompt, std::string& answer) {
    out_ << prompt << std::flush;
    if (!std::getline(in_, answer)) {
        out_ << "\n";
        return false;
    }
    answer = std::string(mlab::fold_whitespace(answer));
    return true;
}

void ReviewSession::show(const TestBlock& test, const TestFile& parsed, std::size_t position,
                         std::size_t total, const std::string& new_code) {
    const Decision decision = test.decision();
    const std::size_t decided = session_.kept + session_.fixed + session_.discarded;
    out_ << fmt::format("\n[{}/{}] {}  (line {}, {}{}){}\n", position, total, test.id(), test.first_line,
                        test.commented_out ? "commented out" : "live",
                        decision == Decision::pending || decision == Decision::none
                            ? ""
                            : fmt::format(", now {}", decision_keyword(decision)),
                        decided + session_.skipped == 0
                            ? ""
                            : fmt::format("  {} decided, {} skipped so far", decided, session_.skipped));
    out_ << "----\n" << (new_code.empty() ? test.code : new_code) << "\n----\n";
    if (!new_code.empty()) {
        out_ << "(your fix, not saved yet)\n";
    }
    show_evidence(test, parsed);
}

void ReviewSession::show_evidence(const TestBlock& test, const TestFile& parsed) {
    if (!test.evidence.empty()) {
        out_ << "evidence: " << mlab::wrap(test.evidence, kWidth - kIndent.size(), kIndent) << "\n";
    }
    const auto found = sidecar_.tests.find(test.id());
    if (found != sidecar_.tests.end()) {
        show_record(out_, found->second);
    }
    for (const TestBlock& other : parsed.tests) {
        if (&other != &test && other.body_hash == test.body_hash && is_kept(other.decision())) {
            out_ << "duplicate of " << other.id() << " (kept; the same body)\n";
        }
    }
    show_same_kills(out_, test, parsed, sidecar_);
}

fs::path ReviewSession::draft_of(const std::string& id) const {
    return ledger_.path().parent_path() / "drafts" / (id + ".cpp");
}

bool ReviewSession::fix(const TestBlock& test, std::string& new_code, std::string& checked) {
    const std::string id = test.id();
    const fs::path draft = draft_of(id);
    if (!fs::exists(draft)) {
        fs::create_directories(draft.parent_path());
        mlab::write_file_atomic(draft, test.code + "\n");
    }
    hooks_.edit(draft);
    const std::string edited = mlab::read_file(draft);
    if (mlab::fold_whitespace(edited) == mlab::fold_whitespace(test.code)) {
        out_ << "the test is unchanged; fix it in the editor, or choose another answer\n";
        return false;
    }
    new_code = edited;
    if (settings_.build.build_dir.empty()) {
        out_ << "not checked: give -p BUILD_DIR to compile and run a fixed test first\n";
        return true;
    }
    std::string proposed;
    std::string fixed_id;  // the fix may rename the test
    try {
        fixed_id = edited_test_id(new_code);
        proposed = replace_test_code(mlab::read_file(settings_.file), id, new_code);
        proposed = set_decision(proposed, fixed_id, Decision::fixed, "being checked");
    } catch (const mlab::InputError& error) {
        out_ << "the edit cannot be used: " << error.what() << "\n";
        return false;
    }
    out_ << "checking the fix: compile and run...\n" << std::flush;
    const auto evidence = hooks_.check(settings_.file, proposed, {fixed_id}, settings_.build);
    const auto found = evidence.find(fixed_id);
    if (found == evidence.end() || found->second.verdict != Verdict::passed) {
        out_ << "the fixed test does not pass: "
             << (found == evidence.end() ? std::string("not found") : evidence_line(found->second))
             << "\nit is kept as a draft; [f]ix again or choose another answer\n";
        return false;
    }
    checked = evidence_line(found->second);
    out_ << "the fixed test " << checked << "\n";
    return true;
}

ReviewSession::Next ReviewSession::decide(const std::string& id, Decision decision,
                                          const std::string& new_code, const std::string& checked) {
    std::string reason;
    while (ask(fmt::format("reason for {} (one line) > ", decision_keyword(decision)), reason) &&
           reason.empty()) {
        out_ << "a decision needs a reason\n";
    }
    if (reason.empty()) {
        return Next::stop;
    }
    const bool fixed = decision == Decision::fixed;
    const LedgerRecord written = record_decision(settings_.file, id, decision, reason, "review", ledger_,
                                                 fixed ? new_code : "", checked);
    if (fixed && !new_code.empty()) {
        fs::remove(draft_of(id));
    }
    out_ << fmt::format("saved: // {}: {}{}\n", decision_keyword(decision), written.reason,
                        written.renamed_from.empty() ? "" : fmt::format(" (now named {})", written.test));
    ++(decision == Decision::kept ? session_.kept : fixed ? session_.fixed : session_.discarded);
    return Next::next_test;
}

}  // namespace curator
