#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mlab/report/view.hpp"

namespace mlab {
namespace {

TEST(GtestNameOf, MatchesEveryFormATestIdTakesInAReport) {
    EXPECT_EQ(gtest_name_of("Suite.Name"), "Suite.Name");
    EXPECT_EQ(gtest_name_of("unit.Suite.Name"), "Suite.Name");              // CTest's TEST_PREFIX
    EXPECT_EQ(gtest_name_of("Prefix/Suite.Name/3"), "Suite.Name");          // value-parameterized
    EXPECT_EQ(gtest_name_of("starter.Prefix/Suite.Name/3"), "Suite.Name");  // both
    EXPECT_EQ(gtest_name_of("Suite/0.Name"), "Suite.Name");                 // typed
    EXPECT_EQ(gtest_name_of("Prefix/Suite/1.Name"), "Suite.Name");          // type-parameterized
    EXPECT_EQ(gtest_name_of("Suite.Name<int>"), "Suite.Name");              // CTest's typed name
    EXPECT_EQ(gtest_name_of("ctest:Suite.Name"), "Suite.Name");             // a name two tests share
    EXPECT_EQ(gtest_name_of("smoke_test"), "smoke_test");                   // not a gtest name
    EXPECT_NE(gtest_name_of("Suite.NameLonger"), "Suite.Name");
    EXPECT_NE(gtest_name_of("OtherSuite.Name"), "Suite.Name");
}

nlohmann::ordered_json small_report() {
    return nlohmann::ordered_json::parse(R"({
      "schemaVersion": "2", "projectRoot": "/home/me/calc",
      "thresholds": {"high": 90, "low": 50},
      "config": {"thresholds": {"break": 75}},
      "files": {"src/a.cpp": {"language": "cpp", "source": "int f(int x) {\n  return x < 3;\n}\n",
        "mutants": [
          {"id": "m2", "mutatorName": "ROR", "replacement": "<=", "status": "Survived", "coveredBy": ["T.a"],
           "location": {"start": {"line": 2, "column": 12}, "end": {"line": 2, "column": 13}}},
          {"id": "m1", "mutatorName": "RVR", "replacement": "0", "status": "Killed", "killedBy": ["unit.T.b"],
           "coveredBy": ["T.a", "unit.T.b"],
           "location": {"start": {"line": 2, "column": 3}, "end": {"line": 2, "column": 15}}}]}},
      "testFiles": {"tests/t.cpp": {"tests": [{"id": "T.a", "name": "T.a",
                                               "location": {"start": {"line": 4}}}]}}
    })");
}

TEST(ViewReport, ReadsMutantsInLocationOrderWithTheirLines) {
    const ReportView view = view_report(small_report());
    EXPECT_EQ(view.project, "calc");
    ASSERT_EQ(view.files.size(), 1U);
    const FileView& file = view.files.front();
    ASSERT_EQ(file.mutants.size(), 2U);
    EXPECT_EQ(file.mutants[0].id, "m1");  // column 3 before column 12
    EXPECT_EQ(file.mutants[0].killed_by, std::vector<std::string>{"unit.T.b"});
    EXPECT_EQ(file.mutants[1].original, "<");
    EXPECT_EQ(file.mutants[1].line_before, "return x < 3;");
    EXPECT_EQ(file.mutants[1].line_after, "return x <= 3;");
    EXPECT_EQ(view.counts.killed, 1U);
    EXPECT_EQ(view.counts.survived, 1U);
    EXPECT_EQ(score_text(view.counts), "50.0%");
    ASSERT_EQ(view.undetected().size(), 1U);
    EXPECT_EQ(view.undetected().front()->id, "m2");
    ASSERT_EQ(view.tests.size(), 1U);
    EXPECT_EQ(view.tests.front().line, 4U);
}

TEST(ReportThresholds, ReadsTheBandsAndTheBreakGate) {
    const Thresholds thresholds = report_thresholds(small_report());
    EXPECT_EQ(thresholds.high, 90);
    EXPECT_EQ(thresholds.low, 50);
    ASSERT_TRUE(thresholds.break_at.has_value());
    EXPECT_DOUBLE_EQ(*thresholds.break_at, 75.0);
    EXPECT_FALSE(report_thresholds(nlohmann::ordered_json::object()).break_at.has_value());
}

}  // namespace
}  // namespace mlab
