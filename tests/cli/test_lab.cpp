// End-to-end tests of the lab: `mutator lab` over googletest's samples as Debian ships them (every bug is
// checked on its own: the reference suite fails on it, the starter suite passes), and the seed lab on
// target_app worked through by a scripted student, from the starter repository to the autochecker's verdict.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSamples = "/usr/src/googletest/googletest/samples";

std::string ctest_command() {
    return (fs::path(MLAB_CMAKE_COMMAND).parent_path() / "ctest").string();
}

/// A command run in `cwd`, with no LLM settings from the machine and a fixed git identity.
ProcessResult run_in(const fs::path& cwd, const std::vector<std::string>& argv) {
    ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = std::chrono::minutes(15);
    for (const char* name :
         {"CURATOR_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CURATOR_PROVIDER", "CURATOR_MODEL",
          "CURATOR_BASE_URL", "CURATOR_KEY_FILE", "CURATOR_PROMPTS_DIR"}) {
        options.environment[name] = "";
    }
    options.environment["GIT_AUTHOR_NAME"] = options.environment["GIT_COMMITTER_NAME"] = "Student";
    options.environment["GIT_AUTHOR_EMAIL"] = options.environment["GIT_COMMITTER_EMAIL"] =
        "student@localhost";
    options.environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
    return run_process(argv, options);
}

std::string output_of(const ProcessResult& result) {
    return result.standard_output + result.standard_error;
}

void configure(const fs::path& source, const fs::path& build) {
    const ProcessResult configured =
        run({MLAB_CMAKE_COMMAND, "-S", source.string(), "-B", build.string(), "-G", MLAB_CMAKE_GENERATOR});
    ASSERT_TRUE(configured.succeeded()) << output_of(configured);
}

void build(const fs::path& build_dir) {
    const ProcessResult built =
        run_in(build_dir, {MLAB_CMAKE_COMMAND, "--build", build_dir.string(), "-j", "2"});
    ASSERT_TRUE(built.succeeded()) << output_of(built);
}

/// ctest in `build_dir` with `args`; the names of the tests it reports failed (or timed out).
std::set<std::string> failed_tests(const ProcessResult& ctest) {
    std::set<std::string> failed;
    static const std::regex kFailed(R"(\d+ - (.+?) \((Failed|Timeout|SEGFAULT|Subprocess aborted)\))");
    for (auto it = std::sregex_iterator(ctest.standard_output.begin(), ctest.standard_output.end(), kFailed);
         it != std::sregex_iterator(); ++it) {
        failed.insert((*it)[1].str());
    }
    return failed;
}

ProcessResult ctest(const fs::path& build_dir, std::vector<std::string> args) {
    args.insert(args.begin(),
                {ctest_command(), "--test-dir", build_dir.string(), "--output-on-failure", "-j", "2"});
    return run_in(build_dir, args);
}

void replace_in_file(const fs::path& path, const std::string& from, const std::string& to) {
    std::string text = read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " is not in " << path;
    text.replace(at, from.size(), to);
    write_file_atomic(path, text);
}

void append_to_file(const fs::path& path, const std::string& text) {
    write_file_atomic(path, read_file(path) + text);
}

using mlab::cli_testing::read_json;

/// The lab's CI job (docs/examples/github-actions-lab.yml, shown in docs/ci.md): its environment and the
/// `run:` script of each named step.
struct Workflow {
    std::map<std::string, std::string> environment, steps;
};

Workflow lab_workflow() {
    const YAML::Node job = YAML::LoadFile(
        (fs::path(MLAB_SOURCE_DIR) / "docs/examples/github-actions-lab.yml").string())["jobs"]["lab"];
    Workflow workflow;
    for (const auto& variable : job["env"]) {
        workflow.environment[variable.first.as<std::string>()] = variable.second.as<std::string>();
    }
    for (const auto& step : job["steps"]) {
        if (step["name"] && step["run"]) {
            workflow.steps[step["name"].as<std::string>()] = step["run"].as<std::string>();
        }
    }
    return workflow;
}

/// Runs one step of the workflow in `project` as the CI runner would (bash -e -o pipefail), with the tools
/// of this build on PATH and the job summary going to `summary`.
ProcessResult run_step(const Workflow& workflow, const std::string& name, const fs::path& project,
                       const fs::path& summary) {
    const auto step = workflow.steps.find(name);
    if (step == workflow.steps.end()) {
        ADD_FAILURE() << "docs/examples/github-actions-lab.yml has no step '" << name << "'";
        return {};
    }
    ProcessOptions options;
    options.working_directory = project;
    options.timeout = std::chrono::minutes(15);
    options.environment = workflow.environment;
    options.environment["GITHUB_STEP_SUMMARY"] = summary.string();
    options.environment["PATH"] = fs::path(MLAB_MUTATOR_BIN).parent_path().string() + ":" +
                                  fs::path(MLAB_CURATOR_BIN).parent_path().string() + ":" +
                                  std::getenv("PATH");
    for (const char* variable :
         {"CURATOR_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CURATOR_PROVIDER"}) {
        options.environment[variable] = "";
    }
    return run_process({"bash", "-e", "-o", "pipefail", "-c", step->second}, options);
}

TEST(LabBadInput, IsOneLineOnStderrAndExitTwoWithNothingWritten) {
    const fs::path temp = make_temp_directory("mlab-lab-bad");
    const std::string out = (temp / "lab").string();
    const auto lab = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {MLAB_MUTATOR_BIN, "lab"});
        return run_in(temp, args);
    };
    expect_input_error(lab({"-p", temp.string(), "--out", out}), "--bugs: how many bugs the lab has");
    expect_input_error(lab({"-p", temp.string(), "--preset", "nope", "--out", out}),
                       "--preset nope: no such preset (known: seed-lab)");
    expect_input_error(lab({"-p", temp.string(), "--preset", "seed-lab", "--bugs", "3", "--out", out}),
                       "--bugs 3: --preset seed-lab has exactly 2 bugs");
    expect_input_error(lab({"-p", (temp / "nothing").string(), "--bugs", "2", "--out", out}),
                       (temp / "nothing").string());
    fs::create_directories(temp / "full");
    write_file_atomic(temp / "full" / "kept.txt", "the instructor's");
    expect_input_error(lab({"-p", temp.string(), "--bugs", "2", "--out", (temp / "full").string()}),
                       "already exists and is not empty");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(read_file(temp / "full" / "kept.txt"), "the instructor's");

    write_file_atomic(temp / "other.json", R"({"checker": "something-else"})");
    expect_input_error(run_in(temp, {MLAB_CURATOR_BIN, "check", "--checker", "other.json", "--no-build"}),
                       "other.json: not a lab checker");
    write_file_atomic(temp / "empty.json", R"({"checker": "mutation-lab", "curation": {"files": []}})");
    expect_input_error(run_in(temp, {MLAB_CURATOR_BIN, "check", "--checker", "empty.json", "--no-build"}),
                       "empty.json: names no curated file");
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

// ---- googletest's samples ------------------------------------------------------------------------------

TEST(LabOnGtestSamples, EveryBugIsKilledByTheReferenceSuiteAndMissedByTheStarterSuite) {
    ASSERT_TRUE(fs::is_directory(kSamples)) << "googletest's samples (Debian's googletest package)";
    const fs::path temp = make_temp_directory("mlab-lab-samples");
    const fs::path project = temp / "gtest_lab";
    fs::copy(fs::path(MLAB_TESTDATA_DIR) / "gtest_lab", project, fs::copy_options::recursive);
    fs::create_directories(project / "samples");
    for (const auto& entry : fs::directory_iterator(kSamples)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".h") || std::regex_match(name, std::regex(R"(sample[1-8](_unittest)?\.cc)"))) {
            fs::copy_file(entry.path(), project / "samples" / name);
        }
    }
    configure(project, project / "build");
    const auto before = snapshot(project, project / "build");

    const ProcessResult lab = run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "4",
                                               "--seed", "7", "--out", (temp / "lab").string(), "-q"});
    ASSERT_EQ(lab.exit_code, 0) << output_of(lab);
    EXPECT_THAT(lab.standard_output, HasSubstr("verified: the starter project builds and its"));
    EXPECT_TRUE(snapshot(project, project / "build") == before) << "the project's source tree changed";

    // The starter: samples 1 and 2 with their tests, the reference-only test files left out, one commit.
    const fs::path starter = temp / "lab" / "starter";
    EXPECT_TRUE(fs::exists(starter / "samples" / "sample1_unittest.cc"));
    EXPECT_TRUE(fs::exists(starter / "samples" / "sample4.cc"));
    for (int n = 3; n <= 8; ++n) {
        EXPECT_FALSE(fs::exists(starter / "samples" / ("sample" + std::to_string(n) + "_unittest.cc"))) << n;
    }
    EXPECT_EQ(run_in(starter, {"git", "rev-list", "--count", "HEAD"}).standard_output, "1\n");
    EXPECT_EQ(run_in(starter, {"git", "status", "--porcelain"}).standard_output, "");

    const json key = read_json(temp / "lab" / "key" / "bugs.json");
    ASSERT_EQ(key["bugs"].size(), 4U);
    EXPECT_EQ(key["droppedTestFiles"].size(), 6U);
    const json checker = read_json(temp / "lab" / "checker.json");
    EXPECT_EQ(checker["curation"]["minKept"], 2);
    for (const json& name : checker["tests"]["required"]) {
        EXPECT_THAT(name.get<std::string>(), Not(HasSubstr("Queue")));  // sample 3's and 5's tests left
    }

    // Each bug on its own, in a copy of the original project: the reference suite fails, among others with
    // the tests the key names; the starter suite passes.
    const fs::path check = temp / "check";
    fs::copy(project, check, fs::copy_options::recursive);
    fs::remove_all(check / "build");
    configure(check, check / "build");
    build(check / "build");
    std::set<std::string> files;
    for (const json& bug : key["bugs"]) {
        SCOPED_TRACE(bug["patch"].get<std::string>());
        files.insert(bug["file"].get<std::string>());
        const std::string patch = (temp / "lab" / bug["patch"].get<std::string>()).string();
        ASSERT_TRUE(run_in(check, {"patch", "-p1", "-s", "-i", patch}).succeeded());
        build(check / "build");
        const ProcessResult reference = ctest(check / "build", {"-L", "reference"});
        EXPECT_FALSE(reference.succeeded()) << "the reference suite misses " << bug["id"];
        const std::set<std::string> failed = failed_tests(reference);
        for (const json& killer : bug["caughtBy"]) {
            EXPECT_EQ(failed.count(killer.get<std::string>()), 1U) << killer << " does not fail";
        }
        const ProcessResult started = ctest(check / "build", {"-L", "starter"});
        EXPECT_TRUE(started.succeeded()) << "the starter suite catches " << bug["id"] << output_of(started);
        ASSERT_TRUE(run_in(check, {"patch", "-R", "-p1", "-s", "-i", patch}).succeeded());
    }
    EXPECT_GE(files.size(), 2U) << "the bugs are spread over files";

    // The same seed gives the same lab; too many bugs is refused, saying how many qualify.
    const ProcessResult again =
        run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "4", "--seed", "7", "--out",
                         (temp / "again").string(), "-q", "--no-verify"});
    ASSERT_EQ(again.exit_code, 0) << output_of(again);
    EXPECT_EQ(read_json(temp / "again" / "key" / "bugs.json")["bugs"], key["bugs"]);
    const ProcessResult greedy = run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "500",
                                                  "--out", (temp / "greedy").string(), "-q"});
    EXPECT_EQ(greedy.exit_code, 2);
    EXPECT_THAT(greedy.standard_error, HasSubstr("mutator: --bugs 500: only "));
    std::smatch qualified;
    ASSERT_TRUE(
        std::regex_search(lab.standard_output, qualified, std::regex(R"((\d+) of (\d+) mutants qualify)")));
    EXPECT_THAT(greedy.standard_error, HasSubstr(qualified[1].str() + " of the " + qualified[2].str() +
                                                 " mutants analysed qualify"));
    EXPECT_FALSE(fs::exists(temp / "greedy"));
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

// ---- the seed lab on target_app, as a student works it ---------------------------------------------------

constexpr const char* kBoundaryTest = R"(
TEST(FilterByMaxItemId, IncludesInteractionAtBoundary) {
    const std::vector<InteractionLog> interactions = {make_log(1, 1, 2)};
    const std::vector<InteractionLog> result = filter_by_max_item_id(interactions, 2);
    ASSERT_EQ(result.size(), 1U);
    EXPECT_EQ(result[0].id, 1);
}
)";

constexpr const char* kEndToEndTests = R"(
TEST_F(InteractionsApiBasics, GetInteractionsReturns200) {
    const HttpClient client(server_->base_url());
    EXPECT_EQ(client.get("/interactions/").status, 200) << "server log:\n" << server_->log();
}

TEST_F(InteractionsApiBasics, ItemsHaveTheExpectedFields) {
    const HttpClient client(server_->base_url());
    const auto response = client.get("/interactions/");
    ASSERT_EQ(response.status, 200);
    const nlohmann::json data = nlohmann::json::parse(response.body);
    ASSERT_FALSE(data.empty());
    EXPECT_TRUE(data[0].contains("id"));
    EXPECT_TRUE(data[0].contains("item_id"));
    EXPECT_TRUE(data[0].contains("created_at"));
}

TEST_F(InteractionsApiBasics, FilterIncludesTheBoundary) {
    const HttpClient client(server_->base_url());
    const auto response = client.get("/interactions/?max_item_id=1");
    ASSERT_EQ(response.status, 200);
    const nlohmann::json data = nlohmann::json::parse(response.body);
    ASSERT_FALSE(data.empty());
    for (const auto& item : data) {
        EXPECT_LE(item["item_id"].get<int>(), 1);
    }
}
)";

TEST(LabSeedLab, AStudentWorksTheLabAndTheAutocheckerGradesIt) {
    const fs::path temp = make_temp_directory("mlab-lab-seed");
    // The instructor: target_app with its complete suite, and the seed lab written from it.
    const fs::path instructor = temp / "target_app";
    fs::copy(MLAB_TARGET_APP_DIR, instructor, fs::copy_options::recursive);
    fs::remove_all(instructor / "build");
    configure(instructor, instructor / "build");
    const ProcessResult lab = run_in(instructor, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--preset",
                                                  "seed-lab", "--out", (temp / "lab").string(), "-q"});
    ASSERT_EQ(lab.exit_code, 0) << output_of(lab);
    EXPECT_THAT(lab.standard_output, HasSubstr("bug 1  ROR.le_to_lt  src/interaction.cpp:9  <= -> <"));
    EXPECT_THAT(lab.standard_output, HasSubstr("bug 2  SLR.configured_pair  src/mapping.cpp:11"));
    const json key = read_json(temp / "lab" / "key" / "bugs.json");
    ASSERT_EQ(key["bugs"].size(), 2U);
    EXPECT_EQ(key["bugs"][0]["mutatedLine"], "        if (interaction.item_id < max_item_id) {");
    EXPECT_EQ(key["bugs"][1]["mutatedLine"], "    interaction.created_at = record.text(\"timestamp\");");
    const fs::path checker = temp / "lab" / "checker.json";

    // The student clones the starter repository and builds it.
    const fs::path app = temp / "student";
    ASSERT_TRUE(
        run_in(temp, {"git", "clone", "-q", (temp / "lab" / "starter").string(), app.string()}).succeeded());
    EXPECT_FALSE(fs::exists(app / "tests" / "unit" / "test_filter_edge_cases.cpp"));
    configure(app, app / "build");
    build(app / "build");
    const auto commit = [&](const std::string& message) {
        ASSERT_TRUE(run_in(app, {"git", "commit", "-q", "-am", message}).succeeded());
    };

    // Part A. The unit suite passes; the boundary test fails; the fix makes it pass.
    EXPECT_TRUE(ctest(app / "build", {"-L", "unit"}).succeeded());
    replace_in_file(app / "tests/unit/test_interactions.cpp", "}  // namespace\n}  // namespace target_app",
                    std::string(kBoundaryTest) + "\n}  // namespace\n}  // namespace target_app");
    build(app / "build");
    const ProcessResult boundary = ctest(app / "build", {"-L", "unit"});
    EXPECT_FALSE(boundary.succeeded());
    EXPECT_EQ(failed_tests(boundary),
              std::set<std::string>{"FilterByMaxItemId.IncludesInteractionAtBoundary"});
    EXPECT_THAT(boundary.standard_output, HasSubstr("Which is: 0"));  // result.size() == 0, not 1
    commit("test: filter_by_max_item_id keeps the interaction at the boundary");
    replace_in_file(app / "src/interaction.cpp", "interaction.item_id < max_item_id",
                    "interaction.item_id <= max_item_id");
    build(app / "build");
    EXPECT_TRUE(ctest(app / "build", {"-L", "unit"}).succeeded());
    commit("fix: use <= instead of < in max_item_id filter");

    // Part B. The e2e suite passes until it reads the list: then 500, and the server log says why.
    EXPECT_TRUE(ctest(app / "build", {"-L", "e2e"}).succeeded());
    replace_in_file(app / "tests/e2e/test_e2e_basics.cpp", "#include <gtest/gtest.h>",
                    "#include <gtest/gtest.h>\n#include <nlohmann/json.hpp>");
    replace_in_file(app / "tests/e2e/test_e2e_basics.cpp", "}  // namespace\n}  // namespace target_app",
                    std::string(kEndToEndTests) + "\n}  // namespace\n}  // namespace target_app");
    build(app / "build");
    const ProcessResult e2e = ctest(app / "build", {"-L", "e2e"});
    EXPECT_EQ(failed_tests(e2e), (std::set<std::string>{"InteractionsApiBasics.GetInteractionsReturns200",
                                                        "InteractionsApiBasics.ItemsHaveTheExpectedFields",
                                                        "InteractionsApiBasics.FilterIncludesTheBoundary"}));
    EXPECT_THAT(e2e.standard_output, HasSubstr("Which is: 500"));
    EXPECT_THAT(e2e.standard_output,
                HasSubstr("ERROR GET /interactions/: stored row has no field 'timestamp' (it has: id, "
                          "learner_id, item_id, kind, created_at)"));
    commit("test: e2e tests of GET /interactions/");
    replace_in_file(app / "src/mapping.cpp", "record.text(\"timestamp\")", "record.text(\"created_at\")");
    build(app / "build");
    EXPECT_TRUE(ctest(app / "build", {}).succeeded());
    commit("fix: read created_at, the stored field, in the response mapping");
    const std::string log = run_in(app, {"git", "log", "--format=%s", "--name-only"}).standard_output;
    EXPECT_THAT(log, HasSubstr("fix: use <= instead of < in max_item_id filter\n\nsrc/interaction.cpp\n"));
    EXPECT_THAT(
        log,
        HasSubstr("fix: read created_at, the stored field, in the response mapping\n\nsrc/mapping.cpp\n"));

    // Part C. AI-written tests (the offline replay of a hand-written sample reply), curated, then checked.
    const std::string ai = "tests/unit/test_interactions_ai.cpp";
    const ProcessResult generated =
        run_in(app, {MLAB_CURATOR_BIN, "generate", "--source", "src/interaction.cpp", "--header",
                     "include/target_app/interaction.hpp", "--tests", "tests/unit/test_interactions.cpp",
                     "--out", ai, "-p", "build", "--test-label", "unit"});
    ASSERT_EQ(generated.exit_code, 0) << output_of(generated);
    // The autochecker's job, as docs/ci.md shows it; the checker comes with the starter repository.
    const Workflow workflow = lab_workflow();
    const fs::path summary = temp / "summary.md";
    EXPECT_EQ(read_file(app / ".mutation-lab/checker.json"), read_file(checker));
    const ProcessResult uncurated = run_step(workflow, "Check the AI-written tests", app, summary);
    EXPECT_EQ(uncurated.exit_code, 1) << output_of(uncurated);
    EXPECT_THAT(uncurated.standard_output, HasSubstr("10 pending"));

    // The student's decisions, by what the funnel saw: failing, not compiling, duplicate and out-of-scope
    // tests are discarded, the rest kept.
    const json sidecar = read_json(app / (ai + ".curator.json"));
    std::size_t kept = 0;
    for (const json& test : sidecar["tests"]) {
        const std::string name = test["name"], verdict = test["funnel"]["verdict"];
        std::vector<std::string> decision;
        if (verdict != "passed") {
            decision = {"--discard", "--reason", "the funnel says " + verdict};
        } else if (!test.value("renamed_from", "").empty() || test["funnel"].contains("duplicate_of") ||
                   name.find("VectorCopy") != std::string::npos) {
            decision = {"--discard", "--reason",
                        "duplicates an existing test or tests std::vector, not the filter"};
        } else {
            decision = {"--keep", "--reason", "passes and checks the filter's behaviour"};
            ++kept;
        }
        std::vector<std::string> argv{MLAB_CURATOR_BIN, "annotate", ai, name};
        argv.insert(argv.end(), decision.begin(), decision.end());
        const ProcessResult annotated = run_in(app, argv);
        ASSERT_EQ(annotated.exit_code, 0) << name << output_of(annotated);
    }
    EXPECT_GE(kept, 2U);
    const ProcessResult curated = run_step(workflow, "Check the AI-written tests", app, summary);
    EXPECT_EQ(curated.exit_code, 0) << output_of(curated);
    EXPECT_THAT(curated.standard_output, HasSubstr("every rule holds"));

    // The curated file joins the unit suite, and the whole job passes.
    append_to_file(app / "CMakeLists.txt",
                   "target_app_test(unit_ai_tests \"unit\" tests/unit/test_interactions_ai.cpp)\n");
    ASSERT_TRUE(run_in(app, {"git", "add", "-A"}).succeeded());
    commit("test: the curated AI-written tests");
    for (const char* step : {"Build the project", "Unit and e2e tests", "Check the AI-written tests",
                             "Mutation report of the suite", "Curated tests × mutants"}) {
        const ProcessResult result = run_step(workflow, step, app, summary);
        EXPECT_EQ(result.exit_code, 0) << step << "\n" << output_of(result);
    }
    const std::string job_summary = read_file(summary);
    EXPECT_THAT(job_summary, HasSubstr("src/interaction.cpp"));      // the mutation report's Markdown
    EXPECT_THAT(job_summary, HasSubstr("NegativeMaxKeepsNothing"));  // the curated tests × mutants
    const json report = read_json(app / "build/mutants/mutation-report.json");
    EXPECT_TRUE(report["testFiles"].contains(ai)) << "the curated tests ran in the mutation analysis";
    EXPECT_EQ(run_in(app, {"git", "status", "--porcelain", "--untracked-files=no"}).standard_output, "");
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

}  // namespace
}  // namespace mlab::cli_testing
