// The reviewed test file: parsing, decisions, commenting out and restoring byte for byte, and the check
// rules against a ledger.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "curator/checker.hpp"
#include "curator/ledger.hpp"
#include "curator/review.hpp"
#include "curator/reviewed_file.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace curator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kFile = R"(#include <gtest/gtest.h>

namespace {

// REVIEW: pending
// evidence: compiles; passes 5/5
// The model's own comment.
TEST(Parse, Braces) {
    const char* text = "}}{";
    const char quote = '}';
    const char* raw = R"x(}
})x";
    /* } */ EXPECT_NE(text, raw);  // }
    EXPECT_EQ(quote, '}');
}

// KEPT: a kept test
TEST_F(Fixture, Kept) { EXPECT_TRUE(true); }

// DISCARDED: duplicates Parse.Braces
// TEST(Parse, Gone) {
//
//     EXPECT_EQ(1, 1);
// }
}  // namespace
)";

TEST(TestFile, FindsLiveAndCommentedTestsWithTheirBlocks) {
    const TestFile parsed = parse_test_file(kFile);
    ASSERT_EQ(parsed.tests.size(), 3U);
    const TestBlock& braces = parsed.tests[0];
    EXPECT_EQ(braces.id(), "Parse.Braces");
    EXPECT_EQ(braces.block_first, 5U);
    EXPECT_EQ(braces.first_line, 8U);
    EXPECT_EQ(braces.last_line, 15U);  // braces in strings, chars, raw strings and comments do not count
    EXPECT_TRUE(braces.complete);
    EXPECT_FALSE(braces.commented_out);
    EXPECT_EQ(braces.decision(), Decision::pending);
    EXPECT_EQ(braces.evidence, "compiles; passes 5/5");

    EXPECT_EQ(parsed.tests[1].macro, "TEST_F");
    EXPECT_EQ(parsed.tests[1].decision(), Decision::kept);
    EXPECT_EQ(parsed.tests[1].reason(), "a kept test");

    const TestBlock& gone = parsed.tests[2];
    EXPECT_TRUE(gone.commented_out);
    EXPECT_TRUE(gone.complete);
    EXPECT_EQ(gone.first_line, 21U);
    EXPECT_EQ(gone.last_line, 24U);
    EXPECT_EQ(gone.decision(), Decision::discarded);
    EXPECT_EQ(gone.code, "TEST(Parse, Gone) {\n\n    EXPECT_EQ(1, 1);\n}");
    EXPECT_TRUE(parsed.stray.empty());
}

TEST(TestFile, CommentLinesRoundTripExactly) {
    for (const std::string line :
         {"", " ", "x", "  indented", "//", "// already", "\t", "\r", "a\r", "///"}) {
        EXPECT_EQ(uncomment_line(comment_line(line)), line) << "[" << line << "]";
    }
    EXPECT_EQ(comment_line(""), "//");
    EXPECT_EQ(comment_line("  x"), "//   x");
    EXPECT_EQ(uncomment_line("   //x"), "x");  // commented by hand
}

TEST(TestFile, DiscardingThenKeepingRestoresTheTestByteForByte) {
    const std::string discarded = set_decision(kFile, "Parse.Braces", Decision::discarded, "a duplicate");
    const TestFile parsed = parse_test_file(discarded);
    const TestBlock* test = find_test(parsed, "Parse.Braces");
    ASSERT_NE(test, nullptr);
    EXPECT_TRUE(test->commented_out);
    EXPECT_EQ(test->decision(), Decision::discarded);
    EXPECT_EQ(test->body_hash, find_test(parse_test_file(kFile), "Parse.Braces")->body_hash);
    EXPECT_THAT(discarded, HasSubstr("// DISCARDED: a duplicate\n// evidence: compiles; passes 5/5\n"
                                     "// The model's own comment.\n// TEST(Parse, Braces) {\n"));

    const std::string restored = set_decision(discarded, "Parse.Braces", Decision::pending, "");
    EXPECT_EQ(set_decision(restored, "Parse.Braces", Decision::kept, "x"),
              set_decision(kFile, "Parse.Braces", Decision::kept, "x"));
    // Back to where it started: pending and live again.
    EXPECT_NE(restored, kFile);  // still commented out: pending does not move code
    const std::string kept = set_decision(discarded, "Parse.Braces", Decision::kept, "k");
    EXPECT_EQ(set_decision(set_decision(kept, "Parse.Braces", Decision::discarded, "d"), "Parse.Braces",
                           Decision::kept, "k"),
              kept);
    std::string original = kFile;
    EXPECT_EQ(set_decision(set_decision(kFile, "Parse.Gone", Decision::kept, "k"), "Parse.Gone",
                           Decision::discarded, "duplicates Parse.Braces"),
              original);
}

TEST(TestFile, KeepsWindowsLineEndings) {
    const std::string text = "// REVIEW: pending\r\nTEST(A, B) {\r\n\r\n  EXPECT_TRUE(true);\r\n}\r\n";
    const std::string discarded = set_decision(text, "A.B", Decision::discarded, "why");
    EXPECT_EQ(discarded,
              "// DISCARDED: why\r\n// TEST(A, B) {\r\n// \r\n//   EXPECT_TRUE(true);\r\n// }\r\n");
    EXPECT_EQ(set_decision(discarded, "A.B", Decision::pending, ""),
              "// REVIEW: pending\r\n// TEST(A, B) {\r\n// \r\n//   EXPECT_TRUE(true);\r\n// }\r\n");
    EXPECT_EQ(set_decision(set_decision(discarded, "A.B", Decision::kept, "k"), "A.B", Decision::pending, ""),
              text);
}

TEST(TestFile, ReportsMalformedAndStrayDecisions) {
    const TestFile parsed = parse_test_file(
        "// keep: lower case\nTEST(A, B) {}\n\n// KEPT: stray\n\nTEST(A, C) {}\n// REVIEW: later\nTEST(A, D) "
        "{}\n");
    ASSERT_EQ(parsed.tests.size(), 3U);
    EXPECT_EQ(parsed.tests[0].decision(), Decision::none);
    EXPECT_THAT(parsed.tests[0].decisions[0].problem, HasSubstr("write `// KEPT: <reason>`"));
    EXPECT_TRUE(parsed.tests[1].decisions.empty());
    ASSERT_EQ(parsed.stray.size(), 1U);
    EXPECT_EQ(parsed.stray[0].line, 4U);
    EXPECT_THAT(parsed.tests[2].decisions[0].problem, HasSubstr("only `// REVIEW: pending` is"));
}

TEST(TestFile, IgnoresTestMacrosInsideCommentsAndStrings) {
    const TestFile parsed = parse_test_file(
        "/*\nTEST(A, InBlockComment) {}\n*/\nconst char* s = R\"(\nTEST(A, InRawString) {}\n)\";\n"
        "// TEST(A, Prose) is mentioned here\nTEST(A, Real) {}\n");
    ASSERT_EQ(parsed.tests.size(), 1U);
    EXPECT_EQ(parsed.tests[0].id(), "A.Real");
}

TEST(TestFile, RefusesBadEdits) {
    EXPECT_THROW(set_decision(kFile, "Parse.Missing", Decision::kept, "r"), mlab::InputError);
    EXPECT_THROW(set_decision(kFile, "Parse.Braces", Decision::kept, "  "), mlab::InputError);
    EXPECT_THROW(set_decision(kFile, "Parse.Braces", Decision::kept, "two\nlines"), mlab::InputError);
    EXPECT_THROW(set_decision("TEST(A, B) {}\nTEST(A, B) {}\n", "A.B", Decision::kept, "r"),
                 mlab::InputError);
    EXPECT_THROW(set_decision("TEST(A, B) {\n", "A.B", Decision::discarded, "r"), mlab::InputError);
    EXPECT_THROW(replace_test_code(kFile, "Parse.Braces", "TEST(Parse, Gone) {}"), mlab::InputError);
    EXPECT_THROW(replace_test_code(kFile, "Parse.Braces", "int x;"), mlab::InputError);
}

TEST(TestFile, AFixMayRenameTheTestToANameTheFileDoesNotHave) {
    const std::string replaced = replace_test_code(kFile, "Parse.Braces", "TEST(Parse, Renamed) {}\n");
    const TestFile parsed = parse_test_file(replaced);
    EXPECT_EQ(find_test(parsed, "Parse.Braces"), nullptr);
    ASSERT_NE(find_test(parsed, "Parse.Renamed"), nullptr);
    EXPECT_EQ(find_test(parsed, "Parse.Renamed")->decision(), Decision::pending);
    EXPECT_EQ(edited_test_id("TEST(Parse, Renamed) {}"), "Parse.Renamed");
    EXPECT_THROW(edited_test_id("TEST(A, B) {}\nTEST(A, C) {}\n"), mlab::InputError);
}

TEST(TestFile, DecisionsWrittenInOtherFormsSayTheFormExpected) {
    const TestFile parsed = parse_test_file(
        "/* KEPT: in a block comment */\nTEST(A, Block) {}\n\n"
        "// KEPT - with a dash\nTEST(A, Dash) {}\n\n"
        "// DISCARDED wrong expectation\nTEST(A, NoColon) {}\n\n"
        "TEST(A, OnTheTestLine) {  // KEPT: good\n}\n\n"
        "// Fixed size buffer, an ordinary comment\n/* Keep in sync with the header */\nTEST(A, Plain) {}\n");
    ASSERT_EQ(parsed.tests.size(), 5U);
    ASSERT_EQ(parsed.stray.size(), 1U);
    EXPECT_EQ(parsed.stray[0].line, 1U);
    EXPECT_EQ(parsed.stray[0].problem,
              "`/* KEPT ... */` is not read as a decision: write it as a line comment of its own, "
              "`// KEPT: <reason>`, just above the test");
    EXPECT_EQ(
        parsed.tests[1].decisions.at(0).problem,
        "`// KEPT - with a dash` is not read as a decision: write `// KEPT: <reason>` (the word, then a "
        "colon)");
    EXPECT_THAT(parsed.tests[2].decisions.at(0).problem, HasSubstr("write `// DISCARDED: <reason>`"));
    EXPECT_EQ(parsed.tests[2].decision(), Decision::none);
    EXPECT_TRUE(parsed.tests[3].decisions.empty());
    EXPECT_THAT(parsed.tests[3].misplaced_decision,
                HasSubstr("A.OnTheTestLine's decision is at the end of its TEST line, where it is not read"));
    EXPECT_TRUE(parsed.tests[4].decisions.empty());
    EXPECT_TRUE(parsed.tests[4].misplaced_decision.empty());
}

TEST(TestFile, KnowsWhichTestsAreInsideIfZero) {
    const TestFile parsed = parse_test_file(
        "#if 0\nTEST(A, Off) {}\n#ifdef X\nTEST(A, OffToo) {}\n#endif\n#endif\n"
        "#if 0\n#else\nTEST(A, ElseBranch) {}\n#endif\n# if false\nTEST(A, False) {}\n#  endif\nTEST(A, On) "
        "{}\n");
    ASSERT_EQ(parsed.tests.size(), 5U);
    EXPECT_TRUE(parsed.tests[0].in_if0);
    EXPECT_TRUE(parsed.tests[1].in_if0);
    EXPECT_FALSE(parsed.tests[2].in_if0);
    EXPECT_TRUE(parsed.tests[3].in_if0);
    EXPECT_FALSE(parsed.tests[4].in_if0);
}

TEST(TestFile, ReplacesATestsCodeKeepingItsCommentState) {
    const std::string replaced =
        replace_test_code(kFile, "Parse.Gone", "TEST(Parse, Gone) { EXPECT_EQ(2, 2); }\n");
    EXPECT_THAT(replaced,
                HasSubstr("// DISCARDED: duplicates Parse.Braces\n// TEST(Parse, Gone) { EXPECT_EQ(2, 2); }\n"
                          "}  // namespace"));
}

TEST(TestFile, AFixRewritesTheEvidenceLineKeepingTheGeneratedVersion) {
    EXPECT_EQ(fixed_evidence("compiles; passes 1/1", "compiles; fails on current code"),
              "after the fix: compiles; passes 1/1 (generated version: compiles; fails on current code)");
    EXPECT_EQ(fixed_evidence("", "after the fix: x (generated version: compiles; fails)"),
              "fixed, not rechecked (generated version: compiles; fails)");
    EXPECT_EQ(fixed_evidence("", ""), "fixed, not rechecked");
    const std::string replaced = set_evidence(kFile, "Parse.Braces", "after the fix: y");
    EXPECT_THAT(
        replaced,
        HasSubstr("// REVIEW: pending\n// evidence: after the fix: y\n// The model's own comment.\n"));
    // A test without an evidence line gets one below its decision.
    EXPECT_THAT(set_evidence(kFile, "Fixture.Kept", "e"),
                HasSubstr("// KEPT: a kept test\n// evidence: e\nTEST_F(Fixture, Kept)"));
    EXPECT_THROW(set_evidence(kFile, "Fixture.Kept", "two\nlines"), mlab::InputError);
}

class Checks : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = mlab::make_temp_directory("curator-review-unit");
        std::filesystem::create_directories(root_ / ".curator");
        file_ = root_ / "ai_test.cpp";
        mlab::write_file_atomic(file_, kFile);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    std::vector<std::string> messages() {
        const Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
        std::vector<std::string> out;
        for (const Violation& violation :
             check_text(file_, parse_test_file(mlab::read_file(file_)), ledger, {})) {
            out.push_back(std::to_string(violation.line) + ": " + violation.message);
        }
        return out;
    }

    std::filesystem::path root_;
    std::filesystem::path file_;
};

TEST_F(Checks, LedgerRecordsDecisionsAndFindsStaleAndDisagreeingTests) {
    EXPECT_THAT(messages(), ElementsAre("1: 1 kept or fixed test; at least 2 required",
                                        "5: Parse.Braces is still pending review"));
    Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
    EXPECT_EQ(ledger.path(), root_ / ".curator" / "ledger.json");
    record_decision(file_, "Parse.Braces", Decision::kept, "covers braces", "test", ledger);
    EXPECT_EQ(mlab::read_file(root_ / ".curator" / "backups" / "ai_test.cpp"), kFile);
    // The ledger now knows the file: decisions written by hand are not in it.
    EXPECT_THAT(messages(), ElementsAre(HasSubstr("Fixture.Kept is KEPT in the file but has no record"),
                                        HasSubstr("Parse.Gone is DISCARDED in the file but has no record")));

    record_decision(file_, "Fixture.Kept", Decision::kept, "a kept test", "test", ledger);
    record_decision(file_, "Parse.Gone", Decision::discarded, "duplicates Parse.Braces", "test", ledger);
    EXPECT_THAT(messages(), ElementsAre());
    EXPECT_EQ(Ledger::load(ledger.path()).records().size(), 3U);

    // A changed body makes the test stale; a decision changed by hand disagrees with the ledger.
    std::string text = mlab::read_file(file_);
    text.replace(text.find("TEST_F(Fixture, Kept) { EXPECT_TRUE(true); }"), 44,
                 "TEST_F(Fixture, Kept) { EXPECT_TRUE(false); }");
    text.replace(text.find("// KEPT: covers braces"), 22, "// FIXED: covers braces");
    mlab::write_file_atomic(file_, text);
    EXPECT_THAT(messages(),
                ElementsAre(HasSubstr("Parse.Braces: the file says FIXED, the ledger says KEPT"),
                            HasSubstr("Fixture.Kept is stale: its code changed after it was kept on")));
    const FileStatus status = status_of(file_, parse_test_file(text), Ledger::load(ledger.path()));
    EXPECT_EQ(status.stale, 1U);
    EXPECT_EQ(status.kept, 1U);
    EXPECT_EQ(status.fixed, 1U);
    EXPECT_EQ(status.discarded, 1U);
}

TEST_F(Checks, IfZeroAndDecisionsOnTheTestLineGetTheirOwnMessages) {
    mlab::write_file_atomic(file_,
                            "// DISCARDED: wrong\n#if 0\nTEST(A, Off) {}\n#endif\n\n"
                            "#if 0\n// DISCARDED: wrong\nTEST(A, OffDecided) {}\n// KEPT: fine\n"
                            "TEST(A, KeptOff) {}\n#endif\n\nTEST(A, Line) {  // KEPT: fine\n}\n");
    EXPECT_THAT(
        messages(),
        ElementsAre("1: this decision line is not directly above a test (no blank line may come between)",
                    "1: 1 kept or fixed test; at least 2 required",
                    "3: A.Off has no decision: add `// KEPT: <reason>`, `// FIXED: <reason>` or "
                    "`// DISCARDED: <reason>` just above it",
                    "8: A.OffDecided is DISCARDED inside `#if 0`; a discarded test stays in the file as "
                    "`// ` lines instead (`curator annotate --discard` writes them)",
                    "10: A.KeptOff is KEPT but inside `#if 0`, so it is not compiled; a kept test must run",
                    HasSubstr("13: A.Line's decision is at the end of its TEST line")));
}

// A decision killed between the test file's write and the ledger's: the next command that loads the
// ledger finishes it, so review does not take the file's KEPT for a hand-written one and never ask again.
TEST_F(Checks, ADecisionKilledHalfwayIsFinishedByTheNextCommand) {
    Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
    LedgerRecord record;
    record.file = ledger.key_of(file_);
    record.test = "Parse.Braces";
    record.decision = Decision::kept;
    record.reason = "covers braces";
    record.at = "2026-12-01T00:00:00Z";
    record.by = "annotate";
    const std::string after = set_decision(kFile, "Parse.Braces", Decision::kept, "covers braces");
    // Killed after the file's write: the intent and the new file are there, the record is not.
    ledger.begin(record, file_, after);
    mlab::write_file_atomic(file_, after);
    mlab::write_file_atomic(root_ / ".curator" / "ledger.json.tmp.999999999", "half a ledger");
    Ledgers next({});
    const LedgerRecord* finished = next.of(file_).latest(file_, "Parse.Braces");
    ASSERT_NE(finished, nullptr);
    EXPECT_EQ(finished->decision, Decision::kept);
    EXPECT_EQ(Ledger::load(ledger.path()).records().size(), 1U);
    EXPECT_FALSE(std::filesystem::exists(root_ / ".curator" / "intent.json"));
    EXPECT_FALSE(std::filesystem::exists(root_ / ".curator" / "ledger.json.tmp.999999999"));

    // Killed before the file's write: the file keeps its old text, and the ledger does not change.
    record.test = "Fixture.Kept";
    record.decision = Decision::discarded;
    ledger.begin(record, file_, "text never written");
    Ledgers again({});
    EXPECT_EQ(again.of(file_).latest(file_, "Fixture.Kept"), nullptr);
    EXPECT_FALSE(std::filesystem::exists(root_ / ".curator" / "intent.json"));
}

TEST_F(Checks, ARefusedEditLeavesTheFileAndLedgerAlone) {
    Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
    EXPECT_THROW(record_decision(file_, "Parse.Braces", Decision::kept, "", "test", ledger),
                 mlab::InputError);
    EXPECT_EQ(mlab::read_file(file_), kFile);
    EXPECT_FALSE(std::filesystem::exists(ledger.path()));
    mlab::write_file_atomic(ledger.path(), "{\"decisions\": 3}");
    EXPECT_THROW(Ledger::load(ledger.path()), mlab::InputError);
}

TEST(LabChecker, ReadsFilesMinimumsAndRequiredTestsAndNamesTheMissingOnes) {
    const std::filesystem::path dir = mlab::make_temp_directory("mlab-checker");
    mlab::write_file_atomic(dir / "checker.json", R"({"checker": "mutation-lab", "version": 1,
        "tests": {"allMustPass": true, "required": ["Kept.One", "Gone.Two"]},
        "curation": {"files": ["tests/ai.cpp"], "minKept": 3, "minDiscarded": 2}})");
    const LabChecker checker = read_lab_checker(dir / "checker.json");
    ASSERT_EQ(checker.files.size(), 1U);
    EXPECT_EQ(checker.files[0], "tests/ai.cpp");
    EXPECT_EQ(checker.min_kept, 3U);
    EXPECT_EQ(checker.min_discarded, 2U);
    EXPECT_THAT(checker.required_tests, ElementsAre("Kept.One", "Gone.Two"));

    // A real CTest build that lists one of the two required tests.
    std::filesystem::create_directories(dir / "project");
    mlab::write_file_atomic(dir / "project" / "CMakeLists.txt",
                            "cmake_minimum_required(VERSION 3.22)\nproject(p NONE)\nenable_testing()\n"
                            "add_test(NAME Kept.One COMMAND true)\n");
    ASSERT_TRUE(mlab::run_process({"cmake", "-S", (dir / "project").string(), "-B", (dir / "build").string()})
                    .succeeded());
    const std::vector<Violation> missing =
        missing_required_tests(dir / "checker.json", checker.required_tests, dir / "build");
    ASSERT_EQ(missing.size(), 1U);
    EXPECT_EQ(missing[0].file, dir / "checker.json");
    EXPECT_THAT(missing[0].message, HasSubstr("the required test Gone.Two is not among the 1 tests of"));

    mlab::write_file_atomic(dir / "other.json", R"({"checker": "something-else"})");
    EXPECT_THROW((void)read_lab_checker(dir / "other.json"), mlab::InputError);
    mlab::write_file_atomic(dir / "broken.json",
                            R"({"checker": "mutation-lab", "curation": {"minKept": "two"}})");
    EXPECT_THROW((void)read_lab_checker(dir / "broken.json"), mlab::InputError);
    mlab::write_file_atomic(dir / "text.json", "not json");
    EXPECT_THROW((void)read_lab_checker(dir / "text.json"), mlab::InputError);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace curator
