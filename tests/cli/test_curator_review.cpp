// `curator review`, `annotate`, `check`, `status` and `report` end to end, over a copy of
// tests/testdata/review: the annotated fixtures and each way of being wrong, the ledger and stale tests,
// the byte-exact round trip, the join with a hand-written mutation report whose kill matrix is known, and
// an interactive review session driven through tmux.

#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "report_checks.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class CuratorReview : public ExampleProject {
  protected:
    void SetUp() override {
        open("review");
        // The student's copy of the reviewed file lives outside the project, with its own ledger folder.
        student_ = temp() / "student";
        fs::create_directories(student_ / ".curator");
        fs::copy_file(root() / "tests" / "test_clamp_ai.cpp", ai_file());
        fs::copy_file(root() / "tests" / "test_clamp_ai.cpp.curator.json",
                      ai_file().string() + ".curator.json");
    }

    ProcessResult curator(std::vector<std::string> args, const fs::path& cwd = {}) const {
        args.insert(args.begin(), MLAB_CURATOR_BIN);
        return run(args, cwd.empty() ? student_ : cwd);
    }

    /// `curator annotate` of the decisions the file holds by hand (all but Clamp.ReturnsHighAboveRange's),
    /// with the same reasons: the file stays as it is, and the ledger records them.
    void record_the_files_decisions() const {
        for (const auto& [test, flag, reason] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"Clamp.ReturnsLowBelowRange", "--keep",
                  "covers the branch for values below the range, which no other test reaches"},
                 {"Clamp.KeepsLowBound", "--fix",
                  "expected 1 for the low bound; the low bound itself is inside the range"},
                 {"Clamp.KeepsInsideGenerated", "--keep", "a value inside the range comes back unchanged"},
                 {"Clamp.KeepsMiddleValue", "--keep",
                  "a second value inside the range, through the percent helper"},
                 {"Clamp.DuplicateOfExisting", "--discard", "duplicates Clamp.KeepsValueInside"}}) {
            ASSERT_EQ(curator({"annotate", "test_clamp_ai.cpp", test, flag, "--reason", reason}).exit_code, 0)
                << test;
        }
    }

    fs::path ai_file() const { return student_ / "test_clamp_ai.cpp"; }
    fs::path ledger() const { return student_ / ".curator" / "ledger.json"; }

    fs::path student_;
};

TEST_F(CuratorReview, CheckAcceptsTheCorrectFileAndNamesEveryWayOfBeingWrong) {
    const ProcessResult correct = curator({"check", "--no-build", "tests/test_clamp_ai.cpp"}, root());
    EXPECT_EQ(correct.exit_code, 0) << correct.standard_output << correct.standard_error;
    expect_golden("review", "check_correct.txt", correct.standard_output);

    for (const char* name : {"missing_reason", "two_decisions", "pending", "too_few_kept",
                             "too_few_discarded", "discarded_live", "malformed", "other_forms", "if_zero"}) {
        const ProcessResult result =
            curator({"check", "--no-build", std::string("cases/") + name + ".cpp"}, root());
        EXPECT_EQ(result.exit_code, 1) << name << "\n" << result.standard_output << result.standard_error;
        EXPECT_EQ(result.standard_error, "") << name;
        expect_golden("review", std::string("check_") + name + ".txt", result.standard_output);
    }
    // The minimums are options.
    const ProcessResult relaxed = curator(
        {"check", "--no-build", "--min-kept", "1", "--min-discarded", "0", "cases/too_few_discarded.cpp"},
        root());
    EXPECT_EQ(relaxed.exit_code, 0) << relaxed.standard_output;
    expect_input_error(curator({"check", "tests/test_clamp_ai.cpp"}, root()), "give -p BUILD_DIR");
    // A build folder or --beside file that cannot serve is bad input, even when no test needs building.
    expect_input_error(curator({"check", "-p", temp().string(), "cases/pending.cpp"}, root()),
                       "not a CMake build folder (no CMakeCache.txt)");
    expect_input_error(
        curator({"check", "-p", build().string(), "--beside", "nope.cpp", "cases/pending.cpp"}, root()),
        "--beside " + (root() / "nope.cpp").string() + ": no such file");  // named in full
    expect_input_error(curator({"check", "--no-build", "cases/nothing.cpp"}, root()),
                       "cases/nothing.cpp: no such file");
}

TEST_F(CuratorReview, CheckBuildsAndRunsTheKeptTestsWithTheTargetsFlags) {
    const ProcessResult built = curator({"check", "-p", build().string(), "test_clamp_ai.cpp"});
    EXPECT_EQ(built.exit_code, 0) << built.standard_output << built.standard_error;
    EXPECT_THAT(built.standard_output, HasSubstr("kept tests built and run: every rule holds"));

    // A kept test that fails and one that does not compile.
    std::string text = read_file(ai_file());
    text = std::regex_replace(text, std::regex(R"(clamp_percent\(7\), 7\))"), "clamp_percent(7), 8)");
    text =
        std::regex_replace(text, std::regex(R"(clamp_to\(-3, 0, 10\), 0\))"), "clamp_to(-3, 0, 10), zero)");
    write_file_atomic(ai_file(), text);
    const ProcessResult broken = curator({"check", "-p", build().string(), "test_clamp_ai.cpp"});
    EXPECT_EQ(broken.exit_code, 1) << broken.standard_output << broken.standard_error;
    EXPECT_THAT(broken.standard_output,
                HasSubstr("test_clamp_ai.cpp:15: Clamp.ReturnsLowBelowRange is KEPT but does not compile: "));
    EXPECT_THAT(broken.standard_output, HasSubstr("zero"));
    EXPECT_THAT(broken.standard_output,
                HasSubstr("test_clamp_ai.cpp:29: Clamp.KeepsMiddleValue is KEPT but fails: "));
    EXPECT_THAT(broken.standard_output, HasSubstr("2 violations"));
}

TEST_F(CuratorReview, AnnotateRecordsInTheLedgerKeepsABackupAndRoundTripsByteForByte) {
    const std::string original = read_file(ai_file());
    // Keep a discarded test: it is restored; discard it again with the same reason: the file is as before.
    ProcessResult kept = curator({"annotate", "test_clamp_ai.cpp", "Clamp.ReturnsHighAboveRange", "--keep",
                                  "--reason", "covers values above the range"});
    ASSERT_EQ(kept.exit_code, 0) << kept.standard_error;
    EXPECT_EQ(kept.standard_output,
              "test_clamp_ai.cpp: Clamp.ReturnsHighAboveRange KEPT: covers values above the range\n");
    EXPECT_THAT(read_file(ai_file()),
                HasSubstr("// KEPT: covers values above the range\n// evidence: compiles; "
                          "passes 5/5; covers 1 new line; kills 2 mutants, 1 the existing "
                          "tests miss\nTEST(Clamp, ReturnsHighAboveRange) {\n"
                          "    EXPECT_EQ(clamp_to(12, 0, 10), 10);\n\n"));
    EXPECT_EQ(read_file(student_ / ".curator" / "backups" / "test_clamp_ai.cpp"), original);
    ProcessResult discarded =
        curator({"annotate", "test_clamp_ai.cpp", "Clamp.ReturnsHighAboveRange", "--discard", "--reason",
                 "looks like a duplicate of ReturnsLowBelowRange"});
    ASSERT_EQ(discarded.exit_code, 0) << discarded.standard_error;
    EXPECT_EQ(read_file(ai_file()), original);

    const json ledger_json = json::parse(read_file(ledger()));
    ASSERT_EQ(ledger_json["decisions"].size(), 2U);
    const json& record = ledger_json["decisions"][1];
    EXPECT_EQ(record["file"], "test_clamp_ai.cpp");
    EXPECT_EQ(record["test"], "Clamp.ReturnsHighAboveRange");
    EXPECT_EQ(record["decision"], "discarded");
    EXPECT_EQ(record["by"], "annotate");
    EXPECT_EQ(record["body_hash"],
              ledger_json["decisions"][0]["body_hash"]);  // commenting out keeps the hash
    EXPECT_EQ(record["source"]["provider"], "replay");
    EXPECT_EQ(record["source"]["hand_written_sample"], true);
    EXPECT_EQ(record["source"]["verdict"], "passed");

    // The ledger knows the file now: the hand-written decisions of the others disagree with it.
    ProcessResult check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_THAT(
        check.standard_output,
        HasSubstr(
            "test_clamp_ai.cpp:13: Clamp.ReturnsLowBelowRange is KEPT in the file but has no record in"));
    ASSERT_NO_FATAL_FAILURE(record_the_files_decisions());
    EXPECT_EQ(read_file(ai_file()), original);
    check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 0) << check.standard_output;

    // A kept test edited afterwards is stale until reviewed again.
    std::string text = read_file(ai_file());
    text = std::regex_replace(text, std::regex(R"(clamp_percent\(7\), 7\))"), "clamp_percent(70), 70)");
    write_file_atomic(ai_file(), text);
    const ProcessResult status = curator({"status"});
    EXPECT_EQ(status.exit_code, 0) << status.standard_error;
    EXPECT_EQ(status.standard_output,
              "FILE               TESTS  PENDING  KEPT  FIXED  DISCARDED  UNDECIDED  STALE  GONE\n"
              "test_clamp_ai.cpp      6        0     3      1          2          0      1     0\n");
    check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_THAT(check.standard_output,
                HasSubstr("test_clamp_ai.cpp:29: Clamp.KeepsMiddleValue is stale: its code "
                          "changed after it was kept on "));
    ASSERT_EQ(curator({"annotate", "test_clamp_ai.cpp", "Clamp.KeepsMiddleValue", "--keep", "--reason",
                       "a second value inside the range, through the percent helper"})
                  .exit_code,
              0);
    EXPECT_EQ(curator({"check", "--no-build", "test_clamp_ai.cpp"}).exit_code, 0);

    // A fix given as a file replaces the test's code.
    write_file_atomic(student_ / "fix.cpp",
                      "TEST(Clamp, KeepsLowBound) {\n    EXPECT_EQ(clamp_to(0, 0, 10), 0) << \"low\";\n}\n");
    ASSERT_EQ(curator({"annotate", "test_clamp_ai.cpp", "Clamp.KeepsLowBound", "--fix", "--code", "fix.cpp",
                       "--reason", "the low bound is inside the range"})
                  .exit_code,
              0);
    EXPECT_THAT(read_file(ai_file()),
                HasSubstr("// FIXED: the low bound is inside the range\n// evidence: fixed, not rechecked "
                          "(generated version: compiles; fails on current code (5/5 runs): a bug, or a wrong "
                          "expectation?)\n"
                          "TEST(Clamp, KeepsLowBound) {\n    EXPECT_EQ(clamp_to(0, 0, 10), 0) "
                          "<< \"low\";\n}\n"));
}

TEST_F(CuratorReview, TheLedgerFollowsARenameAndForgetClearsTheRecordOfADeletedTest) {
    // Every decision the file holds, recorded as the student made it.
    ASSERT_EQ(curator({"annotate", "test_clamp_ai.cpp", "Clamp.ReturnsHighAboveRange", "--discard",
                       "--reason", "looks like a duplicate of ReturnsLowBelowRange"})
                  .exit_code,
              0);
    ASSERT_NO_FATAL_FAILURE(record_the_files_decisions());
    ASSERT_EQ(curator({"check", "--no-build", "test_clamp_ai.cpp"}).exit_code, 0);

    // Renamed, its body untouched: the ledger's decision follows it (not stale, no record missing).
    std::string text = read_file(ai_file());
    text = std::regex_replace(text, std::regex(R"(TEST\(Clamp, KeepsMiddleValue\))"),
                              "TEST(Clamp, KeepsAValueInTheMiddle)");
    write_file_atomic(ai_file(), text);
    ProcessResult check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 0) << check.standard_output;
    EXPECT_THAT(
        curator({"status"}).standard_output,
        HasSubstr("test_clamp_ai.cpp      6        0     3      1          2          0      0     0\n"));

    // Deleted: check says which command clears the record.
    text = std::regex_replace(read_file(ai_file()),
                              std::regex(R"(// DISCARDED: duplicates Clamp.KeepsValueInside\n(//[^\n]*\n)*)"),
                              "");
    write_file_atomic(ai_file(), text);
    check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_THAT(
        check.standard_output,
        HasSubstr("the ledger records a decision for Clamp.DuplicateOfExisting, which is not in the file; "
                  "if it was renamed with its code changed, or deleted, clear the record with `curator "
                  "forget "));
    EXPECT_THAT(check.standard_output, HasSubstr(" Clamp.DuplicateOfExisting --reason \"...\"`"));
    // status shows the record too, and review says how to clear it when nothing is left to review.
    const ProcessResult gone = curator({"status"});
    EXPECT_THAT(
        gone.standard_output,
        HasSubstr("test_clamp_ai.cpp      5        0     3      1          1          0      0     1\n"));
    EXPECT_THAT(
        gone.standard_output,
        HasSubstr("records a decision for Clamp.DuplicateOfExisting, which test_clamp_ai.cpp no longer "
                  "has; clear it with `curator forget test_clamp_ai.cpp Clamp.DuplicateOfExisting"));
    const ProcessResult nothing = curator({"review", "test_clamp_ai.cpp"});
    EXPECT_THAT(nothing.standard_output, HasSubstr("nothing to review"));
    EXPECT_THAT(nothing.standard_output,
                HasSubstr("the ledger records a decision for Clamp.DuplicateOfExisting, which the file no "
                          "longer has; clear it with `curator forget"));

    // forget refuses a test the file has, one the ledger does not know, and an empty reason.
    expect_input_error(
        curator({"forget", "test_clamp_ai.cpp", "Clamp.ReturnsLowBelowRange", "--reason", "x"}),
        "Clamp.ReturnsLowBelowRange is in the file; decide it again with `curator review`");
    expect_input_error(curator({"forget", "test_clamp_ai.cpp", "Clamp.Nope", "--reason", "x"}),
                       "records no decision for Clamp.Nope");
    expect_input_error(curator({"forget", "test_clamp_ai.cpp", "Clamp.DuplicateOfExisting", "--reason", " "}),
                       "--reason: say in one line why");

    const ProcessResult forgot = curator({"forget", "test_clamp_ai.cpp", "Clamp.DuplicateOfExisting",
                                          "--reason", "deleted: a duplicate has no place in the file"});
    ASSERT_EQ(forgot.exit_code, 0) << forgot.standard_error;
    EXPECT_THAT(forgot.standard_output, HasSubstr("forgot Clamp.DuplicateOfExisting in "));
    check = curator({"check", "--no-build", "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 0) << check.standard_output;
    const json last = json::parse(read_file(ledger()))["decisions"].back();
    EXPECT_EQ(last["test"], "Clamp.DuplicateOfExisting");
    EXPECT_EQ(last["by"], "forget");
    EXPECT_EQ(last["decision"], "none");
    EXPECT_EQ(last["reason"], "deleted: a duplicate has no place in the file");
    // Forgotten once is forgotten: the ledger still loads, and a second forget has nothing to clear.
    expect_input_error(
        curator({"forget", "test_clamp_ai.cpp", "Clamp.DuplicateOfExisting", "--reason", "again"}),
        "records no decision for Clamp.DuplicateOfExisting");
}

TEST_F(CuratorReview, AnnotateWarnsBeforeKeepingABrokenTestAndAFixMayRenameIt) {
    write_file_atomic(student_ / "test_broken_ai.cpp", R"(#include <gtest/gtest.h>

#include "clamp.hpp"

// REVIEW: pending
// evidence: does not compile: line 2 of the test: 'struct Range' has no member named 'width'
// TEST(Clamp, ReadsTheWidth) {
//     EXPECT_EQ(make_range(0, 10).width, 10);
// }

// REVIEW: pending
// evidence: compiles; fails on current code (5/5 runs): a bug, or a wrong expectation?
TEST(Clamp, KeepsHighValues) { EXPECT_EQ(clamp_to(12, 0, 10), 12); }
)");
    const ProcessResult kept = curator({"annotate", "test_broken_ai.cpp", "Clamp.ReadsTheWidth", "--keep",
                                        "--reason", "the field exists now"});
    EXPECT_EQ(kept.exit_code, 0) << kept.standard_error;
    EXPECT_THAT(
        kept.standard_error,
        HasSubstr("curator: warning: Clamp.ReadsTheWidth did not compile when it was generated (does not "
                  "compile: line 2 of the test: 'struct Range' has no member named 'width'); KEPT makes "
                  "it live code again"));

    // The fixed test checks the opposite of what its name said: the fix renames it, the ledger follows.
    write_file_atomic(student_ / "fix.cpp",
                      "TEST(Clamp, CapsHighValues) { EXPECT_EQ(clamp_to(12, 0, 10), 10); }\n");
    const ProcessResult fixed =
        curator({"annotate", "test_broken_ai.cpp", "Clamp.KeepsHighValues", "--fix", "--code", "fix.cpp",
                 "--reason", "a value above the range is capped"});
    ASSERT_EQ(fixed.exit_code, 0) << fixed.standard_error;
    EXPECT_THAT(fixed.standard_error, Not(HasSubstr("warning")));
    EXPECT_THAT(fixed.standard_output,
                HasSubstr("Clamp.CapsHighValues FIXED: a value above the range is capped"));
    EXPECT_THAT(read_file(student_ / "test_broken_ai.cpp"),
                HasSubstr("// FIXED: a value above the range is capped\n// evidence: fixed, not rechecked "
                          "(generated version: compiles; fails on current code (5/5 runs): a bug, or a wrong "
                          "expectation?)\nTEST(Clamp, CapsHighValues) {"));
    const json last = json::parse(read_file(ledger()))["decisions"].back();
    EXPECT_EQ(last["test"], "Clamp.CapsHighValues");
    EXPECT_EQ(last["renamed_from"], "Clamp.KeepsHighValues");
    const ProcessResult check =
        curator({"check", "--no-build", "test_broken_ai.cpp", "--min-discarded", "0"});
    EXPECT_EQ(check.exit_code, 0) << check.standard_output;
}

TEST_F(CuratorReview, AnnotateRefusesBadInputAndChangesNothing) {
    const std::string original = read_file(ai_file());
    expect_input_error(
        curator({"annotate", "test_clamp_ai.cpp", "Clamp.Nope", "--keep", "--reason", "r"}),
        "test_clamp_ai.cpp: no test named Clamp.Nope (the file has: Clamp.ReturnsLowBelowRange");
    expect_input_error(
        curator({"annotate", "test_clamp_ai.cpp", "Clamp.KeepsLowBound", "--keep", "--reason", " "}),
        "the reason is empty");
    expect_input_error(curator({"annotate", "test_clamp_ai.cpp", "Clamp.KeepsLowBound", "--reason", "r"}),
                       "give one of --keep, --fix, --discard or --pending");
    expect_input_error(
        curator({"annotate", "test_clamp_ai.cpp", "Clamp.KeepsLowBound", "--keep", "--discard"}), "excludes");
    EXPECT_EQ(read_file(ai_file()), original);
    EXPECT_FALSE(fs::exists(ledger()));
    expect_input_error(curator({"review", "test_clamp_ai.cpp", "-p", temp().string()}),
                       "not a CMake build folder (no CMakeCache.txt)");
    expect_input_error(curator({"status", "nope.cpp"}), "nope.cpp: no such file");
    write_file_atomic(ledger(), "[1, 2]\n");
    expect_input_error(curator({"status", "test_clamp_ai.cpp"}), ".curator/ledger.json: not a ledger");
}

TEST_F(CuratorReview, ReportJoinsTheDecisionsWithTheKillMatrix) {
    const ProcessResult text =
        curator({"report", "--mutation", "mutation-report.json", "tests/test_clamp_ai.cpp"}, root());
    ASSERT_EQ(text.exit_code, 0) << text.standard_error;
    expect_golden("review", "report.txt", text.standard_output);
    const ProcessResult markdown =
        curator({"report", "--mutation", "mutation-report.json", "tests/test_clamp_ai.cpp", "-f", "markdown"},
                root());
    expect_golden("review", "report.md", markdown.standard_output);

    const ProcessResult json_run = curator(
        {"report", "--mutation", "mutation-report.json", "tests/test_clamp_ai.cpp", "-f", "json"}, root());
    ASSERT_EQ(json_run.exit_code, 0);
    const json report = json::parse(json_run.standard_output);
    EXPECT_EQ(report["score"]["with_curated"]["detected"], 3);
    EXPECT_EQ(report["score"]["without_curated"]["detected"], 2);
    EXPECT_EQ(report["score"]["with_curated"]["valid"], 6);
    std::map<std::string, json> tests;
    for (const json& test : report["tests"]) {
        tests[test["test"]] = test;
    }
    EXPECT_EQ(tests["Clamp.ReturnsLowBelowRange"]["only_kills"], json({"m2"}));
    EXPECT_EQ(tests["Clamp.ReturnsLowBelowRange"]["kills_from"], "report");
    EXPECT_EQ(tests["Clamp.ReturnsHighAboveRange"]["kills_from"], "generate");
    EXPECT_EQ(tests["Clamp.ReturnsHighAboveRange"]["only_kills"], json({"m4"}));
    EXPECT_EQ(tests["Clamp.DuplicateOfExisting"]["only_kills"], json::array());
    std::multiset<std::string> kinds;
    for (const json& warning : report["warnings"]) {
        kinds.insert(warning["kind"].get<std::string>());
    }
    EXPECT_EQ(kinds, (std::multiset<std::string>{"kept_kills_nothing", "kept_nothing_new", "kept_nothing_new",
                                                 "discarded_only_killer", "identical_kills"}));

    const ProcessResult html =
        curator({"report", "--mutation", "mutation-report.json", "tests/test_clamp_ai.cpp", "-f", "html",
                 "-o", (temp() / "join.html").string()},
                root());
    ASSERT_EQ(html.exit_code, 0) << html.standard_error;
    EXPECT_THAT(html.standard_output, HasSubstr("(6 tests, 4 mutants they kill, 5 warnings)"));
    const std::string page = read_file(temp() / "join.html");
    EXPECT_THAT(page, Not(HasSubstr("<script")));
    EXPECT_THAT(page, Not(HasSubstr("http")));
    // Six tests plus the "other tests" row, four mutant columns; the discarded only killer is starred red.
    const std::regex row("<tr data-test=");
    EXPECT_EQ(std::distance(std::sregex_iterator(page.begin(), page.end(), row), std::sregex_iterator()), 7);
    EXPECT_THAT(
        page, HasSubstr("<td class=\"c discarded\" title=\"Clamp.ReturnsHighAboveRange kills m4 (only it)\">"
                        "&#9733;</td>"));
    EXPECT_THAT(page, HasSubstr("<p id=\"kills-footnote\">* kills from the generate funnel&#39;s record"));
    // As a person sees it in Chromium: no error, no request, every row and its coloured cells.
    const json seen = inspect_page("inspect-join.mjs", {(temp() / "join.html").string()});
    EXPECT_EQ(seen["errors"], json::array());
    EXPECT_EQ(seen["requests"], json::array());
    EXPECT_THAT(seen["score"].get<std::string>(), HasSubstr("50.0% with the curated tests"));
    EXPECT_EQ(seen["columns"], json({"clamp.cpp:4", "clamp.cpp:5", "clamp.cpp:8", "clamp.cpp:10"}));
    std::map<std::string, json> rows;
    for (const json& row : seen["rows"]) {
        EXPECT_TRUE(row["visible"].get<bool>()) << row;
        rows[row["test"]] = row;
    }
    ASSERT_EQ(rows.size(), 7U);
    // ReturnsLowBelowRange (kept, green) kills m6 (line 4) and, alone, m2 (line 5).
    const json low_cells = json::array({{{"column", 0}, {"colour", "rgb(45, 164, 78)"}, {"star", ""}},
                                        {{"column", 1}, {"colour", "rgb(45, 164, 78)"}, {"star", "\u2605"}}});
    EXPECT_EQ(rows["Clamp.ReturnsLowBelowRange"]["filled"], low_cells);
    // The discarded ReturnsHighAboveRange (red) is the only test that kills m4 (line 8).
    const json high_cells =
        json::array({{{"column", 0}, {"colour", "rgb(207, 34, 46)"}, {"star", ""}},
                     {{"column", 2}, {"colour", "rgb(207, 34, 46)"}, {"star", "\u2605"}}});
    EXPECT_EQ(rows["Clamp.ReturnsHighAboveRange"]["filled"], high_cells);
    EXPECT_EQ(rows["Clamp.KeepsLowBound"]["badge"], "FIXED");
    EXPECT_EQ(rows["Clamp.KeepsLowBound"]["filled"], json::array());
    EXPECT_EQ(rows[""]["filled"].size(), 2U);  // the existing test kills m5 and m6
    expect_input_error(
        curator({"report", "--mutation", "tests/test_clamp.cpp", "tests/test_clamp_ai.cpp"}, root()),
        "tests/test_clamp.cpp: not JSON");
}

TEST_F(CuratorReview, TheHeatmapLabelsMutantsOfOneLineApart) {
    // m1 is on m6's line with m6's operator family: killed too, it gets a column of its own.
    json report = json::parse(read_file(root() / "mutation-report.json"));
    for (json& mutant : report["files"]["src/clamp.cpp"]["mutants"]) {
        if (mutant["id"] == "m1") {
            mutant["mutatorName"] = "ROR.lt_to_le";
            mutant["status"] = "Killed";
            mutant["killedBy"] = json::array({"Clamp.ReturnsLowBelowRange"});
        }
    }
    write_file_atomic(temp() / "report.json", report.dump());
    const ProcessResult html =
        curator({"report", "--mutation", (temp() / "report.json").string(), "tests/test_clamp_ai.cpp", "-f",
                 "html", "-o", (temp() / "join.html").string()},
                root());
    ASSERT_EQ(html.exit_code, 0) << html.standard_error;
    const json seen = inspect_page("inspect-join.mjs", {(temp() / "join.html").string()});
    EXPECT_EQ(seen["columns"], json({"clamp.cpp:4 ROR.lt_to_le", "clamp.cpp:4 ROR", "clamp.cpp:5",
                                     "clamp.cpp:8", "clamp.cpp:10"}));
}

/// A tmux server of its own, with one session running a command in a 200×60 terminal.
class Tmux {
  public:
    Tmux(const std::string& command, const fs::path& cwd)
        : socket_("mlab-review-" + std::to_string(::getpid()) + "-" + std::to_string(++sessions_)) {
        const ProcessResult started =
            run({"tmux", "-L", socket_, "-f", "/dev/null", "new-session", "-d", "-s", "review", "-x", "200",
                 "-y", "60", "-c", cwd.string(), command});
        EXPECT_TRUE(started.succeeded()) << started.standard_error;
    }
    ~Tmux() { run({"tmux", "-L", socket_, "kill-server"}); }
    Tmux(const Tmux&) = delete;
    Tmux& operator=(const Tmux&) = delete;

    std::string screen() const {
        return run({"tmux", "-L", socket_, "capture-pane", "-p", "-J", "-S", "-3000", "-t", "review"})
            .standard_output;
    }
    /// Waits until the screen shows `text` `count` times; fails the test after a minute.
    bool wait_for(const std::string& text, std::size_t count = 1) const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string shown = screen();
            std::size_t found = 0;
            for (std::size_t at = shown.find(text); at != std::string::npos; at = shown.find(text, at + 1)) {
                ++found;
            }
            if (found >= count) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "the screen never showed \"" << text << "\" " << count << " times:\n" << screen();
        return false;
    }
    /// Answers the review's question with `key`, then its reason prompt for `keyword` with `reason`.
    bool decide(const std::string& key, const std::string& keyword, const std::string& reason) const {
        type(key);
        if (!wait_for("reason for " + keyword + " (one line) > ")) {
            return false;
        }
        type(reason);
        return true;
    }
    void type(const std::string& line) const {
        run({"tmux", "-L", socket_, "send-keys", "-t", "review", "-l", line});
        run({"tmux", "-L", socket_, "send-keys", "-t", "review", "Enter"});
    }

  private:
    static inline int sessions_ = 0;
    std::string socket_;
};

TEST_F(CuratorReview, InteractiveReviewInATerminalIsResumable) {
    const std::string kDuplicateOfExisting =
        "duplicate of Clamp.KeepsValueInside (an existing test that kills the same 2 mutants)";
    // Every decision back to pending, as `curator generate` writes it.
    const std::string generated = std::regex_replace(
        read_file(ai_file()), std::regex(R"(// (KEPT|FIXED|DISCARDED): .*)"), "// REVIEW: pending");
    write_file_atomic(ai_file(), generated);
    // The editor: the first edit breaks the test, the second (on the kept draft) fixes it.
    write_file_atomic(
        student_ / "editor.sh",
        "#!/bin/sh\n"
        "if grep -q 'first edit' \"$1\"; then\n"
        "  sed -i 's|/\\* first edit \\*/ undefined_name|<< \"the low bound is inside\"|' \"$1\"\n"
        "else\n"
        "  sed -i 's|EXPECT_EQ(clamp_to(0, 0, 10), 0)|EXPECT_EQ(clamp_to(0, 0, 10), 0) /* first edit */ "
        "undefined_name|' \"$1\"\n"
        "fi\n");
    fs::permissions(student_ / "editor.sh", fs::perms::owner_exec, fs::perm_options::add);
    const std::string review = std::string("env VISUAL= EDITOR=./editor.sh ") + MLAB_CURATOR_BIN +
                               " review test_clamp_ai.cpp -p " + build().string();
    {
        Tmux terminal(review + "; echo \"review exited $?\"; sleep 600", student_);
        ASSERT_TRUE(terminal.wait_for("[1/6] Clamp.ReturnsLowBelowRange  (line 15, live)"));
        EXPECT_THAT(terminal.screen(), HasSubstr("kills:    2 mutants"));
        ASSERT_TRUE(terminal.wait_for("[k]eep  [f]ix  [d]iscard  [s]kip  [q]uit > "));
        terminal.type("k");
        ASSERT_TRUE(terminal.wait_for("reason for KEPT (one line) > "));
        terminal.type("");
        ASSERT_TRUE(terminal.wait_for("a decision needs a reason"));
        terminal.type("covers values below the range");
        ASSERT_TRUE(terminal.wait_for("saved: // KEPT: covers values below the range"));

        ASSERT_TRUE(terminal.wait_for("[2/6] Clamp.KeepsLowBound"));
        terminal.type("f");
        ASSERT_TRUE(terminal.wait_for("it is kept as a draft"));
        EXPECT_THAT(terminal.screen(), HasSubstr("the fixed test does not pass: does not compile"));
        ASSERT_TRUE(terminal.wait_for("[k]eep  [f]ix  [d]iscard  [s]kip  [q]uit > ", 3));
        EXPECT_THAT(terminal.screen(), HasSubstr("(your fix, not saved yet)"));
        terminal.type("f");
        ASSERT_TRUE(terminal.wait_for("the fixed test compiles; passes 1/1"));
        ASSERT_TRUE(terminal.wait_for("reason for FIXED (one line) > "));
        terminal.type("the low bound is inside the range");
        ASSERT_TRUE(terminal.wait_for("saved: // FIXED: the low bound is inside the range"));

        ASSERT_TRUE(terminal.wait_for("[3/6] Clamp.KeepsInsideGenerated"));
        EXPECT_THAT(terminal.screen(), HasSubstr(kDuplicateOfExisting));
        ASSERT_TRUE(terminal.decide("d", "DISCARDED", "duplicates Clamp.KeepsValueInside"));
        ASSERT_TRUE(terminal.wait_for("[4/6] Clamp.KeepsMiddleValue"));
        EXPECT_THAT(terminal.screen(), HasSubstr(kDuplicateOfExisting));
        terminal.type("q");
        ASSERT_TRUE(terminal.wait_for("review exited 0"));
        EXPECT_THAT(
            terminal.screen(),
            HasSubstr("this session: 3 decided (1 kept, 1 fixed, 1 discarded), 0 skipped\n"
                      "test_clamp_ai.cpp: 1 kept, 1 fixed, 1 discarded, 3 pending (run `curator review "
                      "test_clamp_ai.cpp` again"));
    }
    std::string text = read_file(ai_file());
    EXPECT_THAT(text, HasSubstr("// KEPT: covers values below the range\n"));
    EXPECT_THAT(
        text,
        HasSubstr(
            "// FIXED: the low bound is inside the range\n// evidence: after the fix: compiles; passes 1/1"));
    EXPECT_THAT(
        text, HasSubstr(" (generated version: compiles; fails on current code (5/5 runs): a bug, or a wrong "
                        "expectation?)\nTEST(Clamp, KeepsLowBound) { "
                        "EXPECT_EQ(clamp_to(0, 0, 10), 0) << \"the low bound is inside\"; }\n"));
    EXPECT_THAT(
        text, HasSubstr("// DISCARDED: duplicates Clamp.KeepsValueInside\n// evidence: compiles; passes 5/5; "
                        "covers no line the existing tests miss\n// TEST(Clamp, KeepsInsideGenerated) {\n"));
    EXPECT_FALSE(fs::exists(student_ / ".curator" / "drafts" / "Clamp.KeepsLowBound.cpp"));

    // Resumed: only the three still pending are asked.
    {
        Tmux terminal(review + "; echo \"review exited $?\"; sleep 600", student_);
        ASSERT_TRUE(terminal.wait_for("3 tests to review"));
        ASSERT_TRUE(terminal.wait_for("[1/3] Clamp.KeepsMiddleValue"));
        terminal.type("s");
        ASSERT_TRUE(terminal.wait_for("[2/3] Clamp.ReturnsHighAboveRange  (line 36, commented out)"));
        ASSERT_TRUE(terminal.decide("k", "KEPT", "covers values above the range"));
        ASSERT_TRUE(terminal.wait_for("[3/3] Clamp.DuplicateOfExisting"));
        EXPECT_THAT(terminal.screen(), HasSubstr(kDuplicateOfExisting));
        ASSERT_TRUE(terminal.decide("d", "DISCARDED", "duplicates Clamp.KeepsValueInside"));
        ASSERT_TRUE(terminal.wait_for("review exited 0"));
        EXPECT_THAT(terminal.screen(),
                    HasSubstr("this session: 2 decided (1 kept, 0 fixed, 1 discarded), 1 skipped\n"
                              "test_clamp_ai.cpp: 2 kept, 1 fixed, 2 discarded, 1 pending"));
    }
    text = read_file(ai_file());
    EXPECT_THAT(
        text,
        HasSubstr("// KEPT: covers values above the range\n// evidence: compiles; passes 5/5; covers 1 new "
                  "line; kills 2 mutants, 1 the existing tests miss\nTEST(Clamp, ReturnsHighAboveRange) "
                  "{\n    EXPECT_EQ(clamp_to(12, 0, 10), 10);\n\n    EXPECT_EQ(clamp_to(11, 0, 10), 10);  "
                  "// just above\n}\n"));
    const json ledger_json = json::parse(read_file(ledger()));
    ASSERT_EQ(ledger_json["decisions"].size(), 5U);
    EXPECT_EQ(ledger_json["decisions"][1]["by"], "review");
    const ProcessResult check = curator({"check", "-p", build().string(), "test_clamp_ai.cpp"});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_THAT(check.standard_output,
                HasSubstr("test_clamp_ai.cpp:27: Clamp.KeepsMiddleValue is still pending review\n"
                          "curator check: 1 file, 6 tests (2 kept, 1 fixed, 2 discarded, 1 "
                          "pending), kept tests built and run: 1 violation\n"));
}

}  // namespace
}  // namespace mlab::cli_testing
