// The pieces around the finder: applying a site, diffs, scope, config, variant choice and manifests.

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/config.hpp"
#include "mutator/mutation_text.hpp"
#include "mutator/scope.hpp"
#include "mutator/variants.hpp"

namespace mutator {
namespace {

MutationSite site_at(std::uint32_t offset, std::string original, std::string replacement) {
    MutationSite site;
    site.file = "src/a.cpp";
    site.offset = offset;
    site.length = static_cast<std::uint32_t>(original.size());
    site.original = std::move(original);
    site.replacement = std::move(replacement);
    site.line = 5;
    return site;
}

TEST(ApplySite, ReplacesExactlyTheRange) {
    EXPECT_EQ(apply_site("return a < b;", site_at(9, "<", "<=")), "return a <= b;");
    EXPECT_EQ(apply_site("f();g();", site_at(0, "f();", "")), "g();");
}

TEST(ApplySite, RefusesAFileThatChanged) {
    EXPECT_THROW(apply_site("return a > b;", site_at(9, "<", "<=")), std::invalid_argument);
    EXPECT_THROW(apply_site("short", site_at(9, "<", "<=")), std::invalid_argument);
}

TEST(UnifiedDiff, GivesOneHunkWithThreeLinesOfContext) {
    const std::string before = "1\n2\n3\n4\nreturn a < b;\n6\n7\n8\n9\n";
    const std::string after = "1\n2\n3\n4\nreturn a <= b;\n6\n7\n8\n9\n";
    EXPECT_EQ(unified_diff("src/a.cpp", before, after),
              "--- a/src/a.cpp\n+++ b/src/a.cpp\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-return a < b;\n+return a <= "
              "b;\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, MarksAMissingFinalNewline) {
    EXPECT_EQ(unified_diff("a.cpp", "x < y", "x <= y"),
              "--- a/a.cpp\n+++ b/a.cpp\n@@ -1,1 +1,1 @@\n-x < y\n\\ No newline at end of file\n+x <= y\n\\ "
              "No newline at "
              "end of file\n");
    EXPECT_EQ(unified_diff("a.cpp", "same\n", "same\n"), "");
}

TEST(UnifiedDiff, DeletesAWholeLine) {
    EXPECT_EQ(unified_diff("a.cpp", "a\nf();\nb\n", "a\n\nb\n"),
              "--- a/a.cpp\n+++ b/a.cpp\n@@ -1,3 +1,3 @@\n a\n-f();\n+\n b\n");
}

TEST(OneLineChange, ShortensAndNamesRemovals) {
    EXPECT_EQ(one_line_change(site_at(0, "<", "<=")), "< -> <=");
    EXPECT_EQ(one_line_change(site_at(0, "call(\n   x);", "")), "call( x); -> (removed)");
    EXPECT_EQ(one_line_change(site_at(0, std::string(80, 'x'), "0"), 10), "xxxxxxx... -> 0");
}

TEST(ProjectScope, ExcludesTestsThirdPartyAndBuildFoldersByDefault) {
    const ProjectScope scope("/p", "/p/out", {}, {});
    EXPECT_EQ(scope.relative_if_in_scope("/p/src/a.cpp"), "src/a.cpp");
    EXPECT_EQ(scope.relative_if_in_scope("/p/include/a.hpp"), "include/a.hpp");
    for (const char* excluded :
         {"/p/tests/a.cpp", "/p/src/test/a.cpp", "/p/src/a_test.cc", "/p/src/test_a.cpp",
          "/p/src/a_unittest.cc", "/p/third_party/x.h", "/p/out/gen.cpp", "/p/build/gen.cpp",
          "/usr/include/stdio.h", "/elsewhere/a.cpp"}) {
        EXPECT_EQ(scope.relative_if_in_scope(excluded), std::nullopt) << excluded;
    }
}

TEST(ProjectScope, IncludeAndExcludeGlobsOverrideTheDefaults) {
    const ProjectScope tests_too("/p", "/p/out", {"**"}, {"src/gen/**"});
    EXPECT_EQ(tests_too.relative_if_in_scope("/p/tests/a.cpp"), "tests/a.cpp");
    EXPECT_EQ(tests_too.relative_if_in_scope("/p/src/gen/a.cpp"), std::nullopt);
    const ProjectScope only_core("/p", "/p/out", {"core/**"}, {});
    EXPECT_EQ(only_core.relative_if_in_scope("/p/src/a.cpp"), std::nullopt);
    EXPECT_EQ(only_core.relative_if_in_scope("/p/core/a.cpp"), "core/a.cpp");
}

class ConfigTest : public ::testing::Test {
  protected:
    void SetUp() override { dir_ = mlab::make_temp_directory("mutator-config-test"); }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path write(const std::string& text) {
        mlab::write_file_atomic(dir_ / "mutator.yml", text);
        return dir_ / "mutator.yml";
    }
    std::filesystem::path dir_;
};

TEST_F(ConfigTest, ReadsEverySetting) {
    const Config config = load_config(
        write("operators: [ROR, AOR]\ndisable: [ROR.lt_to_ge]\ninclude: ['src/**']\nexclude: ['src/gen/**']\n"
              "string_pairs:\n  created_at: timestamp\narid: ['log_*']\n"));
    EXPECT_THAT(config.operators, ::testing::ElementsAre("ROR", "AOR"));
    EXPECT_THAT(config.disable, ::testing::ElementsAre("ROR.lt_to_ge"));
    EXPECT_THAT(config.include, ::testing::ElementsAre("src/**"));
    EXPECT_THAT(config.exclude, ::testing::ElementsAre("src/gen/**"));
    ASSERT_EQ(config.string_pairs.size(), 1U);
    EXPECT_EQ(config.string_pairs[0], (std::pair<std::string, std::string>{"created_at", "timestamp"}));
    ASSERT_TRUE(config.arid.has_value());
    EXPECT_THAT(*config.arid, ::testing::ElementsAre("log_*"));
}

TEST_F(ConfigTest, NamesTheFileAndTheProblem) {
    try {
        load_config(write("operators: ROR\n"));
        FAIL() << "expected an error";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(), ::testing::HasSubstr("mutator.yml: 'operators' must be a list of strings"));
    }
    EXPECT_THROW(load_config(write("colour: blue\n")), mlab::InputError);
    EXPECT_THROW(load_config(write("operators: [ROR\n")), mlab::InputError);
    EXPECT_THROW(load_config(dir_ / "missing.yml"), mlab::InputError);
}

std::vector<MutationSite> sample_sites() {
    std::vector<MutationSite> sites;
    for (const char* file : {"a.cpp", "b.cpp", "c.cpp"}) {
        for (const char* family : {"ROR", "AOR", "CR"}) {
            for (int i = 0; i < 4; ++i) {
                MutationSite site;
                site.file = file;
                site.family = family;
                site.rule = std::string(family) + ".x";
                site.id = std::string(file) + family + std::to_string(i);
                sites.push_back(site);
            }
        }
    }
    return sites;
}

TEST(ChooseVariants, IsDeterministicForASeedAndSpreadsOverFilesAndFamilies) {
    const auto sites = sample_sites();
    const auto first = choose_variants(sites, 9, 7);
    const auto again = choose_variants(sites, 9, 7);
    ASSERT_EQ(first.size(), 9U);
    std::set<std::pair<std::string, std::string>> groups;
    for (std::size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].id, again[i].id);
        groups.insert({first[i].file, first[i].family});
    }
    EXPECT_EQ(groups.size(), 9U);  // nine picks from nine (file, family) groups: one from each
    const auto other = choose_variants(sites, 9, 8);
    std::vector<std::string> a, b;
    for (std::size_t i = 0; i < 9; ++i) {
        a.push_back(first[i].id);
        b.push_back(other[i].id);
    }
    EXPECT_NE(a, b);
}

TEST(ChooseVariants, StopsWhenTheSitesRunOut) {
    EXPECT_EQ(choose_variants(sample_sites(), 500, 1).size(), 36U);
}

TEST(VariantManifest, DescribesTheBugAndHintsWithoutTheAnswer) {
    MutationSite site = site_at(0, "<=", "<");
    site.family = "ROR";
    site.rule = "ROR.le_to_lt";
    site.function = "target_app::filter_by_max_item_id";
    const nlohmann::json manifest = variant_manifest(site);
    EXPECT_EQ(manifest["description"],
              "In target_app::filter_by_max_item_id (src/a.cpp:5), '<=' was changed to '<' (boundary: "
              "less-or-equal becomes less-than).");
    const std::string hint = manifest["hint"];
    EXPECT_THAT(hint, ::testing::HasSubstr("target_app::filter_by_max_item_id"));
    EXPECT_THAT(hint, ::testing::Not(::testing::HasSubstr("<")));
}

}  // namespace
}  // namespace mutator
