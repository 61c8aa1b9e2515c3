// Unit tests of `mutator lab`'s planning: which mutants qualify as lab bugs, which test files the starter
// copy keeps, the spread and the clash rule, presets, and applying several bugs to one file. The report here
// is a hand-made kill matrix whose answer is known.

#include <algorithm>
#include <filesystem>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/lab.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

MutationSite site(const std::string& id, const std::string& file, unsigned line, const std::string& family,
                  const std::string& original = "<", const std::string& replacement = "<=") {
    MutationSite s;
    s.id = id;
    s.file = file;
    s.line = s.end_line = line;
    s.family = family;
    s.rule = family + ".rule";
    s.original = original;
    s.replacement = replacement;
    s.function = "lib::f" + id;
    return s;
}

mlab::MutantView mutant(const std::string& id, mlab::MutantStatus status,
                        const std::vector<std::string>& killers) {
    mlab::MutantView view;
    view.id = id;
    view.status = status;
    view.killed_by = killers;
    return view;
}

mlab::FileView file(const std::string& path, std::vector<mlab::MutantView> mutants) {
    mlab::FileView view;
    view.path = path;
    view.mutants = std::move(mutants);
    return view;
}

// Tests: S1 (starter, in starter.cpp), R1 (reference, in starter.cpp, so the starter copy keeps it too),
// R2 and R3 (reference only, in reference.cpp, left out of the starter copy).
std::vector<LabTest> tests() {
    return {{"S1", "tests/starter.cpp", true, true},
            {"R1", "tests/starter.cpp", false, true},
            {"R2", "tests/reference.cpp", false, true},
            {"R3", "tests/reference.cpp", false, true}};
}

struct Example {
    std::vector<MutationSite> sites{site("a", "src/a.cpp", 3, "ROR"),  site("b", "src/a.cpp", 3, "AOR"),
                                    site("c", "src/b.cpp", 7, "ROR"),  site("d", "src/b.cpp", 9, "SDL"),
                                    site("e", "src/b.cpp", 12, "ROR"), site("f", "src/b.cpp", 14, "ROR"),
                                    site("g", "src/c.cpp", 1, "ROR")};
    mlab::ReportView report = [] {
        using enum mlab::MutantStatus;
        mlab::ReportView view;
        view.files = {file("src/a.cpp", {mutant("a", Killed, {"R2"}), mutant("b", Killed, {"R2", "R3"})}),
                      file("src/b.cpp", {mutant("c", Killed, {"R3"}), mutant("d", Killed, {"S1", "R2"}),
                                         mutant("e", Killed, {"R1"}), mutant("f", Survived, {})}),
                      file("src/c.cpp", {mutant("g", Timeout, {})})};
        return view;
    }();
};

TEST(LabPlan, BugsAreKilledByTheReferenceSuiteAndMissedByEveryTestTheStarterKeeps) {
    const Example example;
    LabSettings settings;
    settings.bugs = 2;
    const LabPlan plan = plan_lab(example.sites, example.report, tests(), settings);
    // d is caught by a starter test, e by R1 which sits in a kept file, f survives, g timed out: a, b, c
    // qualify, and a and b share a line, so two bugs are c and one of a, b.
    EXPECT_EQ(plan.analysed, 7U);
    EXPECT_EQ(plan.qualified, 3U);
    EXPECT_THAT(plan.dropped_files, ElementsAre("tests/reference.cpp"));
    EXPECT_THAT(plan.starter_tests, ElementsAre("S1", "R1"));
    ASSERT_EQ(plan.bugs.size(), 2U);
    EXPECT_NE(plan.bugs[0].site.file, plan.bugs[1].site.file);
    for (const LabBug& bug : plan.bugs) {
        EXPECT_THAT(bug.site.id, ::testing::AnyOf("a", "b", "c"));
        EXPECT_FALSE(bug.caught_by.empty());
        EXPECT_FALSE(bug.hint.empty());
    }
    const auto c = std::find_if(plan.bugs.begin(), plan.bugs.end(),
                                [](const LabBug& bug) { return bug.site.id == "c"; });
    ASSERT_NE(c, plan.bugs.end());
    EXPECT_THAT(c->caught_by, ElementsAre("R3"));
}

TEST(LabPlan, TheSameSeedGivesTheSameBugsAndSeedsDiffer) {
    const Example example;
    LabSettings settings;
    settings.bugs = 1;
    std::set<std::string> seen;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        settings.seed = seed;
        const LabPlan first = plan_lab(example.sites, example.report, tests(), settings);
        const LabPlan again = plan_lab(example.sites, example.report, tests(), settings);
        ASSERT_EQ(first.bugs.size(), 1U);
        EXPECT_EQ(first.bugs[0].site.id, again.bugs[0].site.id);
        seen.insert(first.bugs[0].site.id);
    }
    EXPECT_GT(seen.size(), 1U);
}

TEST(LabPlan, TooFewQualifyingSaysHowManyDid) {
    const Example example;
    LabSettings settings;
    settings.bugs = 3;  // a, b, c qualify, but a and b share a line
    try {
        (void)plan_lab(example.sites, example.report, tests(), settings);
        FAIL() << "three bugs on distinct lines do not exist";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("only 3 of the 7 mutants analysed qualify"));
        EXPECT_THAT(error.what(), HasSubstr("2 of them on distinct lines; ask for at most 2"));
    }
}

TEST(LabPlan, ASuiteWithoutItsLabelIsBadInput) {
    const Example example;
    LabSettings settings;
    settings.bugs = 1;
    settings.starter_label = "students";
    std::vector<LabTest> none = tests();
    for (LabTest& test : none) {
        test.starter = false;
    }
    EXPECT_THROW((void)plan_lab(example.sites, example.report, none, settings), mlab::InputError);
}

TEST(LabPlan, APresetTakesExactlyItsSitesAndEachMustQualify) {
    const LabPreset& preset = find_lab_preset("seed-lab");
    ASSERT_EQ(preset.bugs.size(), 2U);
    std::vector<MutationSite> sites{
        site("x", "src/interaction.cpp", 9, "ROR", "<=", "<"),
        site("y", "src/interaction.cpp", 9, "ROR", "<=", ">"),
        site("z", "src/mapping.cpp", 11, "SLR", "\"created_at\"", "\"timestamp\""),
        site("w", "src/serialization.cpp", 10, "SLR", "\"created_at\"", "\"timestamp\"")};
    sites[0].function = "target_app::filter_by_max_item_id";
    sites[1].function = "target_app::filter_by_max_item_id";
    sites[2].function = "target_app::interaction_from_record";
    sites[3].function = "target_app::to_json";
    const std::vector<MutationSite> chosen = preset_sites(preset, sites);
    ASSERT_EQ(chosen.size(), 2U);
    EXPECT_EQ(chosen[0].id, "x");
    EXPECT_EQ(chosen[1].id, "z");

    LabSettings settings;
    settings.preset = "seed-lab";
    mlab::ReportView report;
    report.files = {file("src/interaction.cpp", {mutant("x", mlab::MutantStatus::Killed, {"R2"})}),
                    file("src/mapping.cpp", {mutant("z", mlab::MutantStatus::Killed, {"R3"})})};
    const LabPlan plan = plan_lab(chosen, report, tests(), settings);
    ASSERT_EQ(plan.bugs.size(), 2U);
    EXPECT_THAT(plan.bugs[0].hint, HasSubstr("item_id equals max_item_id"));
    EXPECT_THAT(plan.bugs[1].hint, HasSubstr("server's log"));

    report.files[1].mutants[0].killed_by = {"S1", "R3"};
    try {
        (void)plan_lab(chosen, report, tests(), settings);
        FAIL() << "a preset bug the starter suite catches does not qualify";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("src/mapping.cpp:11"));
        EXPECT_THAT(error.what(), HasSubstr("the starter suite already catches it (S1)"));
    }
    EXPECT_THROW((void)preset_sites(preset, {sites[1], sites[3]}), mlab::InputError);
    EXPECT_THROW((void)find_lab_preset("no-such-lab"), mlab::InputError);
}

TEST(LabPlan, SeveralBugsInOneFileAreAppliedTogether) {
    const std::string code = "int f(int a) { return a < 3 && a > 1; }\n";
    MutationSite lt = site("1", "f.cpp", 1, "ROR", "<", "<=");
    lt.offset = static_cast<std::uint32_t>(code.find('<'));
    lt.length = 1;
    MutationSite gt = site("2", "f.cpp", 1, "ROR", ">", ">=");
    gt.offset = static_cast<std::uint32_t>(code.find('>'));
    gt.length = 1;
    EXPECT_EQ(apply_sites(code, {lt, gt}), "int f(int a) { return a <= 3 && a >= 1; }\n");
    EXPECT_EQ(apply_sites(code, {gt, lt}), "int f(int a) { return a <= 3 && a >= 1; }\n");
}

TEST(LocateTests, FindsTypedAndParameterizedTestsByTheirSuiteAndProgram) {
    const fs::path root = mlab::make_temp_directory("mlab-locate");
    mlab::write_file_atomic(root / "typed.cpp",
                            "TYPED_TEST_P(PrimeTableTest2, ReturnsFalseForNonPrimes) {}\n"
                            "TYPED_TEST(PrimeTableTest, CanGetNextPrime) {}\n"
                            "\nTEST(Plain, One) {}\n");
    mlab::write_file_atomic(root / "param.cpp", "TEST_P(PrimeTableTest, CanGetNextPrime) {}\n");
    const auto test = [](const std::string& name, const std::string& program) {
        TestCase made;
        made.name = name;
        made.command = {program};
        return made;
    };
    std::vector<TestCase> tests{
        test("OnTheFlyAndPreCalculated/PrimeTableTest2/0.ReturnsFalseForNonPrimes", "typed"),
        test("PrimeTableTest/1.CanGetNextPrime", "typed"),
        test("PrimeTableTest.CanGetNextPrime<OnTheFlyPrimeTable>", "typed"),
        test("OnTheFly.ReturnsFalseForNonPrimes<PreCalculatedPrimeTable>", "typed"),
        test("Plain.One", "typed"),
        test("Meaningful/PrimeTableTest.CanGetNextPrime/(false, 10)", "param"),
        test("Missing.Test", "elsewhere")};
    locate_tests(tests, root, {"typed.cpp", "param.cpp"});
    EXPECT_EQ(tests[0].source_file, "typed.cpp");
    EXPECT_EQ(tests[0].source_line, 1U);
    EXPECT_EQ(tests[1].source_file, "typed.cpp");  // the name is in both files; the program's is typed.cpp
    EXPECT_EQ(tests[1].source_line, 2U);
    EXPECT_EQ(tests[2].source_line, 2U);
    EXPECT_EQ(tests[3].source_file, "typed.cpp");  // by its program alone: the line is unknown
    EXPECT_EQ(tests[3].source_line, 0U);
    EXPECT_EQ(tests[4].source_line, 4U);
    EXPECT_EQ(tests[5].source_file, "param.cpp");
    EXPECT_EQ(tests[6].source_file, "");
    fs::remove_all(root);
}

}  // namespace
}  // namespace mutator
