// mutator list / show / apply / variants, run as a user would over the example projects.

#include <set>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace mlab::cli_testing {
namespace {

using ::testing::HasSubstr;

class MutatorCli : public ExampleProject {
  protected:
    void SetUp() override { open("calc"); }

    nlohmann::json list_json(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"list", "-p", build().string(), "--format", "json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const ProcessResult result = mutator(args);
        EXPECT_EQ(result.exit_code, 0) << result.standard_error;
        return nlohmann::json::parse(result.standard_output);
    }

    std::string id_of(const std::string& rule, const std::string& file) {
        const nlohmann::json list = list_json();
        for (const auto& site : list["sites"]) {
            if (site["mutator"] == rule && site["file"] == file) {
                return site["id"];
            }
        }
        ADD_FAILURE() << "no " << rule << " site in " << file;
        return {};
    }
};

TEST_F(MutatorCli, ListMatchesTheReviewedOutput) {
    const ProcessResult text = mutator({"list", "-p", build().string()});
    ASSERT_EQ(text.exit_code, 0) << text.standard_error;
    expect_golden("calc", "list.txt", text.standard_output);
    const ProcessResult json = mutator({"list", "-p", build().string(), "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.standard_error;
    expect_golden("calc", "list.json", json.standard_output);
}

TEST_F(MutatorCli, ListsASharedHeaderOnceAndNoTestFile) {
    const nlohmann::json list = list_json();
    std::set<std::string> ids;
    std::size_t header_sites = 0;
    for (const auto& site : list["sites"]) {
        EXPECT_TRUE(ids.insert(site["id"].get<std::string>()).second) << site;
        EXPECT_EQ(site["file"].get<std::string>().find("tests/"), std::string::npos) << site;
        header_sites += site["file"] == "include/calc/limits.hpp" ? 1 : 0;
    }
    EXPECT_EQ(header_sites, 3U);  // within(): RVR, and ROR's two rules, though two units include it
    EXPECT_EQ(list["skipped"]["suppressed"], 3);
    EXPECT_EQ(list["skipped"]["macro"], 4);
}

TEST_F(MutatorCli, PathsIncludeAndOperatorsNarrowTheScan) {
    const nlohmann::json report_only = list_json({"src/report.cpp"});
    EXPECT_FALSE(report_only["sites"].empty());
    for (const auto& site : report_only["sites"]) {
        EXPECT_EQ(site["file"], "src/report.cpp");
    }
    const nlohmann::json ror_sdl = list_json({"--operators", "ROR,SDL"});
    EXPECT_FALSE(ror_sdl["sites"].empty());
    for (const auto& site : ror_sdl["sites"]) {
        EXPECT_THAT(site["operator"].get<std::string>(), ::testing::AnyOf("ROR", "SDL"));
    }
    bool test_file = false;
    const nlohmann::json with_tests = list_json({"--include", "tests/**"});
    for (const auto& site : with_tests["sites"]) {
        test_file |= site["file"] == "tests/calc_test.cpp";
    }
    EXPECT_TRUE(test_file) << "--include overrides the default exclusion of tests";
    EXPECT_TRUE(list_json({"--exclude", "src/**", "--exclude", "include/**"})["sites"].empty());
}

TEST_F(MutatorCli, ShowPrintsTheMutantsDiff) {
    const ProcessResult result =
        mutator({"show", id_of("ROR.le_to_lt", "include/calc/limits.hpp"), "-p", build().string()});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    expect_golden("calc", "show_le_to_lt.diff", result.standard_output);
}

TEST_F(MutatorCli, ApplyWritesTheMutatedFileElsewhere) {
    const fs::path out = temp() / "mutant";
    const ProcessResult result = mutator({"apply", id_of("SLR.configured_pair", "src/report.cpp"), "-p",
                                          build().string(), "--out", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    const std::string mutated = read_file(out / "src/report.cpp");
    EXPECT_THAT(mutated, HasSubstr("return \"timestamp\";"));
    EXPECT_EQ(mutated.size(), read_file(root() / "src/report.cpp").size() - std::string("created_at").size() +
                                  std::string("timestamp").size());
}

TEST_F(MutatorCli, ApplyRefusesToWriteIntoTheProjectItself) {
    const ProcessResult result = mutator({"apply", id_of("ROR.le_to_lt", "include/calc/limits.hpp"), "-p",
                                          build().string(), "--out", root().string()});
    expect_input_error(result, "the source tree is never modified");
}

TEST_F(MutatorCli, VariantsApplyCleanlyAndTheMutatedProjectCompiles) {
    const fs::path out = temp() / "variants";
    const ProcessResult result =
        mutator({"variants", "-p", build().string(), "--count", "6", "--seed", "3", "--out", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    const nlohmann::json index = nlohmann::json::parse(read_file(out / "index.json"));
    ASSERT_EQ(index["variants"].size(), 6U);
    std::set<std::string> files;
    for (const auto& variant : index["variants"]) {
        const fs::path dir = out / variant["variant"].get<std::string>();
        const nlohmann::json manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
        for (const char* key : {"id", "operator", "mutator", "file", "line", "original", "replacement",
                                "description", "hint"}) {
            EXPECT_TRUE(manifest.contains(key)) << key;
        }
        files.insert(manifest["file"].get<std::string>());
        EXPECT_TRUE(fs::exists(dir / manifest["file"].get<std::string>()));

        // A fresh copy of the project for each patch: git apply and patch -p1 both take it, and it compiles.
        const fs::path copy = temp() / ("copy-" + variant["variant"].get<std::string>());
        fs::copy(root(), copy, fs::copy_options::recursive);
        fs::remove_all(copy / "build");
        const std::string patch = (dir / "mutant.patch").string();
        const ProcessResult git = run({"git", "apply", "--check", patch}, copy);
        EXPECT_TRUE(git.succeeded()) << git.standard_error;
        const ProcessResult applied = run({"patch", "-p1", "-i", patch}, copy);
        ASSERT_TRUE(applied.succeeded()) << applied.standard_output << applied.standard_error;
        EXPECT_EQ(read_file(copy / manifest["file"].get<std::string>()),
                  read_file(dir / manifest["file"].get<std::string>()));
        const ProcessResult configured = run({MLAB_CMAKE_COMMAND, "-S", copy.string(), "-B",
                                              (copy / "build").string(), "-G", MLAB_CMAKE_GENERATOR});
        ASSERT_TRUE(configured.succeeded()) << configured.standard_error;
        const ProcessResult built = run({MLAB_CMAKE_COMMAND, "--build", (copy / "build").string()});
        EXPECT_TRUE(built.succeeded()) << variant << built.standard_output << built.standard_error;
    }
    EXPECT_GE(files.size(), 2U) << "variants spread over files";

    const fs::path again = temp() / "again";
    ASSERT_EQ(
        mutator({"variants", "-p", build().string(), "--count", "6", "--seed", "3", "--out", again.string()})
            .exit_code,
        0);
    EXPECT_EQ(read_file(out / "index.json"), read_file(again / "index.json"))
        << "the same seed gives the same variants";
}

TEST_F(MutatorCli, VariantsRefuseAFolderThatHoldsSomething) {
    const fs::path out = temp() / "taken";
    fs::create_directories(out);
    write_file_atomic(out / "keep.txt", "mine");
    expect_input_error(mutator({"variants", "-p", build().string(), "--count", "2", "--out", out.string()}),
                       "already exists and is not empty");
    EXPECT_EQ(read_file(out / "keep.txt"), "mine");
    expect_input_error(
        mutator({"variants", "-p", build().string(), "--count", "2", "--out", "/proc/no/such/dir"}),
        "/proc/no/such/dir");
}

TEST_F(MutatorCli, IdsSurviveAnEditOnAnotherLine) {
    std::set<std::string> before;
    const nlohmann::json first = list_json();
    for (const auto& site : first["sites"]) {
        before.insert(site["id"].get<std::string>());
    }
    // Edit the copy as a developer would (this test's own copy, not a tool's output).
    const fs::path file = root() / "src/calc.cpp";
    const std::string text = read_file(file);
    write_file_atomic(file, "// a new first line\n\n" + text);
    std::set<std::string> after;
    const nlohmann::json second = list_json();
    for (const auto& site : second["sites"]) {
        after.insert(site["id"].get<std::string>());
    }
    write_file_atomic(file, text);
    EXPECT_FALSE(before.empty());
    EXPECT_EQ(before, after);
}

TEST_F(MutatorCli, BadInputGetsOneLineAndExitCode2) {
    expect_input_error(mutator({"list", "-p", temp().string()}), "compile_commands.json: not found");
    expect_input_error(mutator({"list", "-p", build().string(), "--operators", "XYZ"}),
                       "unknown operator 'XYZ'");
    expect_input_error(mutator({"show", "000000000000", "-p", build().string()}),
                       "no mutant with id '000000000000'");
    expect_input_error(mutator({"list", "-p", build().string(), "src/missing.cpp"}),
                       "src/missing.cpp: no such file");
    expect_input_error(mutator({"list", "-p", build().string(), "--config", "nope.yml"}),
                       "nope.yml: cannot read");
    expect_input_error(mutator({"list"}), "--build-dir is required");

    // The keys this issue added to mutator.yml, and --harden where it cannot add its flags.
    const fs::path bad_yml = temp() / "bad.yml";
    write_file_atomic(bad_yml, "default_member_initializers: sometimes\n");
    expect_input_error(mutator({"list", "-p", build().string(), "--config", bad_yml.string()}),
                       "'default_member_initializers' must be true or false");
    write_file_atomic(bad_yml, "assertions: assert\n");
    expect_input_error(mutator({"list", "-p", build().string(), "--config", bad_yml.string()}),
                       "'assertions' must be a list of strings");
    expect_input_error(mutator({"run", "-p", build().string(), "--out", (temp() / "hardened").string(),
                                "--build-cmd", "true", "--harden"}),
                       "--harden adds the standard library's assertions");

    const fs::path bad_db = temp() / "bad-db";
    fs::create_directories(bad_db);
    write_file_atomic(bad_db / "compile_commands.json", "[{\"directory\": ");
    expect_input_error(mutator({"list", "-p", bad_db.string()}), "invalid compilation database");
}

class BrokenProjectCli : public ExampleProject {
  protected:
    void SetUp() override { open("broken"); }
};

TEST_F(BrokenProjectCli, ReportsClangsFirstErrorAndExitCode2) {
    const ProcessResult result = mutator({"list", "-p", build().string()});
    expect_input_error(result, "src/broken.cpp:5:23: error: use of undeclared identifier 'undefined_name'");
}

}  // namespace
}  // namespace mlab::cli_testing
