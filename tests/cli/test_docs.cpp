// The documentation, run as written: docs/lab.md makes the seed lab from target_app, docs/student.md works
// it in the starter repository, and docs/ci.md's workflows (docs/examples/) run on the student's repository.
// Every command comes from a code block of the page, run in a shell that keeps its folder and variables from
// one block to the next; every code block of each page is either run or named as not a command; and each
// step's outcome is asserted: the output the page shows, the exit code, the score.

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "doc_blocks.hpp"
#include "project_commands.hpp"
#include "workflows.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSourceDir = MLAB_SOURCE_DIR;

// ---- the pages -------------------------------------------------------------------------------------------

/// The Mutation Lab checkout the pages' commands start in: target_app, and build/tools holding this build's
/// mutator and curator.
fs::path make_checkout(const fs::path& temp) {
    const fs::path checkout = temp / "mutation-lab";
    fs::create_directories(checkout / "build");
    fs::copy(MLAB_TARGET_APP_DIR, checkout / "target_app", fs::copy_options::recursive);
    fs::remove_all(checkout / "target_app" / "build");
    fs::create_directory_symlink(fs::path(MLAB_MUTATOR_BIN).parent_path().parent_path(),
                                 checkout / "build" / "tools");
    return checkout;
}

/// docs/lab.md: the instructor makes the seed lab. Returns the lab's folder.
fs::path instructor_makes_the_lab(DocShell& shell, const fs::path& checkout) {
    DocPage page("docs/lab.md");
    page.not_a_command("mutator lab -p BUILD_DIR --bugs N", "the synopsis");
    // The CMake function the page quotes is target_app's.
    const std::string quoted = page.block("function(target_app_test name labels)").text;
    const std::string cmake_lists = read_file(checkout / "target_app" / "CMakeLists.txt");
    for (const std::string_view line : split_lines(quoted)) {
        if (trim(line) != "...") {
            EXPECT_THAT(cmake_lists, HasSubstr(std::string(line))) << "docs/lab.md quotes target_app's CMake";
        }
    }
    const std::string shown_checker = page.block("{").text;

    const ProcessResult made = shell.run(page.block("cmake -S target_app -B build/lab-target_app").text);
    EXPECT_EQ(made.exit_code, 0) << output_of(made);
    expect_documented_output(made.standard_output, page.block("2 of 2 mutants qualify").text);
    const fs::path lab = checkout / "lab";

    // checker.json as the page shows it: the same fields, the starter tests required ("..." elided).
    const json checker = read_json(lab / "checker.json");
    json shown = json::parse(shown_checker);
    EXPECT_EQ(shown["curation"], checker["curation"]);
    EXPECT_EQ(shown["bugs"], checker["bugs"]);
    EXPECT_EQ(shown["checker"], checker["checker"]);
    EXPECT_THAT(checker["tests"]["required"].dump(), HasSubstr(shown["tests"]["required"][0].dump()));
    EXPECT_EQ(read_file(lab / "starter" / ".mutation-lab" / "checker.json"), read_file(lab / "checker.json"));
    const json key = read_json(lab / "key" / "bugs.json");
    EXPECT_EQ(key["bugs"].size(), 2U);
    EXPECT_EQ(key["bugs"][0]["mutatedLine"], "        if (interaction.item_id < max_item_id) {");
    EXPECT_EQ(key["bugs"][1]["mutatedLine"], "    interaction.created_at = record.text(\"timestamp\");");
    page.expect_every_block_used();
    return lab;
}

/// The student's answers to `curator review`, in the file's order: the tests the page decides with
/// `curator annotate` are skipped; a test that did not pass, was renamed, duplicates one or tests
/// std::vector is discarded; the rest kept.
std::string review_answers(const fs::path& sidecar, const std::set<std::string>& annotated) {
    std::string answers;
    const json record = read_json(sidecar);
    for (const json& test : record["tests"]) {
        const std::string name = test["name"], verdict = test["funnel"]["verdict"];
        if (annotated.count(name) > 0) {
            answers += "s\n";
        } else if (verdict != "passed") {
            answers += "d\nthe funnel says " + verdict + "\n";
        } else if (!test.value("renamed_from", "").empty() || test["funnel"].contains("duplicate_of") ||
                   name.find("VectorCopy") != std::string::npos) {
            answers += "d\nduplicates an existing test or tests std::vector, not the filter\n";
        } else {
            answers += "k\npasses and checks the filter's behaviour\n";
        }
    }
    return answers;
}

/// docs/student.md, part A: the boundary bug.
void part_a(DocPage& page, DocShell& shell, const fs::path& app) {
    const ProcessResult unit =
        shell.run(page.block("ctest --test-dir build -L unit --output-on-failure").text);
    EXPECT_EQ(unit.exit_code, 0) << output_of(unit);
    replace_in_file(app / "tests/unit/test_interactions.cpp", "}  // namespace\n}  // namespace target_app",
                    page.block("TEST(FilterByMaxItemId, IncludesInteractionAtBoundary)").text +
                        "\n}  // namespace\n}  // namespace target_app");
    const std::string rebuild_unit = page.block("cmake --build build && ctest --test-dir build -L unit").text;
    const ProcessResult boundary = shell.run(rebuild_unit);
    EXPECT_NE(boundary.exit_code, 0);
    EXPECT_EQ(failed_tests(boundary),
              std::set<std::string>{"FilterByMaxItemId.IncludesInteractionAtBoundary"});
    expect_documented_output(boundary.standard_output,
                             page.block("Expected equality of these values:\n  result").text);
    EXPECT_EQ(shell.run(page.block("git commit -am \"test: filter_by_max_item_id").text).exit_code, 0);
    replace_in_file(app / "src/interaction.cpp", "interaction.item_id < max_item_id",
                    "interaction.item_id <= max_item_id");
    EXPECT_EQ(shell.run(rebuild_unit).exit_code, 0);
    EXPECT_EQ(shell.run(page.block("git commit -am \"fix: use <= instead of <").text).exit_code, 0);
}

/// docs/student.md, part B: the field mismatch.
void part_b(DocPage& page, DocShell& shell, const fs::path& app) {
    const ProcessResult e2e = shell.run(page.block("ctest --test-dir build -L e2e --output-on-failure").text);
    EXPECT_EQ(e2e.exit_code, 0) << output_of(e2e);
    replace_in_file(app / "tests/e2e/test_e2e_basics.cpp", "#include <gtest/gtest.h>",
                    "#include <gtest/gtest.h>\n#include <nlohmann/json.hpp>");
    replace_in_file(app / "tests/e2e/test_e2e_basics.cpp", "}  // namespace\n}  // namespace target_app",
                    page.block("TEST_F(InteractionsApiBasics, GetInteractionsReturns200)").text +
                        "\n}  // namespace\n}  // namespace target_app");
    const ProcessResult failing =
        shell.run(page.block("cmake --build build && ctest --test-dir build -L e2e").text);
    EXPECT_EQ(failed_tests(failing),
              (std::set<std::string>{"InteractionsApiBasics.GetInteractionsReturns200",
                                     "InteractionsApiBasics.ItemsHaveTheExpectedFields",
                                     "InteractionsApiBasics.FilterIncludesTheBoundary"}));
    expect_documented_output(failing.standard_output,
                             page.block("Expected equality of these values:\n  client.get").text);
    const ProcessResult served = shell.run(page.block("API_KEY=secret ./build/target_app_server").text);
    EXPECT_EQ(served.exit_code, 0) << output_of(served);
    EXPECT_THAT(served.standard_output, HasSubstr("HTTP/1.1 500 Internal Server Error"));
    EXPECT_THAT(
        served.standard_output,
        HasSubstr(R"({"error":"internal_error","message":"the server could not build the response"})"));
    EXPECT_THAT(served.standard_error,
                HasSubstr("ERROR GET /interactions/: stored row has no field 'timestamp'"));
    EXPECT_EQ(shell.run(page.block("git commit -am \"test: e2e tests").text).exit_code, 0);
    replace_in_file(app / "src/mapping.cpp", "record.text(\"timestamp\")", "record.text(\"created_at\")");
    const ProcessResult all =
        shell.run(page.block_exactly("cmake --build build && ctest --test-dir build").text);
    EXPECT_EQ(all.exit_code, 0) << output_of(all);
    EXPECT_EQ(shell.run(page.block("git commit -am \"fix: read created_at").text).exit_code, 0);
    const std::string log = run_in(app, {"git", "log", "--format=%s", "--name-only"}).standard_output;
    EXPECT_THAT(log, HasSubstr("fix: use <= instead of < in max_item_id filter\n\nsrc/interaction.cpp\n"));
    EXPECT_THAT(
        log,
        HasSubstr("fix: read created_at, the stored field, in the response mapping\n\nsrc/mapping.cpp\n"));
}

/// docs/student.md, part C: AI-written tests, generated, reviewed, checked, run.
void part_c(DocPage& page, DocShell& shell, const fs::path& app) {
    const std::string ai = "tests/unit/test_interactions_ai.cpp";
    const ProcessResult generated =
        shell.run(page.block("curator generate --source src/interaction.cpp").text);
    ASSERT_EQ(generated.exit_code, 0) << output_of(generated);
    EXPECT_THAT(generated.standard_output,
                HasSubstr("round 2 (repair): the reply repairs none of the tests sent"));
    // The student's boundary test of part A kills the boundary mutant already: the generated ones that
    // catch it too say so.
    EXPECT_THAT(
        read_file(app / ai),
        HasSubstr("// evidence: compiles; passes 5/5; covers no line the existing tests miss; kills 4 "
                  "mutants, all also killed by existing tests\n"));
    const std::string check = page.block("curator check --checker .mutation-lab/checker.json -p build").text;
    const ProcessResult pending = shell.run(check);
    EXPECT_EQ(pending.exit_code, 1);
    EXPECT_THAT(pending.standard_output, HasSubstr("10 pending"));

    const DocBlock& annotate = page.block("curator annotate tests/unit/test_interactions_ai.cpp");
    const ProcessResult reviewed = shell.run(
        page.block("curator review tests/unit/test_interactions_ai.cpp -p build").text,
        review_answers(app / (ai + ".curator.json"), {"FilterByMaxItemId.NegativeMaxKeepsNothing",
                                                      "FilterByMaxItemId.ExcludesInteractionAtBoundary"}));
    EXPECT_EQ(reviewed.exit_code, 0) << output_of(reviewed);
    EXPECT_THAT(reviewed.standard_output, HasSubstr("this session: 8 decided ("));
    EXPECT_THAT(reviewed.standard_output, HasSubstr(", 2 skipped\n"));
    const ProcessResult annotated = shell.run(annotate.text);
    EXPECT_EQ(annotated.exit_code, 0) << output_of(annotated);
    EXPECT_EQ(shell.run(page.block("git add tests/unit/test_interactions_ai.cpp").text).exit_code, 0);

    const ProcessResult checked = shell.run(check);
    EXPECT_EQ(checked.exit_code, 0) << output_of(checked);
    EXPECT_THAT(checked.standard_output, HasSubstr("every rule holds"));
    const ProcessResult minimums =
        shell.run(page.block("curator check tests/unit/test_interactions_ai.cpp").text);
    EXPECT_EQ(minimums.exit_code, 0) << output_of(minimums);

    append_to_file(app / "CMakeLists.txt", page.block("target_app_test(unit_ai_tests").text);
    const ProcessResult joined =
        shell.run(page.block("cmake --build build && ctest --test-dir build\ngit commit").text);
    EXPECT_EQ(joined.exit_code, 0) << output_of(joined);
    EXPECT_THAT(joined.standard_output, HasSubstr("FilterByMaxItemId.NegativeMaxKeepsNothing"));

    const ProcessResult joined_report =
        shell.run(page.block("mutator run -p build --out build/mutants").text);
    EXPECT_EQ(joined_report.exit_code, 0) << output_of(joined_report);
    EXPECT_EQ(score_line(joined_report.standard_output + joined_report.standard_error),
              "mutation score: 100.0% (4 of 4 mutants detected)");
    EXPECT_THAT(joined_report.standard_output,
                HasSubstr("mutation score: 100.0% with the curated tests (4 of 4), "));
    EXPECT_EQ(run_in(app, {"git", "status", "--porcelain", "--untracked-files=no"}).standard_output, "");
}

// ---- docs/ci.md and its workflows -------------------------------------------------------------------------

/// The workflow file the page shows "in full and identical", parsed.
YAML::Node shown_workflow(DocPage& page, const std::string& start, const std::string& file) {
    const std::string shown = page.block(start).text;
    EXPECT_EQ(shown, read_file(kSourceDir / "docs/examples" / file)) << "docs/ci.md shows " << file;
    return YAML::Load(shown);
}

/// The lab's autochecker (github-actions-lab.yml) on the student's repository, from "Build the project" on
/// (the steps before it install packages and build Mutation Lab, which this build stands in for).
void lab_autochecker(DocPage& page, const fs::path& app, const fs::path& summary) {
    const WorkflowJob job =
        github_job(shown_workflow(page, "# The lab's autochecker", "github-actions-lab.yml"), "lab");
    const Runner runner(app, summary);
    for (const char* step : {"Build the project", "Unit and e2e tests", "Check the AI-written tests",
                             "Mutation report of the suite", "Curated tests × mutants"}) {
        const ProcessResult result = runner.run(job.script(step), job.environment);
        EXPECT_EQ(result.exit_code, 0) << step << "\n" << output_of(result);
    }
    const std::string job_summary = read_file(summary);
    EXPECT_THAT(job_summary, HasSubstr("src/interaction.cpp"));      // the mutation report's Markdown
    EXPECT_THAT(job_summary, HasSubstr("NegativeMaxKeepsNothing"));  // the curated tests × mutants
    const json report = read_json(app / "build/mutants/mutation-report.json");
    EXPECT_TRUE(report["testFiles"].contains("tests/unit/test_interactions_ai.cpp"))
        << "the curated tests ran in the mutation analysis";
}

/// The mutation workflow (github-actions-mutation.yml): the action's "Mutation testing" step with the
/// workflow's inputs is the gate, failing below 70 %, with the reports, the summary and the annotations
/// written either way. Returns the score line.
std::string mutation_workflow(DocPage& page, const fs::path& app, const fs::path& summary) {
    const WorkflowJob job = github_job(
        shown_workflow(page, "# Mutation testing of a CMake/CTest project", "github-actions-mutation.yml"),
        "mutation");
    const Runner runner(app, summary);
    EXPECT_EQ(runner.run(job.script("Build the project"), job.environment).exit_code, 0);
    const WorkflowStep& action = job.step("Mutation testing");
    EXPECT_THAT(action.uses, HasSubstr("/mutation-lab@"));
    const ProcessResult gated = runner.run(action_step(action.with, "Mutation testing"), job.environment);
    EXPECT_EQ(gated.exit_code, 1) << output_of(gated);
    EXPECT_THAT(gated.standard_output, HasSubstr("below the break threshold 70%"));
    const std::string score = score_line(output_of(gated));
    EXPECT_THAT(score, HasSubstr("mutation score: "));
    EXPECT_THAT(gated.standard_output, HasSubstr("::warning file=src/"));
    EXPECT_THAT(read_file(summary), HasSubstr("src/interaction.cpp"));
    const std::map<std::string, std::string> outputs = runner.outputs();
    EXPECT_THAT(score, HasSubstr(outputs.at("score") + "%"));
    EXPECT_THAT(outputs.at("files"), HasSubstr("mutants/mutation-report.html"));
    EXPECT_EQ(read_json(app / job.step("Upload SARIF").with.at("sarif_file"))["version"], "2.1.0");

    // The incremental variant of the step: a push reruns everything (from the kept folder), a pull request
    // only the lines changed since its base branch (the starter's main, which the clone has as origin/main).
    const YAML::Node incremental = YAML::Load(page.block("- uses: actions/cache/restore@v4").text);
    std::map<std::string, std::string> with;
    for (const WorkflowStep& each : workflow_steps(incremental)) {
        if (each.name == "Mutation testing") {
            with = each.with;
        }
    }
    const std::string since = "github.base_ref && format('origin/{0}', github.base_ref) || ''";
    with["since"] = expand(with["since"], {{since, ""}});
    const ProcessResult push = runner.run(action_step(with, "Mutation testing"));
    EXPECT_EQ(push.exit_code, 1) << output_of(push);
    EXPECT_EQ(score_line(output_of(push)), score);
    with["since"] = "origin/main";
    const ProcessResult pull = runner.run(action_step(with, "Mutation testing"));
    EXPECT_EQ(pull.exit_code, 0) << output_of(pull);
    EXPECT_EQ(score_line(output_of(pull)), "mutation score: 100.0% (3 of 3 mutants detected)");
    return score;
}

/// docs/ci.md's two steps that check a review and join it with the mutation run before them.
void review_steps(DocPage& page, const fs::path& app, const fs::path& summary) {
    const YAML::Node steps = YAML::Load(page.block("- name: Check the review of the AI-written tests").text);
    const Runner runner(app, summary);
    for (const auto& step : steps) {
        const ProcessResult result = runner.run(step["run"].as<std::string>());
        EXPECT_EQ(result.exit_code, 0) << step["name"].as<std::string>() << "\n" << output_of(result);
    }
    EXPECT_THAT(read_file(summary), HasSubstr("## Curated tests × mutants"));
}

/// The sharded GitHub workflow and the GitLab pipeline: four shards, then the merge, which is the gate; the
/// merged score is the one of the single run.
void sharded_workflows(DocPage& page, const fs::path& app, const fs::path& summary,
                       const std::string& score) {
    const YAML::Node github = shown_workflow(page, "# Mutation testing split over four jobs",
                                             "github-actions-mutation-sharded.yml");
    const WorkflowJob shard = github_job(github, "shard");
    const WorkflowJob merge = github_job(github, "merge");
    const Runner runner(app, summary);
    const YAML::Node matrix = github["jobs"]["shard"]["strategy"]["matrix"]["shard"];
    for (const auto& value : matrix) {
        const std::string k = value.as<std::string>();
        std::map<std::string, std::string> with;
        for (const auto& [input, text] : shard.step("Mutation testing, shard ${{ matrix.shard }}").with) {
            with[input] = expand(text, {{"matrix.shard", k},
                                        {"strategy.job-total", std::to_string(matrix.size())},
                                        {"env.MUTATION_LAB_PACKAGE", "(not installed by the test)"}});
        }
        const ProcessResult result = runner.run(action_step(with, "Mutation testing"), shard.environment);
        EXPECT_EQ(result.exit_code, 0) << "shard " << k << "\n" << output_of(result);
        // The action's upload step, then download-artifact with merge-multiple: false: each artifact in a
        // folder of its own.
        const fs::path artifact = app / "shards" / with["upload"];
        fs::create_directories(artifact);
        const std::string files = runner.outputs().at("files");
        for (const std::string_view file : split_lines(files)) {
            fs::copy_file(app / file, artifact / fs::path(file).filename(),
                          fs::copy_options::overwrite_existing);
        }
        EXPECT_TRUE(fs::exists(artifact / "mutation-report.json")) << artifact;
    }
    std::map<std::string, std::string> with = merge.step("Merge and gate").with;
    with["package"] = "(not installed by the test)";
    const ProcessResult merged = runner.run(action_step(with, "Mutation testing"), merge.environment);
    EXPECT_EQ(merged.exit_code, 1) << output_of(merged);
    EXPECT_EQ(score_line(output_of(merged)), score);
    EXPECT_EQ(read_json(app / merge.step("Upload SARIF").with.at("sarif_file"))["version"], "2.1.0");

    const YAML::Node gitlab = shown_workflow(
        page, "# Mutation testing with Mutation Lab's mutator on GitLab CI", "gitlab-ci-mutation.yml");
    std::map<std::string, std::string> variables;
    add_variables(gitlab["variables"], variables);
    const auto script_of = [&gitlab](const std::string& job) {
        std::string script;
        for (const auto& line : gitlab[job]["script"]) {
            script += line.as<std::string>() + "\n";
        }
        return script;
    };
    const int total = gitlab["mutants"]["parallel"].as<int>();
    for (int k = 1; k <= total; ++k) {
        std::map<std::string, std::string> node = variables;
        node["CI_NODE_INDEX"] = std::to_string(k);
        node["CI_NODE_TOTAL"] = std::to_string(total);
        const ProcessResult result = runner.run(script_of("mutants"), node);
        EXPECT_EQ(result.exit_code, 0) << "node " << k << "\n" << output_of(result);
    }
    const ProcessResult gate = runner.run(script_of("mutation-report"), variables);
    EXPECT_EQ(gate.exit_code, 1) << output_of(gate);
    EXPECT_EQ(score_line(output_of(gate)), score);
}

// ---- the test
// ----------------------------------------------------------------------------------------------

TEST(DocsAsWritten, TheLabTheStudentsPathAndTheCiWorkflows) {
    const fs::path temp = make_temp_directory("mlab-docs");
    const fs::path checkout = make_checkout(temp);
    const fs::path home = temp / "student";
    fs::create_directories(home);
    DocShell shell(temp / "shell", checkout, clean_environment());

    // The tools on PATH, in the checkout, as docs/student.md says; then docs/lab.md, the instructor's part.
    DocPage student("docs/student.md");
    ASSERT_EQ(shell.run(student.block("export PATH=").text).exit_code, 0);
    const fs::path lab = instructor_makes_the_lab(shell, checkout);

    // The student, in a folder of their own.
    shell.cd(home);
    const ProcessResult cloned =
        shell.run(replace_all(student.block("git clone <your starter repository> lab").text,
                              "<your starter repository>", (lab / "starter").string()));
    ASSERT_EQ(cloned.exit_code, 0) << output_of(cloned);
    const fs::path app = home / "lab";
    EXPECT_EQ(shell.cwd(), app);
    EXPECT_FALSE(fs::exists(app / "tests" / "unit" / "test_filter_edge_cases.cpp"));
    ASSERT_NO_FATAL_FAILURE(part_a(student, shell, app));
    ASSERT_NO_FATAL_FAILURE(part_b(student, shell, app));
    ASSERT_NO_FATAL_FAILURE(part_c(student, shell, app));
    student.expect_every_block_used();

    // docs/ci.md on the student's repository.
    DocPage ci("docs/ci.md");
    ci.not_a_command("thresholds:", "a part of mutator.yml");
    ci.not_a_command("mutator report DIR --format", "the synopsis");
    const fs::path summary = temp / "summary.md";
    ASSERT_NO_FATAL_FAILURE(lab_autochecker(ci, app, summary));
    const std::string score = mutation_workflow(ci, app, summary);
    review_steps(ci, app, summary);
    sharded_workflows(ci, app, summary, score);
    ci.expect_every_block_used();

    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

}  // namespace
}  // namespace mlab::cli_testing
