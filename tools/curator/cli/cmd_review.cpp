// curator review: the interactive review, one pending (or stale) test at a time. Every answer is written to
// the file and the ledger at once, so a review can stop anywhere and resume.

#include <cstdlib>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "curator/review.hpp"
#include "curator/sidecar.hpp"
#include "mlab/common/cli_options.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator::cli {

namespace {
namespace fs = std::filesystem;

struct ReviewOptions {
    fs::path file;
    BuildSettings build;
    fs::path ledger;
    bool all = false;
};

std::set<std::string> kills_of(const Sidecar& sidecar, const std::string& test) {
    const auto found = sidecar.tests.find(test);
    return found == sidecar.tests.end() ? std::set<std::string>{} : found->second.kills;
}

/// The evidence shown above the question.
void show_evidence(const TestBlock& test, const TestFile& parsed, const Sidecar& sidecar) {
    if (!test.evidence.empty()) {
        std::cout << "evidence: " << test.evidence << "\n";
    }
    const auto found = sidecar.tests.find(test.id());
    if (found != sidecar.tests.end()) {
        const SidecarTest& record = found->second;
        if (!record.renamed_from.empty()) {
            std::cout << "renamed:  from " << record.renamed_from
                      << ", which an existing test already uses\n";
        }
        if (record.mutation_measured) {
            std::cout << fmt::format(
                "kills:    {} mutant{}{}\n", record.kills.size(), record.kills.size() == 1 ? "" : "s",
                record.kills.empty() ? ""
                : record.unique_kills.empty()
                    ? ", none that the existing tests miss"
                    : fmt::format(", {} that the existing tests miss ({})", record.unique_kills.size(),
                                  fmt::join(record.unique_kills, ", ")));
        }
        if (!record.duplicate_of.empty()) {
            std::cout << "duplicate of " << record.duplicate_of << " (the same body)\n";
        }
    }
    for (const TestBlock& other : parsed.tests) {
        const Decision decision = other.decision();
        if (&other != &test && other.body_hash == test.body_hash &&
            (decision == Decision::kept || decision == Decision::fixed)) {
            std::cout << "duplicate of " << other.id() << " (kept; the same body)\n";
        }
    }
    const std::set<std::string> kills = kills_of(sidecar, test.id());
    if (kills.empty()) {
        return;
    }
    for (const auto& [existing, existing_kills] : sidecar.existing_kills) {
        if (existing_kills == kills) {
            std::cout << fmt::format("duplicate of {} (an existing test that kills the same {} mutant{})\n",
                                     existing, kills.size(), kills.size() == 1 ? "" : "s");
        }
    }
    for (const TestBlock& other : parsed.tests) {
        const Decision decision = other.decision();
        if (&other != &test && (decision == Decision::kept || decision == Decision::fixed) &&
            kills_of(sidecar, other.id()) == kills) {
            std::cout << fmt::format("duplicate of {} (kept; kills the same {} mutant{})\n", other.id(),
                                     kills.size(), kills.size() == 1 ? "" : "s");
        }
    }
}

/// One line from the terminal; false at the end of input.
bool ask(const std::string& prompt, std::string& answer) {
    std::cout << prompt << std::flush;
    if (!std::getline(std::cin, answer)) {
        std::cout << "\n";
        return false;
    }
    answer = std::string(mlab::fold_whitespace(answer));
    return true;
}

std::string shell_quote(const std::string& text) {
    return "'" + mlab::replace_all(text, "'", "'\\''") + "'";
}

/// Opens the editor on `code` in a file under the ledger's folder; returns the edited code.
std::string edit(const std::string& code, const fs::path& drafts, const std::string& test_id) {
    const fs::path draft = drafts / (test_id + ".cpp");
    if (!fs::exists(draft)) {
        fs::create_directories(drafts);
        mlab::write_file_atomic(draft, code + "\n");
    }
    const char* visual = std::getenv("VISUAL");
    const char* editor = std::getenv("EDITOR");
    const std::string program = visual != nullptr && *visual != '\0'   ? visual
                                : editor != nullptr && *editor != '\0' ? editor
                                                                       : "vi";
    const int status = std::system((program + " " + shell_quote(draft.string())).c_str());
    if (status != 0) {
        throw mlab::InputError(fmt::format("the editor `{}` failed (status {}); the draft stays in {}",
                                           program, status, draft.string()));
    }
    return mlab::read_file(draft);
}

}  // namespace

void register_review(CLI::App& app, Command& command) {
    auto options = std::make_shared<ReviewOptions>();
    CLI::App* review =
        app.add_subcommand("review", "Review the pending tests one by one: keep, fix or discard");
    review->add_option("file", options->file, "The generated test file")->required();
    review
        ->add_option("-p,--build", options->build.build_dir,
                     "The project's build folder: a fixed test is compiled and run before it is saved")
        ->transform(mlab::absolute_path_option());
    review
        ->add_option("--beside", options->build.beside,
                     "A test file of the project whose target's flags and libraries build the file")
        ->transform(mlab::absolute_path_option());
    review
        ->add_option("--ledger", options->ledger, "The ledger (default: .curator/ledger.json of the project)")
        ->transform(mlab::absolute_path_option());
    review->add_flag("--all", options->all, "Ask about every test, decided ones too");
    review->callback([&command, options] {
        command = [options] {
            const ReviewOptions& o = *options;
            if (!fs::is_regular_file(o.file)) {
                throw mlab::InputError(fmt::format("{}: no such file", o.file.string()));
            }
            if (!o.build.build_dir.empty()) {
                check_build_settings(o.build);
            }
            Ledgers ledgers(o.ledger);
            Ledger& ledger = ledgers.of(o.file);
            const Sidecar sidecar = read_sidecar(o.file);
            if (!sidecar.problem.empty()) {
                std::cout << fmt::format(
                    "note: {} could not be read ({}); showing the file's evidence lines only\n",
                    sidecar.path.string(), sidecar.problem);
            }
            std::vector<std::string> queue;
            {
                const TestFile parsed = parse_test_file(mlab::read_file(o.file));
                for (const TestStanding& standing : standings(o.file, parsed, ledger)) {
                    const Decision decision = standing.test->decision();
                    if (o.all || standing.stale || decision == Decision::pending ||
                        decision == Decision::none) {
                        queue.push_back(standing.test->id());
                    }
                }
            }
            if (queue.empty()) {
                const FileStatus s = status_of(o.file, parse_test_file(mlab::read_file(o.file)), ledger);
                std::cout << fmt::format("{}: nothing to review ({} kept, {} fixed, {} discarded)\n",
                                         o.file.string(), s.kept, s.fixed, s.discarded);
                return 0;
            }
            std::cout << fmt::format("{}: {} test{} to review; answers are saved as you go (ledger {})\n",
                                     o.file.string(), queue.size(), queue.size() == 1 ? "" : "s",
                                     ledger.path().string());
            std::size_t decided = 0;
            bool stop = false;
            for (std::size_t q = 0; q < queue.size() && !stop; ++q) {
                const std::string& id = queue[q];
                std::string new_code;
                std::string checked;  // what compiling and running the fix found
                while (true) {
                    const TestFile parsed = parse_test_file(mlab::read_file(o.file));
                    const TestBlock* test = find_test(parsed, id);
                    if (test == nullptr) {
                        std::cout << id << " is no longer in the file; skipped\n";
                        break;
                    }
                    std::cout << fmt::format(
                        "\n[{}/{}] {}  (line {}, {}{})\n", q + 1, queue.size(), id, test->first_line,
                        test->commented_out ? "commented out" : "live",
                        test->decision() == Decision::pending || test->decision() == Decision::none
                            ? ""
                            : fmt::format(", now {}", decision_keyword(test->decision())));
                    std::cout << "----\n" << (new_code.empty() ? test->code : new_code) << "\n----\n";
                    if (!new_code.empty()) {
                        std::cout << "(your fix, not saved yet)\n";
                    }
                    show_evidence(*test, parsed, sidecar);
                    std::string answer;
                    if (!ask("[k]eep  [f]ix  [d]iscard  [s]kip  [q]uit > ", answer) || answer == "q" ||
                        answer == "quit") {
                        stop = true;
                        break;
                    }
                    if (answer == "s" || answer == "skip") {
                        break;
                    }
                    Decision decision = Decision::none;
                    if (answer == "k" || answer == "keep") {
                        decision = Decision::kept;
                    } else if (answer == "d" || answer == "discard") {
                        decision = Decision::discarded;
                    } else if (answer == "f" || answer == "fix") {
                        decision = Decision::fixed;
                        const std::string edited =
                            edit(test->code, ledger.path().parent_path() / "drafts", id);
                        if (mlab::fold_whitespace(edited) == mlab::fold_whitespace(test->code)) {
                            std::cout
                                << "the test is unchanged; fix it in the editor, or choose another answer\n";
                            continue;
                        }
                        new_code = edited;
                        if (!o.build.build_dir.empty()) {
                            std::string proposed;
                            try {
                                proposed = replace_test_code(mlab::read_file(o.file), id, new_code);
                                proposed = set_decision(proposed, id, Decision::fixed, "being checked");
                            } catch (const mlab::InputError& error) {
                                std::cout << "the edit cannot be used: " << error.what() << "\n";
                                continue;
                            }
                            std::cout << "checking the fix: compile and run...\n" << std::flush;
                            const auto evidence = run_tests(o.file, proposed, {id}, o.build);
                            const auto found = evidence.find(id);
                            if (found == evidence.end() || found->second.verdict != Verdict::passed) {
                                std::cout
                                    << "the fixed test does not pass: "
                                    << (found == evidence.end() ? std::string("not found")
                                                                : evidence_line(found->second))
                                    << "\nit is kept as a draft; [f]ix again or choose another answer\n";
                                continue;
                            }
                            checked = evidence_line(found->second);
                            std::cout << "the fixed test " << checked << "\n";
                        } else {
                            std::cout
                                << "not checked: give -p BUILD_DIR to compile and run a fixed test first\n";
                        }
                    } else {
                        std::cout << "answer k, f, d, s or q\n";
                        continue;
                    }
                    std::string reason;
                    while (
                        ask(fmt::format("reason for {} (one line) > ", decision_keyword(decision)), reason) &&
                        reason.empty()) {
                        std::cout << "a decision needs a reason\n";
                    }
                    if (reason.empty()) {
                        stop = true;
                        break;
                    }
                    const LedgerRecord written =
                        record_decision(o.file, id, decision, reason, "review", ledger,
                                        decision == Decision::fixed ? new_code : "", checked);
                    if (decision == Decision::fixed && !new_code.empty()) {
                        fs::remove(ledger.path().parent_path() / "drafts" / (id + ".cpp"));
                    }
                    std::cout << fmt::format("saved: // {}: {}\n", decision_keyword(decision),
                                             written.reason);
                    ++decided;
                    break;
                }
            }
            const FileStatus s = status_of(o.file, parse_test_file(mlab::read_file(o.file)), ledger);
            std::cout << fmt::format(
                "\n{} decided this session; {}: {} kept, {} fixed, {} discarded, {} pending{}\n", decided,
                o.file.string(), s.kept, s.fixed, s.discarded, s.pending + s.undecided,
                s.pending + s.undecided + s.stale > 0
                    ? fmt::format(" (run `curator review {}` again to go on)", o.file.string())
                    : "");
            return 0;
        };
    });
}

}  // namespace curator::cli
