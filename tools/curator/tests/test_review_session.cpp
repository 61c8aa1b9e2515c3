// The interactive review driven by text: keep, discard, fix, quit midway and resume, with the file and
// the ledger read back after each session (real files in a temporary folder, a real ledger).

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "curator/ledger.hpp"
#include "curator/review_session.hpp"
#include "mlab/common/files.hpp"

namespace curator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kGenerated = R"(#include <gtest/gtest.h>

// REVIEW: pending
// evidence: compiles; passes 5/5
TEST(Sum, AddsTwo) { EXPECT_EQ(1 + 1, 2); }

// REVIEW: pending
// evidence: compiles; passes 5/5
TEST(Sum, AddsZero) { EXPECT_EQ(1 + 0, 1); }

// REVIEW: pending
// evidence: compiles; fails on current code (5/5 runs)
TEST(Sum, Wrong) { EXPECT_EQ(1 + 1, 3); }
)";

class ReviewSessionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = mlab::make_temp_directory("curator-review-session");
        std::filesystem::create_directories(root_ / ".curator");
        file_ = root_ / "ai_test.cpp";
        mlab::write_file_atomic(file_, kGenerated);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    /// One session fed `input`; returns what it printed. With `build`, a fix is checked by hooks.check.
    std::string review(const std::string& input, ReviewHooks hooks = {}, bool build = false) {
        Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
        std::istringstream in(input);
        std::ostringstream out;
        BuildSettings settings;
        if (build) {
            settings.build_dir = root_ / "build";  // never used: hooks.check stands in for the build
        }
        ReviewSession session({file_, settings, false}, ledger, in, out, std::move(hooks));
        EXPECT_EQ(session.run(), 0);
        return out.str();
    }

    const TestBlock& test(const TestFile& parsed, const std::string& id) {
        const TestBlock* found = find_test(parsed, id);
        EXPECT_NE(found, nullptr) << id;
        return *found;
    }

    std::vector<LedgerRecord> records() { return Ledger::load(root_ / ".curator" / "ledger.json").records(); }

    std::filesystem::path root_;
    std::filesystem::path file_;
};

TEST_F(ReviewSessionTest, KeepsAndDiscardsWritingTheFileAndTheLedger) {
    const std::string printed = review("k\nchecks the sum\nd\nsame as AddsTwo\ns\n");
    EXPECT_THAT(printed, HasSubstr("3 tests to review"));
    EXPECT_THAT(printed, HasSubstr("[1/3] Sum.AddsTwo  (line 5, live)"));
    EXPECT_THAT(printed, HasSubstr("saved: // KEPT: checks the sum"));
    EXPECT_THAT(printed, HasSubstr("saved: // DISCARDED: same as AddsTwo"));
    EXPECT_THAT(printed, HasSubstr("this session: 2 decided (1 kept, 0 fixed, 1 discarded), 1 skipped\n"));
    EXPECT_THAT(printed, HasSubstr("[3/3] Sum.Wrong  (line 13, live)  2 decided, 0 skipped so far\n"));

    const std::string text = mlab::read_file(file_);
    EXPECT_THAT(text, HasSubstr("// KEPT: checks the sum\n// evidence: compiles; passes 5/5\n"
                                "TEST(Sum, AddsTwo) { EXPECT_EQ(1 + 1, 2); }\n"));
    EXPECT_THAT(text, HasSubstr("// DISCARDED: same as AddsTwo\n// evidence: compiles; passes 5/5\n"
                                "// TEST(Sum, AddsZero) { EXPECT_EQ(1 + 0, 1); }\n"));
    const TestFile parsed = parse_test_file(text);
    EXPECT_EQ(test(parsed, "Sum.Wrong").decision(), Decision::pending);  // skipped

    const std::vector<LedgerRecord> ledger = records();
    ASSERT_EQ(ledger.size(), 2U);
    EXPECT_EQ(ledger[0].test, "Sum.AddsTwo");
    EXPECT_EQ(ledger[0].decision, Decision::kept);
    EXPECT_EQ(ledger[0].reason, "checks the sum");
    EXPECT_EQ(ledger[0].by, "review");
    EXPECT_EQ(ledger[1].test, "Sum.AddsZero");
    EXPECT_EQ(ledger[1].decision, Decision::discarded);
    EXPECT_EQ(ledger[1].body_hash, test(parsed, "Sum.AddsZero").body_hash);
}

TEST_F(ReviewSessionTest, QuitMidwayThenResumeAsksOnlyWhatIsLeft) {
    const std::string first = review("k\nchecks the sum\nq\n");
    EXPECT_THAT(first, HasSubstr("this session: 1 decided (1 kept, 0 fixed, 0 discarded), 0 skipped"));
    EXPECT_THAT(first, HasSubstr("run `curator review " + file_.string() + "` again to go on"));
    EXPECT_EQ(records().size(), 1U);

    const std::string second = review("d\nsame as AddsTwo\nk\na bug in the code, kept\n");
    EXPECT_THAT(second, HasSubstr("2 tests to review"));
    EXPECT_THAT(second, HasSubstr("[1/2] Sum.AddsZero"));
    EXPECT_THAT(second, Not(HasSubstr("Sum.AddsTwo  (line")));
    EXPECT_THAT(second, HasSubstr("this session: 2 decided (1 kept, 0 fixed, 1 discarded), 0 skipped\n" +
                                  file_.string() + ": 2 kept, 0 fixed, 1 discarded, 0 pending\n"));

    const TestFile parsed = parse_test_file(mlab::read_file(file_));
    EXPECT_EQ(test(parsed, "Sum.AddsTwo").decision(), Decision::kept);
    EXPECT_EQ(test(parsed, "Sum.AddsZero").decision(), Decision::discarded);
    EXPECT_TRUE(test(parsed, "Sum.AddsZero").commented_out);
    EXPECT_EQ(test(parsed, "Sum.Wrong").decision(), Decision::kept);
    EXPECT_EQ(test(parsed, "Sum.Wrong").reason(), "a bug in the code, kept");
    EXPECT_EQ(records().size(), 3U);

    EXPECT_THAT(review(""), HasSubstr("nothing to review (2 kept, 0 fixed, 1 discarded)"));
}

TEST_F(ReviewSessionTest, TheEndOfInputStopsBeforeAReasonIsGiven) {
    const std::string printed = review("k\n\n");
    EXPECT_THAT(printed, HasSubstr("a decision needs a reason"));
    EXPECT_THAT(printed, HasSubstr("this session: 0 decided"));
    EXPECT_EQ(mlab::read_file(file_), kGenerated);
    EXPECT_TRUE(records().empty());
}

TEST_F(ReviewSessionTest, AFixIsEditedSavedAndItsDraftRemoved) {
    ReviewHooks hooks;
    int edits = 0;
    hooks.edit = [&](const std::filesystem::path& draft) {
        EXPECT_EQ(mlab::read_file(draft), "TEST(Sum, AddsTwo) { EXPECT_EQ(1 + 1, 2); }\n");
        ++edits;
        mlab::write_file_atomic(draft, "TEST(Sum, AddsTwo) { EXPECT_EQ(2 + 2, 4); }\n");
    };
    const std::string printed = review("x\nf\nadds four\nq\n", hooks);
    EXPECT_EQ(edits, 1);
    EXPECT_THAT(printed, HasSubstr("answer k, f, d, s or q"));
    EXPECT_THAT(printed, HasSubstr("not checked: give -p BUILD_DIR"));
    EXPECT_THAT(printed, HasSubstr("saved: // FIXED: adds four"));
    EXPECT_FALSE(std::filesystem::exists(root_ / ".curator" / "drafts" / "Sum.AddsTwo.cpp"));

    const TestFile parsed = parse_test_file(mlab::read_file(file_));
    const TestBlock& fixed = test(parsed, "Sum.AddsTwo");
    EXPECT_EQ(fixed.decision(), Decision::fixed);
    EXPECT_EQ(fixed.code, "TEST(Sum, AddsTwo) { EXPECT_EQ(2 + 2, 4); }");
    EXPECT_EQ(fixed.evidence, "fixed, not rechecked (generated version: compiles; passes 5/5)");
    ASSERT_EQ(records().size(), 1U);
    EXPECT_EQ(records()[0].decision, Decision::fixed);
    EXPECT_EQ(records()[0].body_hash, fixed.body_hash);
}

/// A check that finds the fix failing, or passing (`passes`), whatever test it is asked about.
ReviewHooks hooks_that_check(bool passes, int& edits, const std::string& fixed_code) {
    ReviewHooks hooks;
    hooks.edit = [&edits, fixed_code](const std::filesystem::path& draft) {
        ++edits;
        mlab::write_file_atomic(draft, fixed_code);
    };
    hooks.check = [passes](const std::filesystem::path&, const std::string&,
                           const std::vector<std::string>& ids, const BuildSettings&) {
        std::map<std::string, TestEvidence> out;
        TestEvidence& evidence = out[ids.at(0)];
        evidence.verdict = passes ? Verdict::passed : Verdict::failed;
        evidence.runs = 1;
        evidence.passes = passes ? 1 : 0;
        evidence.problem = passes ? "" : "Value of: 2 + 2 Expected: 5";
        return out;
    };
    return hooks;
}

TEST_F(ReviewSessionTest, KeepAfterAFixThatFailsAsksFirstAndKeepsTheFixAsADraft) {
    int edits = 0;
    const std::string fixed_code = "TEST(Sum, Wrong) { EXPECT_EQ(2 + 2, 5); }\n";
    // Skip two, fix the third (it fails), press k: warned, answer no; k again, yes, a reason.
    const std::string printed = review("s\ns\nf\nk\n\nk\ny\na real bug, kept as generated\n",
                                       hooks_that_check(false, edits, fixed_code), true);
    EXPECT_EQ(edits, 1);
    EXPECT_THAT(printed, HasSubstr("the fixed test does not pass"));
    EXPECT_THAT(
        printed,
        HasSubstr("warning:  your fix of Sum.Wrong did not pass its check and is not saved; KEPT keeps the"));
    EXPECT_THAT(printed, HasSubstr("keep it anyway? [y/N] > "));
    EXPECT_THAT(printed, HasSubstr("saved: // KEPT: a real bug, kept as generated"));
    const TestFile parsed = parse_test_file(mlab::read_file(file_));
    EXPECT_EQ(test(parsed, "Sum.Wrong").code, "TEST(Sum, Wrong) { EXPECT_EQ(1 + 1, 3); }");  // as generated
    EXPECT_EQ(test(parsed, "Sum.Wrong").decision(), Decision::kept);
    // The fix is not lost: its draft is still there for another try.
    EXPECT_EQ(mlab::read_file(root_ / ".curator" / "drafts" / "Sum.Wrong.cpp"), fixed_code);
}

TEST_F(ReviewSessionTest, KeepingATestThatDidNotCompileWarnsAndAsks) {
    mlab::write_file_atomic(file_, R"(#include <gtest/gtest.h>

// REVIEW: pending
// evidence: does not compile: line 2 of the test: 'struct Log' has no member named 'timestamp'
// TEST(Log, ReadsTimestamp) {
//     EXPECT_EQ(make().timestamp, 1);
// }
)");
    const std::string printed = review("k\nn\nk\nyes\nthe field exists now\n");
    EXPECT_THAT(printed, HasSubstr("warning:  Log.ReadsTimestamp did not compile when it was generated"));
    EXPECT_THAT(printed, HasSubstr("KEPT makes it live code\n          again"));
    EXPECT_THAT(printed, HasSubstr("saved: // KEPT: the field exists now"));
    EXPECT_FALSE(test(parse_test_file(mlab::read_file(file_)), "Log.ReadsTimestamp").commented_out);
}

TEST_F(ReviewSessionTest, TheEvidenceIsShownWholeAndWrapped) {
    const std::string cause(150, 'x');
    mlab::write_file_atomic(file_, "// REVIEW: pending\n// evidence: does not compile: line 1 of the test: " +
                                       cause + " has no member named 'timestamp'\nTEST(Sum, Long) {}\n");
    const std::string printed = review("q\n");
    EXPECT_THAT(printed, HasSubstr("evidence: does not compile: line 1 of the test:\n          " + cause +
                                   "\n          has no member named 'timestamp'\n"));
}

TEST_F(ReviewSessionTest, AFixMayRenameTheTestAndTheLedgerFollows) {
    int edits = 0;
    const std::string renamed = "TEST(Sum, RejectsAWrongTotal) { EXPECT_NE(1 + 1, 3); }\n";
    const std::string printed =
        review("s\ns\nf\nchecks that a wrong total differs\n", hooks_that_check(true, edits, renamed), true);
    EXPECT_THAT(printed, HasSubstr("saved: // FIXED: checks that a wrong total differs (now named "
                                   "Sum.RejectsAWrongTotal)"));
    const TestFile parsed = parse_test_file(mlab::read_file(file_));
    EXPECT_EQ(find_test(parsed, "Sum.Wrong"), nullptr);
    EXPECT_EQ(test(parsed, "Sum.RejectsAWrongTotal").decision(), Decision::fixed);
    ASSERT_EQ(records().size(), 1U);
    EXPECT_EQ(records()[0].test, "Sum.RejectsAWrongTotal");
    EXPECT_EQ(records()[0].renamed_from, "Sum.Wrong");
    // Renaming to a name the file has is refused, and the fix waits as a draft.
    int more = 0;
    const std::string clash =
        review("f\nq\n", hooks_that_check(true, more, "TEST(Sum, AddsZero) {}\n"), true);
    EXPECT_THAT(clash,
                HasSubstr("renames Sum.AddsTwo to Sum.AddsZero, which another test of the file is named"));
}

}  // namespace
}  // namespace curator
