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

    /// One session fed `input`; returns what it printed.
    std::string review(const std::string& input, ReviewHooks hooks = {}) {
        Ledger ledger = Ledger::load(Ledger::locate(file_, {}));
        std::istringstream in(input);
        std::ostringstream out;
        ReviewSession session({file_, {}, false}, ledger, in, out, std::move(hooks));
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
    EXPECT_THAT(printed, HasSubstr("2 decided this session"));

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
    EXPECT_THAT(first, HasSubstr("1 decided this session"));
    EXPECT_THAT(first, HasSubstr("run `curator review " + file_.string() + "` again to go on"));
    EXPECT_EQ(records().size(), 1U);

    const std::string second = review("d\nsame as AddsTwo\nk\na bug in the code, kept\n");
    EXPECT_THAT(second, HasSubstr("2 tests to review"));
    EXPECT_THAT(second, HasSubstr("[1/2] Sum.AddsZero"));
    EXPECT_THAT(second, Not(HasSubstr("Sum.AddsTwo  (line")));
    EXPECT_THAT(second, HasSubstr("2 decided this session; " + file_.string() +
                                  ": 2 kept, 0 fixed, 1 discarded, 0 pending\n"));

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
    EXPECT_THAT(printed, HasSubstr("0 decided this session"));
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

}  // namespace
}  // namespace curator
