// The repository's GitHub Action (action.yml), its steps run as GitHub runs them (tests/cli/workflows.hpp):
// the inputs a workflow gives become mutator's options, the step's outputs, job summary and annotations are
// written, its exit code is mutator's, and bad input is one line and exit code 2. The install step with a
// real package is run by the package test (tests/package/check_package.sh).

#include <filesystem>
#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "project_commands.hpp"
#include "workflows.hpp"

namespace mlab::cli_testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Action : public ExampleProject {
  protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(open("killmatrix"));
        ASSERT_TRUE(run_in(root(), {"git", "init", "-q", "-b", "main"}).succeeded());
        ASSERT_TRUE(run_in(root(), {"git", "add", "-A"}).succeeded());
        ASSERT_TRUE(run_in(root(), {"git", "commit", "-q", "-m", "the project"}).succeeded());
    }
    void TearDown() override {
        fs::remove_all(root() / ".git");  // not part of the snapshot the fixture compares
        ExampleProject::TearDown();
    }

    /// The action's "Mutation testing" step with these inputs, run in the project's copy; its outputs in
    /// `outputs`. The output folders are inside the build folder, which the fixture's check of the source
    /// tree leaves out.
    ProcessResult mutation_step(const std::map<std::string, std::string>& with) {
        const Runner runner = this->runner();
        const ProcessResult result = runner.run(action_step(with, "Mutation testing"));
        outputs = runner.outputs();
        return result;
    }
    Runner runner() const { return {root(), temp() / "summary.md"}; }
    std::string summary() const {
        return fs::exists(temp() / "summary.md") ? read_file(temp() / "summary.md") : "";
    }

    std::map<std::string, std::string> outputs;
};

TEST_F(Action, RunsMutatorWithItsInputsAndGatesOnTheScore) {
    // The gate: exit 1 below `break`, with the reports, the summary and the annotations written first.
    const ProcessResult gated = mutation_step({{"out", "build/mutants"}, {"break", "90"}});
    ASSERT_EQ(gated.exit_code, 1) << output_of(gated);
    EXPECT_THAT(
        gated.standard_output,
        HasSubstr("mutator run -p build --out build/mutants --break 90 --reports json,html,markdown"));
    EXPECT_THAT(gated.standard_output, HasSubstr("below the break threshold 90%"));
    EXPECT_THAT(gated.standard_output, HasSubstr("::warning file=src/outcomes.cpp,line="));
    const std::string score = score_line(gated.standard_output);
    ASSERT_THAT(score, HasSubstr("mutation score: "));
    EXPECT_THAT(score, HasSubstr("mutation score: " + outputs["score"] + "% ("));
    EXPECT_EQ(outputs["out"], "build/mutants");
    EXPECT_EQ(outputs["report"], "build/mutants/mutation-report.json");
    const fs::path mutants = root() / "build/mutants";
    EXPECT_EQ(outputs["files"], (mutants / "mutation-report.json").string() + "\n" +
                                    (mutants / "mutation-report.html").string() + "\n" +
                                    (mutants / "mutation-report.md").string());
    // Each of the action's outputs is one the step writes.
    const YAML::Node action = YAML::LoadFile(fs::path(MLAB_SOURCE_DIR) / "action.yml");
    for (const auto& output : action["outputs"]) {
        const std::string name = output.first.as<std::string>();
        EXPECT_EQ(output.second["value"].as<std::string>(), "${{ steps.mutation.outputs." + name + " }}");
        EXPECT_EQ(outputs.count(name), 1U) << name;
    }
    EXPECT_THAT(summary(), HasSubstr("src/outcomes.cpp"));
    const nlohmann::json report = read_json(root() / outputs["report"]);
    EXPECT_EQ(report["config"]["thresholds"]["break"], 90);

    // No summary, no annotations, one report: the files listed are the ones this run wrote.
    const std::string summary_before = summary();
    const ProcessResult quiet = mutation_step({{"out", "build/mutants"},
                                               {"reports", "json,sarif"},
                                               {"summary", "false"},
                                               {"annotations", "false"},
                                               {"path-prefix", "cpp"},
                                               {"args", "--test-label unit"}});
    EXPECT_EQ(quiet.exit_code, 0) << output_of(quiet);
    EXPECT_THAT(quiet.standard_output, HasSubstr("--reports json,sarif --test-label unit"));
    EXPECT_THAT(quiet.standard_output, Not(HasSubstr("::warning")));
    EXPECT_EQ(summary(), summary_before);
    EXPECT_EQ(outputs["files"], (mutants / "mutation-report.json").string() + "\n" +
                                    (mutants / "mutation-report.sarif").string());
    // The SARIF file names the files from the repository's root (the project in its folder `cpp`).
    const nlohmann::json sarif = read_json(mutants / "mutation-report.sarif");
    EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "cpp/src/outcomes.cpp");

    // Shards, then `merge` with a glob pattern: the score of the whole run.
    for (const char* k : {"1", "2"}) {
        const ProcessResult shard = mutation_step({{"out", std::string("build/shard-") + k},
                                                   {"shard", std::string(k) + "/2"},
                                                   {"reports", "json"},
                                                   {"break", "0"}});
        EXPECT_EQ(shard.exit_code, 0) << output_of(shard);
        EXPECT_THAT(shard.standard_output, HasSubstr(std::string("--shard ") + k + "/2"));
    }
    const ProcessResult merged =
        mutation_step({{"merge", "build/shard-*"}, {"out", "build/merged"}, {"break", "90"}});
    EXPECT_EQ(merged.exit_code, 1) << output_of(merged);
    EXPECT_THAT(merged.standard_output,
                HasSubstr("mutator merge build/shard-1 build/shard-2 --out build/merged --break 90"));
    EXPECT_EQ(score_line(merged.standard_output), score);
}

TEST_F(Action, SinceMutatesOnlyTheChangedLines) {
    const fs::path source = root() / "src" / "outcomes.cpp";
    const std::string original = read_file(source);
    write_file_atomic(source, replace_all(original, "return value * 2;", "return value * 3;"));
    ASSERT_TRUE(run_in(root(), {"git", "commit", "-q", "-am", "a change"}).succeeded());
    const ProcessResult changed = mutation_step({{"out", "build/mutants"}, {"since", "HEAD~1"}});
    write_file_atomic(source, original);
    EXPECT_EQ(changed.exit_code, 0) << output_of(changed);
    EXPECT_THAT(changed.standard_output, HasSubstr("--since HEAD~1"));
    const nlohmann::json report = read_json(root() / outputs["report"]);
    int mutants = 0;
    for (const auto& mutant : report["files"]["src/outcomes.cpp"]["mutants"]) {
        EXPECT_EQ(mutant["location"]["start"]["line"], 25) << mutant.dump();
        ++mutants;
    }
    EXPECT_GT(mutants, 0);
    EXPECT_EQ(report["files"].size(), 1U);
}

TEST_F(Action, BadInputIsOneLineAndExitCodeTwo) {
    expect_input_error(mutation_step({{"summary", "maybe"}}), "summary: expected true or false, got 'maybe'");
    expect_input_error(mutation_step({{"merge", "build/no-such-shard-*"}}),
                       "merge: nothing matches build/no-such-shard-*");
    expect_input_error(mutation_step({{"merge", "build/*"}, {"shard", "1/2"}}),
                       "merge: shard and since belong to the shards' runs");
    // mutator's own refusal: no report, no score, nothing to upload.
    const ProcessResult refused = mutation_step({{"out", "build/mutants"}, {"shard", "3/2"}});
    EXPECT_EQ(refused.exit_code, 2) << output_of(refused);
    EXPECT_EQ(outputs.count("score"), 0U);
    EXPECT_EQ(outputs.count("files"), 0U);

    // The install step checks a package before installing anything.
    const Runner runner = this->runner();
    const ProcessResult missing =
        runner.run(action_step({{"package", (temp() / "missing.deb").string()}}, "Install Mutation Lab"));
    expect_input_error(missing, "package: " + (temp() / "missing.deb").string() + " is not a file");
    write_file_atomic(temp() / "not-a-package.deb", "text");
    const ProcessResult not_a_package = runner.run(
        action_step({{"package", (temp() / "not-a-package.deb").string()}}, "Install Mutation Lab"));
    expect_input_error(not_a_package, "is not a mutation-lab Debian package");
}

}  // namespace
}  // namespace mlab::cli_testing
