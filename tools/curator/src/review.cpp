// Recording decisions, the autochecker's rules and the status of reviewed test files.

#include "curator/review.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "curator/cmake_project.hpp"
#include "curator/extract.hpp"
#include "curator/sidecar.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;

LedgerRecord record_decision(const fs::path& file, const std::string& test_id, Decision decision,
                             const std::string& reason, const std::string& by, Ledger& ledger,
                             const std::string& new_code, const std::string& checked) {
    const std::string before = mlab::read_file(file);
    std::string after = before;
    std::string id = test_id;  // a fix may rename the test
    try {
        const TestFile parsed_before = parse_test_file(before);
        const TestBlock* previous = find_test(parsed_before, test_id);
        const std::string old_evidence = previous == nullptr ? "" : previous->evidence;
        if (!new_code.empty()) {
            after = replace_test_code(after, test_id, new_code);
            id = edited_test_id(new_code);
        }
        after = set_decision(after, id, decision, reason);
        if (decision == Decision::fixed) {
            after = set_evidence(after, id, fixed_evidence(checked, old_evidence));
        }
    } catch (const mlab::InputError& error) {
        throw mlab::InputError(fmt::format("{}: {}", file.string(), error.what()));
    }
    const TestFile parsed = parse_test_file(after);
    const TestBlock* test = find_test(parsed, id);

    const std::string key = ledger.key_of(file);
    LedgerRecord record;
    record.file = key;
    record.test = id;
    record.decision = decision;
    record.reason = std::string(mlab::fold_whitespace(reason));
    record.at = now_iso8601();
    record.body_hash = test->body_hash;
    record.code_hash = test->code_hash;
    record.by = by;
    if (id != test_id) {
        record.renamed_from = test_id;
    }
    record.source = provenance_of(file, test_id);
    // A test renamed before: the sidecar knows it by its generated name, which its earlier record kept.
    const LedgerRecord* earlier = ledger.latest(file, test_id);
    if (earlier != nullptr && earlier->source.is_object() && earlier->source.contains("verdict") &&
        !(record.source.is_object() && record.source.contains("verdict"))) {
        record.source = earlier->source;
    }

    // The intent, the previous version, then the new one, then the ledger: a failure anywhere loses
    // nothing, and a command killed between the file and the ledger is finished by the next one.
    ledger.begin(record, file, after);
    const fs::path backup = ledger.path().parent_path() / "backups" / key.substr(key.find_first_not_of('/'));
    fs::create_directories(backup.parent_path());
    mlab::write_file_atomic(backup, before);
    mlab::write_file_atomic(file, after);
    ledger.commit(record);
    return record;
}

std::string keep_warning(const TestBlock& test, const std::string& verdict) {
    const bool broken = verdict == "compile_error" || verdict == "link_error" ||
                        (verdict.empty() && test.evidence.rfind("does not compile", 0) == 0);
    if (!broken) {
        return "";
    }
    return fmt::format(
        "{} did not {} when it was generated ({}); KEPT makes it live code{}, and the test "
        "program will not build unless what it uses changed since: fix it or discard it",
        test.id(), verdict == "link_error" ? "link" : "compile",
        test.evidence.empty() ? verdict : mlab::shorten(test.evidence, 160),
        test.commented_out ? " again" : "");
}

namespace {

bool forgotten(const LedgerRecord* record) {
    return record != nullptr && record->by == kForgetBy;
}

/// The latest record of a test the file no longer has, decided on the same body as `test`: `test` is that
/// test renamed. Null when there is none (or it is claimed already).
const LedgerRecord* renamed_record(const TestBlock& test, const std::vector<const LedgerRecord*>& gone,
                                   std::set<const LedgerRecord*>& claimed) {
    for (const LedgerRecord* record : gone) {
        if (!record->code_hash.empty() && record->code_hash == test.code_hash &&
            claimed.insert(record).second) {
            return record;
        }
    }
    return nullptr;
}

}  // namespace

namespace {

/// Each test's standing, and the ledger's records of tests the file no longer has that no test (renamed
/// with the same body, or by a fix) accounts for and no `forget` cleared.
struct Standings {
    std::vector<TestStanding> tests;
    std::vector<const LedgerRecord*> gone;
};

Standings standings_of(const fs::path& file, const TestFile& parsed, const Ledger& ledger) {
    std::set<std::string> present;
    for (const TestBlock& test : parsed.tests) {
        present.insert(test.id());
    }
    std::set<std::string> renamed_away;  // names a fix renamed a present test from
    for (const std::string& id : present) {
        const LedgerRecord* latest = ledger.latest(file, id);
        if (latest != nullptr && !latest->renamed_from.empty()) {
            renamed_away.insert(latest->renamed_from);
        }
    }
    std::vector<const LedgerRecord*> gone;
    for (const LedgerRecord* record : ledger.latest_of_file(file)) {
        if (present.count(record->test) == 0 && renamed_away.count(record->test) == 0 && !forgotten(record) &&
            record->decision != Decision::none) {
            gone.push_back(record);
        }
    }
    std::set<const LedgerRecord*> claimed;
    Standings out;
    for (const TestBlock& test : parsed.tests) {
        TestStanding standing;
        standing.test = &test;
        standing.record = ledger.latest(file, test.id());
        if (forgotten(standing.record)) {
            standing.record = nullptr;
        }
        if (standing.record == nullptr) {
            standing.record = renamed_record(test, gone, claimed);
            standing.renamed_from = standing.record != nullptr ? standing.record->test : "";
        } else {
            standing.renamed_from = standing.record->renamed_from;
        }
        const LedgerRecord* record = standing.record;
        standing.stale = record != nullptr && record->decision != Decision::pending &&
                         (record->code_hash.empty() ? record->body_hash != test.body_hash
                                                    : record->code_hash != test.code_hash);
        out.tests.push_back(standing);
    }
    for (const LedgerRecord* record : gone) {
        if (claimed.count(record) == 0) {
            out.gone.push_back(record);
        }
    }
    return out;
}

}  // namespace

std::vector<TestStanding> standings(const fs::path& file, const TestFile& parsed, const Ledger& ledger) {
    return standings_of(file, parsed, ledger).tests;
}

std::vector<std::string> gone_tests(const fs::path& file, const TestFile& parsed, const Ledger& ledger) {
    std::vector<std::string> out;
    for (const LedgerRecord* record : standings_of(file, parsed, ledger).gone) {
        out.push_back(record->test);
    }
    return out;
}

FileStatus status_of(const fs::path& file, const TestFile& parsed, const Ledger& ledger) {
    FileStatus status;
    const Standings all = standings_of(file, parsed, ledger);
    for (const LedgerRecord* record : all.gone) {
        status.gone.push_back(record->test);
    }
    for (const TestStanding& standing : all.tests) {
        ++status.tests;
        status.stale += standing.stale ? 1 : 0;
        switch (standing.test->decision()) {
            case Decision::pending:
                ++status.pending;
                break;
            case Decision::kept:
                ++status.kept;
                break;
            case Decision::fixed:
                ++status.fixed;
                break;
            case Decision::discarded:
                ++status.discarded;
                break;
            case Decision::none:
                ++status.undecided;
                break;
        }
    }
    return status;
}

namespace {

/// The violations of one file, as the text rules find them.
class TextCheck {
  public:
    TextCheck(const fs::path& file, const Ledger& ledger) : file_(file), ledger_(ledger) {}

    void add(std::size_t line, std::string message) { out_.push_back({file_, line, std::move(message)}); }

    /// The test's shape (unique name, closing brace) and its decision lines; returns its well-formed
    /// decision, none when it has none (each problem is added).
    Decision decision_of(const TestBlock& test, std::map<std::string, std::size_t>& first_of) {
        const std::string id = test.id();
        const auto [seen, fresh] = first_of.emplace(id, test.first_line);
        if (!fresh) {
            add(test.first_line,
                fmt::format("{} is defined twice (also line {}); rename one", id, seen->second));
        }
        if (!test.complete) {
            add(test.first_line, fmt::format("{} has no closing brace", id));
        }
        std::vector<std::string> lines;
        for (const DecisionLine& decision : test.decisions) {
            lines.push_back(std::to_string(decision.line));
            if (!decision.problem.empty()) {
                add(decision.line, decision.problem);
            }
        }
        if (test.decisions.empty() && !test.misplaced_decision.empty()) {
            add(test.first_line, test.misplaced_decision);
        } else if (test.decisions.empty()) {
            add(test.first_line,
                fmt::format("{} has no decision: add `// KEPT: <reason>`, `// FIXED: <reason>` or "
                            "`// DISCARDED: <reason>` just above it",
                            id));
        } else if (test.decisions.size() > 1) {
            add(test.decisions.front().line,
                fmt::format("{} has {} decision lines (lines {}); keep exactly one", id,
                            test.decisions.size(), fmt::join(lines, ", ")));
        } else {
            return test.decision();  // none when the one line is malformed, which is already named
        }
        return Decision::none;
    }

    /// A decided test: its reason, whether it is commented out as it should be, whether it is stale.
    void check_decided(const TestStanding& standing, Decision decision) {
        const TestBlock& test = *standing.test;
        const std::string id = test.id();
        const std::string_view keyword = decision_keyword(decision);
        if (test.reason().empty()) {
            add(test.decisions.front().line,
                fmt::format("{}: the {} line has no reason; say why in one line", id, keyword));
        }
        if (decision == Decision::discarded && !test.commented_out && test.in_if0) {
            add(test.first_line,
                fmt::format("{} is DISCARDED inside `#if 0`; a discarded test stays in the file as `// ` "
                            "lines instead (`curator annotate --discard` writes them)",
                            id));
        } else if (decision == Decision::discarded && !test.commented_out) {
            add(test.first_line,
                fmt::format("{} is DISCARDED but not commented out; a discarded test stays in "
                            "the file as `// ` lines",
                            id));
        } else if (decision != Decision::discarded && test.in_if0) {
            add(test.first_line,
                fmt::format("{} is {} but inside `#if 0`, so it is not compiled; a kept test must run", id,
                            keyword));
        } else if (decision != Decision::discarded && test.commented_out) {
            add(test.first_line,
                fmt::format("{} is {} but commented out; a kept test must run", id, keyword));
        }
        if (standing.stale) {
            add(test.first_line,
                fmt::format("{} is stale: its code changed after it was {} on {}; review it again", id,
                            decision_name(standing.record->decision), standing.record->at));
        }
    }

    /// The file's decision against the ledger's record of it.
    void check_record(const TestStanding& standing, Decision decision) {
        const TestBlock& test = *standing.test;
        const std::string id = test.id();
        const std::string_view keyword = decision_keyword(decision);
        const std::size_t line = test.decisions.front().line;
        const LedgerRecord* record = standing.record;
        if (record == nullptr) {
            add(line, fmt::format("{} is {} in the file but has no record in {}; record it with `curator "
                                  "annotate` or `curator review`",
                                  id, keyword, ledger_.path().string()));
        } else if (record->decision != decision) {
            add(line, fmt::format("{}: the file says {}, the ledger says {} ({})", id, keyword,
                                  decision_keyword(record->decision), record->at));
        } else if (mlab::fold_whitespace(record->reason) != mlab::fold_whitespace(test.reason())) {
            add(line, fmt::format("{}: the reason differs from the ledger's (\"{}\")", id,
                                  mlab::shorten(record->reason, 60)));
        }
    }

    /// Tests the ledger records for this file that the file no longer has, renamed or forgotten neither.
    void check_gone(const TestFile& parsed) {
        for (const std::string& test : gone_tests(file_, parsed, ledger_)) {
            add(1, fmt::format("the ledger records a decision for {}, which is not in the file; if it was "
                               "renamed with its code changed, or deleted, clear the record with {}",
                               test, forget_command(file_, test)));
        }
    }

    std::vector<Violation> sorted() {
        std::stable_sort(out_.begin(), out_.end(),
                         [](const Violation& a, const Violation& b) { return a.line < b.line; });
        return std::move(out_);
    }

  private:
    const fs::path& file_;
    const Ledger& ledger_;
    std::vector<Violation> out_;
};

}  // namespace

std::string forget_command(const fs::path& file, const std::string& test_id) {
    return fmt::format("`curator forget {} {} --reason \"...\"`", file.string(), test_id);
}

LedgerRecord forget_test(const fs::path& file, const std::string& test_id, const std::string& reason,
                         Ledger& ledger) {
    const std::string folded(mlab::fold_whitespace(reason));
    if (folded.empty()) {
        throw mlab::InputError("--reason: say in one line why the record goes (it is recorded)");
    }
    const LedgerRecord* latest = ledger.latest(file, test_id);
    if (latest == nullptr || latest->by == kForgetBy || latest->decision == Decision::none) {
        throw mlab::InputError(
            fmt::format("{}: {} records no decision for {}", file.string(), ledger.path().string(), test_id));
    }
    if (find_test(parse_test_file(mlab::read_file(file)), test_id) != nullptr) {
        throw mlab::InputError(
            fmt::format("{}: {} is in the file; decide it again with `curator review` or "
                        "`curator annotate` instead",
                        file.string(), test_id));
    }
    LedgerRecord record;
    record.file = ledger.key_of(file);
    record.test = test_id;
    record.decision = Decision::none;
    record.reason = folded;
    record.at = now_iso8601();
    record.by = kForgetBy;
    ledger.add(record);
    ledger.save();
    return record;
}

std::vector<Violation> check_text(const fs::path& file, const TestFile& parsed, const Ledger& ledger,
                                  const CheckRules& rules) {
    TextCheck check(file, ledger);
    if (parsed.tests.empty()) {
        check.add(1, "no TEST, TEST_F, TEST_P or TYPED_TEST block found, live or commented out");
    }
    const bool ledger_knows = ledger.knows(file);
    std::map<std::string, std::size_t> first_of;
    std::size_t kept = 0;
    std::size_t discarded = 0;
    for (const TestStanding& standing : standings(file, parsed, ledger)) {
        const Decision decision = check.decision_of(*standing.test, first_of);
        if (decision == Decision::pending) {
            check.add(standing.test->decisions.front().line,
                      fmt::format("{} is still pending review", standing.test->id()));
        }
        if (decision == Decision::none || decision == Decision::pending) {
            continue;
        }
        (decision == Decision::discarded ? discarded : kept) += 1;
        check.check_decided(standing, decision);
        if (ledger_knows) {
            check.check_record(standing, decision);
        }
    }
    if (ledger_knows) {
        check.check_gone(parsed);
    }
    for (const DecisionLine& stray : parsed.stray) {
        check.add(stray.line, stray.problem.empty()
                                  ? std::string("this decision line is not directly above a test (no "
                                                "blank line may come between)")
                                  : stray.problem);
    }
    if (!parsed.tests.empty() && kept < rules.min_kept) {
        check.add(1, fmt::format("{} kept or fixed test{}; at least {} required", kept, kept == 1 ? "" : "s",
                                 rules.min_kept));
    }
    if (!parsed.tests.empty() && discarded < rules.min_discarded) {
        check.add(1, fmt::format("{} discarded test{}; at least {} required", discarded,
                                 discarded == 1 ? "" : "s", rules.min_discarded));
    }
    return check.sorted();
}

namespace {

/// The project's test file that `file` goes beside: `beside`, the sidecar's record, or a file in the same
/// folder that a target compiles.
std::pair<fs::path, TargetOfFile> target_beside(const CMakeProject& project, const fs::path& file,
                                                const fs::path& beside) {
    if (!beside.empty()) {
        return {mlab::canonical_or_same(beside), project.target_of(beside)};
    }
    const Sidecar sidecar = read_sidecar(file);
    if (!sidecar.existing_tests.empty() &&
        fs::is_regular_file(project.source_dir() / sidecar.existing_tests)) {
        const fs::path tests = project.source_dir() / sidecar.existing_tests;
        return {mlab::canonical_or_same(tests), project.target_of(tests)};
    }
    std::vector<fs::path> candidates;
    const fs::path folder = mlab::canonical_or_same(file).parent_path();
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
        const std::string extension = entry.path().extension().string();
        if (entry.is_regular_file() && (extension == ".cpp" || extension == ".cc" || extension == ".cxx") &&
            entry.path() != mlab::canonical_or_same(file)) {
            candidates.push_back(entry.path());
        }
    }
    std::sort(candidates.begin(), candidates.end());
    for (const fs::path& candidate : candidates) {
        try {
            return {mlab::canonical_or_same(candidate), project.target_of(candidate)};
        } catch (const mlab::InputError&) {
            // Not compiled by any target; try the next.
        }
    }
    throw mlab::InputError(
        fmt::format("{}: no test file beside it is compiled by the project in {}; name one "
                    "with --beside",
                    file.string(), project.build_dir().string()));
}

/// What went wrong with a test that did not pass, in a few words.
std::string failure_text(const TestEvidence& evidence) {
    // The violation already names the test's line; the funnel's "line N of the test: " is dropped.
    std::string text = evidence.problem;
    if (const std::size_t at = text.find(" of the test: ");
        text.rfind("line ", 0) == 0 && at != std::string::npos) {
        text.erase(0, at + 14);
    }
    const std::string problem = text.empty() ? "" : ": " + mlab::shorten(text, 160);
    switch (evidence.verdict) {
        case Verdict::compile_error:
            return "does not compile" + problem;
        case Verdict::link_error:
            return "does not link" + problem;
        case Verdict::crashed:
            return "crashes" + problem;
        case Verdict::timed_out:
            return "does not finish (timed out)";
        case Verdict::failed:
            return "fails" + problem;
        case Verdict::flaky:
            return fmt::format("is flaky: passed {} of {} runs", evidence.passes, evidence.runs);
        case Verdict::passed:
            break;
    }
    return "passes";
}

}  // namespace

void check_build_settings(const BuildSettings& settings) {
    if (!fs::is_regular_file(settings.build_dir / "CMakeCache.txt")) {
        throw mlab::InputError(
            fmt::format("-p {}: not a CMake build folder (no CMakeCache.txt)", settings.build_dir.string()));
    }
    if (!settings.beside.empty() && !fs::is_regular_file(settings.beside)) {
        throw mlab::InputError(fmt::format("--beside {}: no such file", settings.beside.string()));
    }
}

std::map<std::string, TestEvidence> run_tests(const fs::path& file, const std::string& text,
                                              const std::vector<std::string>& test_ids,
                                              const BuildSettings& settings) {
    std::map<std::string, TestEvidence> out;
    if (test_ids.empty()) {
        return out;
    }
    const CMakeProject project = CMakeProject::open(settings.build_dir);
    const auto [beside, target] = target_beside(project, file, settings.beside);
    Extraction extraction = extract_tests(text, {});
    // Compiled after the file beside it, in its unit: a helper the student copied from it is that file's.
    leave_out_existing_definitions(extraction, mlab::read_file(beside));
    FunnelSettings funnel;
    const fs::path work = project.build_dir() / ".curator";
    funnel.scratch_dir = work / "scratch-check";
    funnel.object_cache = work / "objects";
    funnel.existing_tests = beside;
    funnel.stands_for = mlab::canonical_or_same(file);
    funnel.runs = settings.runs;
    funnel.test_timeout = std::chrono::milliseconds(static_cast<long>(settings.test_timeout_seconds * 1000));
    funnel.coverage = false;
    funnel.jobs = settings.jobs;
    Extraction chosen;
    chosen.includes = extraction.includes;
    std::vector<int> index_of(extraction.tests.size(), -1);
    for (std::size_t t = 0; t < extraction.tests.size(); ++t) {
        const std::string id = extraction.tests[t].suite + "." + extraction.tests[t].name;
        if (std::find(test_ids.begin(), test_ids.end(), id) != test_ids.end()) {
            index_of[t] = static_cast<int>(chosen.tests.size());
            chosen.tests.push_back(extraction.tests[t]);
        }
    }
    for (const Chunk& chunk : extraction.chunks) {
        if (chunk.test < 0) {
            chosen.chunks.push_back(chunk);
        } else if (index_of[static_cast<std::size_t>(chunk.test)] >= 0) {
            Chunk copy = chunk;
            copy.test = index_of[static_cast<std::size_t>(chunk.test)];
            chosen.chunks.push_back(copy);
        }
    }
    build_target(project, target.target, settings.jobs);
    funnel.place = find_test_place(project, target, work / "tree");
    const ExistingCoverage no_coverage;
    FunnelResult result;
    run_funnel({project, target, {}, chosen, {}, funnel, no_coverage, nullptr}, result);
    for (std::size_t t = 0; t < chosen.tests.size(); ++t) {
        out[chosen.tests[t].suite + "." + chosen.tests[t].name] = result.tests[t];
    }
    return out;
}

std::vector<Violation> check_build(const fs::path& file, const std::string& text, const TestFile& parsed,
                                   const BuildSettings& settings) {
    std::vector<std::string> ids;
    for (const TestBlock& test : parsed.tests) {
        const Decision decision = test.decision();
        if ((decision == Decision::kept || decision == Decision::fixed) && !test.commented_out &&
            test.complete) {
            ids.push_back(test.id());
        }
    }
    const std::map<std::string, TestEvidence> evidence = run_tests(file, text, ids, settings);
    std::vector<Violation> out;
    for (const TestBlock& test : parsed.tests) {
        const auto found = evidence.find(test.id());
        if (std::find(ids.begin(), ids.end(), test.id()) == ids.end()) {
            continue;
        }
        const std::string_view keyword = decision_keyword(test.decision());
        if (found == evidence.end()) {
            out.push_back({file, test.first_line,
                           fmt::format("{} is {} but the build did not find it (is it inside a comment or "
                                       "#if?)",
                                       test.id(), keyword)});
        } else if (found->second.verdict != Verdict::passed) {
            out.push_back({file, test.first_line,
                           fmt::format("{} is {} but {}", test.id(), keyword, failure_text(found->second))});
        }
    }
    return out;
}

}  // namespace curator
