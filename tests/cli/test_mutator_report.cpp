// End-to-end tests of the reports of a run over tests/testdata/killmatrix: the JSON against the official
// schema, the files `run` writes, `mutator report` in every format, the two HTML pages in a real headless
// Chromium, and every bad input `report` and the results store can meet. Also the CI workflow examples.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "mlab/common/text.hpp"
#include "report_checks.hpp"

namespace {

namespace fs = std::filesystem;
using mlab::ProcessResult;
using mlab::cli_testing::expect_input_error;
using mlab::cli_testing::expect_valid_report;
using mlab::cli_testing::inspect_page;
using nlohmann::json;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A configured copy of killmatrix and one run of it with every report format, made on first use (ctest
// runs each test in a process of its own, so each test that needs the run makes it once).
class ReportsOfARun : public mlab::cli_testing::ExampleProject {
  protected:
    void SetUp() override { open("killmatrix"); }

    const ProcessResult& the_run() {
        if (!run_) {
            run_ = mutator({"run", "-q", "-p", "build", "--out", out().string(), "--reports",
                            "html,markdown,matrix,github,sarif"});
        }
        return *run_;
    }
    fs::path out() const { return temp() / "out"; }
    json report() {
        the_run();
        return json::parse(mlab::read_file(out() / "mutation-report.json"));
    }

  private:
    std::optional<ProcessResult> run_;
};

std::vector<json> mutants_of(const json& report) {
    std::vector<json> all;
    for (const auto& [file, entry] : report["files"].items()) {
        for (json mutant : entry["mutants"]) {
            mutant["file"] = file;
            all.push_back(mutant);
        }
    }
    return all;
}

std::size_t undetected_count(const json& report) {
    const std::vector<json> all = mutants_of(report);
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const json& m) {
        return m["status"] == "Survived" || m["status"] == "NoCoverage";
    }));
}

TEST_F(ReportsOfARun, JsonIsValidAgainstTheOfficialSchemaAndEveryFormatRendersFromTheStoredRun) {
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    expect_valid_report(out() / "mutation-report.json");
    const json stored = report();
    EXPECT_EQ(stored["schemaVersion"], "2");
    EXPECT_EQ(stored["thresholds"], json::parse(R"({"high": 80, "low": 60})"));
    for (const char* key : {"files", "testFiles", "framework", "system", "performance"}) {
        EXPECT_TRUE(stored.contains(key)) << key;
    }
    // Test ids are the gtest names CTest registered, and each test knows the line of its TEST macro.
    bool found = false;
    for (const json& test : stored["testFiles"]["tests/outcome_tests.cpp"]["tests"]) {
        if (test["id"] == "Adult.EighteenIsAdult") {
            found = true;
            EXPECT_EQ(test["name"], "Adult.EighteenIsAdult");
            EXPECT_GT(test["location"]["start"]["line"].get<int>(), 0);
        }
    }
    EXPECT_TRUE(found);
    // The summary lists every report file the run wrote.
    for (const char* name : {"mutation-report.json", "mutation-report.html", "mutation-report.md",
                             "kill-matrix.html", "mutation-annotations.txt", "mutation-report.sarif"}) {
        EXPECT_THAT(the_run().standard_output, HasSubstr("report: " + (out() / name).string() + "\n"))
            << name;
    }
    // `report` renders each from the stored run alone: the same bytes the run wrote.
    const std::map<std::string, std::string> files{
        {"json", "mutation-report.json"},       {"html", "mutation-report.html"},
        {"markdown", "mutation-report.md"},     {"matrix", "kill-matrix.html"},
        {"github", "mutation-annotations.txt"}, {"sarif", "mutation-report.sarif"}};
    for (const auto& [format, file] : files) {
        const ProcessResult rendered = mutator({"report", out().string(), "--format", format});
        ASSERT_EQ(rendered.exit_code, 0) << format << ": " << rendered.standard_error;
        EXPECT_TRUE(rendered.standard_output == mlab::read_file(out() / file))
            << format << " differs from " << file;
    }
    // --output writes the file; a report file works as the source as well as its folder.
    const fs::path copy = temp() / "copy.md";
    const ProcessResult to_file = mutator({"report", (out() / "mutation-report.json").string(), "--format",
                                           "markdown", "--output", copy.string()});
    ASSERT_EQ(to_file.exit_code, 0) << to_file.standard_error;
    EXPECT_EQ(to_file.standard_output, "");
    EXPECT_EQ(mlab::read_file(copy), mlab::read_file(out() / "mutation-report.md"));
}

TEST_F(ReportsOfARun, MarkdownGithubAndSarifNameEverySurvivingMutant) {
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    const json stored = report();
    const std::size_t undetected = undetected_count(stored);
    ASSERT_GT(undetected, 0U);

    const std::string markdown = mlab::read_file(out() / "mutation-report.md");
    EXPECT_THAT(markdown, StartsWith("## Mutation score of killmatrix: "));
    EXPECT_THAT(markdown, HasSubstr("| `src/outcomes.cpp` |"));
    // clamp_percent's unchecked 101 survives: its line, before and after.
    EXPECT_THAT(markdown, HasSubstr("`CR.int_increment` — survived"));
    EXPECT_THAT(markdown, HasSubstr("   - if (value > 100) {\n   + if (value > 101) {\n"));

    const std::string annotations = mlab::read_file(out() / "mutation-annotations.txt");
    EXPECT_EQ(static_cast<std::size_t>(std::count(annotations.begin(), annotations.end(), '\n')), undetected);
    for (const std::string_view line : mlab::split_lines(annotations)) {
        EXPECT_THAT(std::string(line), StartsWith("::warning file=src/outcomes.cpp,line="));
    }
    const ProcessResult prefixed = mutator(
        {"report", out().string(), "--format", "github", "--path-prefix", "tests/testdata/killmatrix/"});
    EXPECT_THAT(prefixed.standard_output,
                StartsWith("::warning file=tests/testdata/killmatrix/src/outcomes.cpp,"));

    const json sarif = json::parse(mlab::read_file(out() / "mutation-report.sarif"));
    EXPECT_EQ(sarif["version"], "2.1.0");
    EXPECT_EQ(sarif["runs"][0]["results"].size(), undetected);
    std::set<std::string> rules;
    for (const json& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
        EXPECT_TRUE(rules.insert(rule["id"].get<std::string>()).second)
            << "rule listed twice: " << rule["id"];
    }
    for (const json& result : sarif["runs"][0]["results"]) {
        EXPECT_EQ(rules.count(result["ruleId"].get<std::string>()), 1U);
        EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].get<std::size_t>()]["id"],
                  result["ruleId"]);
    }
}

TEST_F(ReportsOfARun, HtmlReportRendersOfflineInChromiumAndShowsAFilesSurvivors) {
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    const json stored = report();
    const json facts =
        inspect_page("inspect-elements.mjs", {(out() / "mutation-report.html").string(), "src/outcomes.cpp"});
    EXPECT_THAT(facts["consoleErrors"], IsEmpty());
    EXPECT_THAT(facts["externalRequests"], IsEmpty());
    // The "All files" row: name, then the score of all mutants as the viewer computes it.
    std::size_t detected = 0, valid = 0, survived = 0;
    std::set<std::string> survivors;
    for (const json& mutant : mutants_of(stored)) {
        const std::string status = mutant["status"];
        detected += status == "Killed" || status == "Timeout";
        valid += status == "Killed" || status == "Timeout" || status == "Survived" || status == "NoCoverage";
        if (status == "Survived") {
            ++survived;
            survivors.insert(mutant["id"].get<std::string>());
        }
    }
    ASSERT_GT(valid, 0U);
    ASSERT_GE(facts["allFilesRow"].size(), 3U);
    EXPECT_EQ(facts["allFilesRow"][0], "All files");
    EXPECT_EQ(facts["allFilesRow"][2], fmt::format("{:.2f}", 100.0 * static_cast<double>(detected) / valid));
    // Opening the file shows its surviving mutants, the Survived filter on with their number.
    // The viewer drops the folders all files share: with one file, its link is "outcomes.cpp".
    EXPECT_EQ(facts["hash"], "#mutant/outcomes.cpp");
    bool survived_filter = false;
    for (const json& filter : facts["filters"]) {
        if (filter["status"] == "Survived") {
            survived_filter = true;
            EXPECT_TRUE(filter["checked"].get<bool>());
            EXPECT_THAT(filter["label"].get<std::string>(),
                        HasSubstr(fmt::format("Survived ({})", survived)));
        }
    }
    EXPECT_TRUE(survived_filter) << facts["filters"].dump();
    std::set<std::string> shown;
    for (const json& mutant : facts["shownMutants"]) {
        if (mutant["status"] == "Survived") {
            shown.insert(mutant["id"].get<std::string>());
        }
    }
    EXPECT_EQ(shown, survivors);
}

TEST_F(ReportsOfARun, KillMatrixPageShowsWhichTestKillsWhichMutant) {
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    const json stored = report();
    const json facts = inspect_page("inspect-matrix.mjs", {(out() / "kill-matrix.html").string()});
    EXPECT_THAT(facts["consoleErrors"], IsEmpty());
    EXPECT_THAT(facts["externalRequests"], IsEmpty());
    EXPECT_EQ(facts["title"], "killmatrix - kill matrix");
    EXPECT_THAT(facts["scoreText"].get<std::string>(), StartsWith("mutation score "));

    // Every cell agrees with killedBy / coveredBy, and every killing pair has its cell.
    std::map<std::pair<std::string, std::string>, std::string> expected;
    std::map<std::string, std::vector<std::string>> only_killer;
    std::map<std::string, std::size_t> kills;
    for (const json& mutant : mutants_of(stored)) {
        const std::string id = mutant["id"];
        for (const json& test : mutant["coveredBy"]) {
            expected[{test.get<std::string>(), id}] = "covered";
        }
        for (const json& test : mutant["killedBy"]) {
            expected[{test.get<std::string>(), id}] = "killed";
            ++kills[test.get<std::string>()];
        }
        if (mutant["killedBy"].size() == 1) {
            only_killer[mutant["killedBy"][0].get<std::string>()].push_back(id);
        }
    }
    std::size_t killed_cells = 0;
    for (const json& cell : facts["cells"]) {
        const auto it = expected.find({cell["test"].get<std::string>(), cell["mutant"].get<std::string>()});
        const std::string want = it == expected.end() ? "none" : it->second;
        EXPECT_EQ(cell["state"], want) << cell.dump();
        killed_cells += cell["state"] == "killed";
    }
    std::size_t killing_pairs = 0;
    for (const auto& [pair, state] : expected) {
        killing_pairs += state == "killed";
    }
    EXPECT_EQ(killed_cells, killing_pairs);
    ASSERT_GT(killing_pairs, 0U);

    // The mutants only one test kills, per test.
    std::map<std::string, std::set<std::string>> shown_unique, expected_unique;
    for (const auto& [test, mutants] : facts["uniqueKills"].items()) {
        shown_unique[test] = {mutants.begin(), mutants.end()};
    }
    for (const auto& [test, mutants] : only_killer) {
        expected_unique[test] = {mutants.begin(), mutants.end()};
    }
    EXPECT_EQ(shown_unique, expected_unique);
    EXPECT_TRUE(expected_unique.count("Adult.EighteenIsAdult") == 0) << "is_adult's mutant has two killers";

    // Sorted by kills, the rows go from most to fewest kills; by name, alphabetically.
    std::vector<std::size_t> by_kills;
    for (const json& test : facts["testOrder"]["kills"]) {
        by_kills.push_back(kills[test.get<std::string>()]);
    }
    EXPECT_TRUE(std::is_sorted(by_kills.rbegin(), by_kills.rend())) << facts["testOrder"]["kills"].dump();
    std::vector<std::string> by_name = facts["testOrder"]["name"];
    EXPECT_TRUE(std::is_sorted(by_name.begin(), by_name.end()));
    EXPECT_NE(facts["testOrder"]["kills"], facts["testOrder"]["name"]);
    std::vector<std::string> location = facts["mutantOrder"]["location"];
    std::vector<std::string> status = facts["mutantOrder"]["status"];
    EXPECT_NE(location, status);
    std::sort(location.begin(), location.end());
    std::sort(status.begin(), status.end());
    EXPECT_EQ(location, status) << "sorting changes the order, not the columns";
}

TEST_F(ReportsOfARun, BreakThresholdComesFromMutatorYmlAndTheFlagOverridesIt) {
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    // The file's break threshold is above the project's score: the rerun (all results reused) gates on it.
    const fs::path config = temp() / "strict.yml";
    mlab::write_file_atomic(config, mlab::read_file(root() / "mutator.yml") +
                                        "thresholds:\n  high: 95\n  low: 90\n  break: 99\n");
    const ProcessResult strict =
        mutator({"run", "-q", "-p", "build", "--out", out().string(), "--config", config.string()});
    EXPECT_EQ(strict.exit_code, 1) << strict.standard_error;
    EXPECT_THAT(strict.standard_error, HasSubstr("is below the break threshold 99%"));
    const json gated = report();
    EXPECT_EQ(gated["thresholds"], json::parse(R"({"high": 95, "low": 90})"));
    EXPECT_EQ(gated["config"]["thresholds"]["break"], 99);
    expect_valid_report(out() / "mutation-report.json");
    EXPECT_THAT(mlab::read_file(out() / "mutation-report.md"),
                HasSubstr("**Fails** the break threshold (99%)."));

    const ProcessResult flag = mutator(
        {"run", "-q", "-p", "build", "--out", out().string(), "--config", config.string(), "--break", "10"});
    EXPECT_EQ(flag.exit_code, 0) << flag.standard_error;
    EXPECT_THAT(mlab::read_file(out() / "mutation-report.md"),
                HasSubstr("Passes the break threshold (10%)."));
}

TEST_F(ReportsOfARun, BadReportsAndStoresAreOneLineAndExitCode2) {
    const fs::path dir = temp() / "inputs";
    fs::create_directories(dir);
    const json sample = json::parse(R"({"schemaVersion": "2", "thresholds": {"high": 80, "low": 60},
        "files": {"a.cpp": {"language": "cpp", "source": "int x = 1;\n", "mutants": [
          {"id": "1", "mutatorName": "CR.int_to_zero", "replacement": "0",
           "location": {"start": {"line": 1, "column": 9}, "end": {"line": 1, "column": 10}},
           "status": "Survived"}]}}})");
    mlab::write_file_atomic(dir / "good.json", sample.dump());
    ASSERT_EQ(mutator({"report", (dir / "good.json").string(), "--format", "markdown"}).exit_code, 0);

    const std::string text = sample.dump(2);
    mlab::write_file_atomic(dir / "truncated.json", text.substr(0, text.size() - 20));
    expect_input_error(mutator({"report", (dir / "truncated.json").string()}),
                       (dir / "truncated.json").string() + ": not JSON (truncated or corrupt)");
    json other = sample;
    other["schemaVersion"] = "3";
    mlab::write_file_atomic(dir / "v3.json", other.dump());
    expect_input_error(mutator({"report", (dir / "v3.json").string(), "--format", "html"}),
                       "/schemaVersion: schema version '3' is not one Mutation Lab reads (versions 1 and 2)");
    json broken = sample;
    broken["files"]["a.cpp"]["mutants"][0]["location"].erase("end");
    mlab::write_file_atomic(dir / "broken.json", broken.dump());
    expect_input_error(mutator({"report", (dir / "broken.json").string(), "--format", "sarif"}),
                       "/files/a.cpp/mutants/0/location: 'end' is missing");
    expect_input_error(mutator({"report", (dir / "good.json").string(), "--format", "pdf"}),
                       "--format pdf: unknown format (known: json, html, matrix, markdown, github, sarif)");
    expect_input_error(mutator({"report", (dir / "missing").string()}), (dir / "missing").string());
    // A folder whose run never finished: no report yet, and the way to finish it.
    fs::create_directories(dir / "unfinished");
    mlab::write_file_atomic(dir / "unfinished" / "results.db", "");
    expect_input_error(mutator({"report", (dir / "unfinished").string()}), "holds no report yet");
    // --output is written whole or not at all: a failed render leaves no file.
    expect_input_error(mutator({"report", (dir / "v3.json").string(), "--output", (dir / "out.md").string()}),
                       "schema version");
    EXPECT_FALSE(fs::exists(dir / "out.md"));

    // A damaged results store, and one of another layout version.
    const fs::path damaged = temp() / "damaged";
    fs::create_directories(damaged);
    mlab::write_file_atomic(damaged / "results.db", std::string(4096, 'x'));
    expect_input_error(mutator({"run", "-q", "-p", "build", "--out", damaged.string(), "--resume"}),
                       (damaged / "results.db").string() + ": not a results store");
    expect_input_error(mutator({"run", "-q", "-p", "build", "--out", out().string(), "--reports", "pdf"}),
                       "--reports pdf: unknown format");
    ASSERT_EQ(the_run().exit_code, 0) << the_run().standard_error;
    const ProcessResult sqlite =
        mlab::cli_testing::run({"sqlite3", (out() / "results.db").string(),
                                "UPDATE meta SET value = '99' WHERE name = 'store_version'"});
    ASSERT_EQ(sqlite.exit_code, 0) << sqlite.standard_error;
    expect_input_error(mutator({"run", "-q", "-p", "build", "--out", out().string()}),
                       "a results store of layout version 99");
}

// docs/examples holds the CI workflows docs/ci.md shows; they must at least be YAML of the right shape.
TEST(CiExamples, WorkflowsAreYamlAndDocsCiShowsThemWhole) {
    const fs::path examples = fs::path(MLAB_SOURCE_DIR) / "docs" / "examples";
    const std::string ci_doc = mlab::read_file(fs::path(MLAB_SOURCE_DIR) / "docs" / "ci.md");
    std::size_t workflows = 0;
    for (const auto& entry : fs::directory_iterator(examples)) {
        if (entry.path().extension() != ".yml") {
            continue;
        }
        ++workflows;
        const std::string text = mlab::read_file(entry.path());
        YAML::Node root;
        ASSERT_NO_THROW(root = YAML::Load(text)) << entry.path();
        ASSERT_TRUE(root.IsMap()) << entry.path();
        EXPECT_NE(ci_doc.find(text), std::string::npos)
            << "docs/ci.md does not show " << entry.path() << " whole";
        // mutator run, or the repository's action that runs it; a gate, or a break of 0 said aloud.
        const bool uses_action = text.find("/mutation-lab@") != std::string::npos;
        EXPECT_TRUE(text.find("mutator run") != std::string::npos || uses_action) << entry.path();
        EXPECT_TRUE(text.find("--break") != std::string::npos ||
                    (uses_action && text.find("break: ") != std::string::npos))
            << entry.path();
        if (entry.path().filename().string().rfind("github", 0) == 0) {
            ASSERT_TRUE(root["jobs"].IsMap()) << entry.path();
            ASSERT_TRUE(root["on"] || root[true]) << entry.path() << " has no trigger";
            for (const auto& job : root["jobs"]) {
                EXPECT_TRUE(job.second["runs-on"].IsDefined()) << job.first.as<std::string>();
                EXPECT_TRUE(job.second["steps"].IsSequence()) << job.first.as<std::string>();
            }
        }
    }
    EXPECT_EQ(workflows, 4U);  // the lab's job is also run step by step by tests/cli/test_lab.cpp
    // The action writes the summary and the annotations and uploads the reports; the workflow asks for the
    // SARIF report and uploads it to code scanning.
    const std::string action = mlab::read_file(fs::path(MLAB_SOURCE_DIR) / "action.yml") +
                               mlab::read_file(fs::path(MLAB_SOURCE_DIR) / "tools/action/run.sh");
    for (const char* part :
         {"GITHUB_STEP_SUMMARY", "--format github", "--format markdown", "upload-artifact"}) {
        EXPECT_NE(action.find(part), std::string::npos) << part;
    }
    const std::string github = mlab::read_file(examples / "github-actions-mutation.yml");
    for (const char* part : {"reports: json,html,markdown,sarif", "upload-sarif", "mutation-report.sarif"}) {
        EXPECT_NE(github.find(part), std::string::npos) << part;
    }
    const std::string sharded = mlab::read_file(examples / "github-actions-mutation-sharded.yml");
    EXPECT_NE(sharded.find("shard: ${{ matrix.shard }}/${{ strategy.job-total }}"), std::string::npos);
    EXPECT_NE(sharded.find("merge: shards/mutants-*"), std::string::npos);
}

}  // namespace
