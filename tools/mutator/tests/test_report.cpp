// Unit tests of reading and rendering a report: the shape check with its error messages, the view the
// renderers share, and each format (Markdown, annotations, SARIF, the two HTML pages) on a small report
// written by hand below.

#include <filesystem>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mutator/assets.hpp"
#include "mutator/config.hpp"
#include "mutator/render.hpp"
#include "mutator/report.hpp"
#include "mutator/report_view.hpp"

namespace mutator {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Three mutants of one file: one killed by two tests, one surviving two covering tests, one no test
// reaches; a second file with one surviving mutant whose path and code hold characters formats escape.
ordered_json sample_report() {
    return ordered_json::parse(R"json({
      "schemaVersion": "2",
      "thresholds": {"high": 80, "low": 60},
      "projectRoot": "/work/shop",
      "files": {
        "src/filter.cpp": {
          "language": "cpp",
          "source": "int keep(int x, int max) {\n    if (x <= max) {\n        return 1;\n    }\n    return 0;\n}\n",
          "mutants": [
            {"id": "m-boundary", "mutatorName": "ROR.le_to_lt", "replacement": "<",
             "description": "<= -> < in keep",
             "location": {"start": {"line": 2, "column": 11}, "end": {"line": 2, "column": 13}},
             "status": "Survived", "killedBy": [], "coveredBy": ["Filter.KeepsSmall", "Filter.DropsLarge"]},
            {"id": "m-return", "mutatorName": "CR.int_to_zero", "replacement": "0",
             "location": {"start": {"line": 3, "column": 16}, "end": {"line": 3, "column": 17}},
             "status": "Killed", "statusReason": "Filter.KeepsSmall failed",
             "killedBy": ["Filter.DropsLarge", "Filter.KeepsSmall"],
             "coveredBy": ["Filter.DropsLarge", "Filter.KeepsSmall"]},
            {"id": "m-zero", "mutatorName": "CR.int_to_one", "replacement": "1",
             "location": {"start": {"line": 5, "column": 12}, "end": {"line": 5, "column": 13}},
             "status": "NoCoverage", "killedBy": [], "coveredBy": []}
          ]
        },
        "src/a,b:c.cpp": {
          "language": "cpp",
          "source": "int f(int a) { return a | 1; } // 100%\n",
          "mutants": [
            {"id": "m-or", "mutatorName": "AOR.or_to_and", "replacement": "&",
             "description": "| -> & in f </script><b>",
             "location": {"start": {"line": 1, "column": 25}, "end": {"line": 1, "column": 26}},
             "status": "Survived", "killedBy": [], "coveredBy": ["Filter.KeepsSmall"]}
          ]
        }
      },
      "testFiles": {
        "tests/filter_test.cpp": {"tests": [
          {"id": "Filter.KeepsSmall", "name": "Filter.KeepsSmall", "location": {"start": {"line": 4, "column": 1}}},
          {"id": "Filter.DropsLarge", "name": "Filter.DropsLarge", "location": {"start": {"line": 9, "column": 1}}}
        ]}
      },
      "framework": {"name": "mutation-lab mutator", "version": "0.1.0"},
      "config": {"thresholds": {"break": 50}}
    })json");
}

std::string check_error(const ordered_json& report) {
    try {
        check_report(report, "r.json");
    } catch (const mlab::InputError& error) {
        return error.what();
    }
    return "";
}

TEST(CheckReport, AcceptsOursAndOtherToolsVersionOneReports) {
    EXPECT_EQ(check_error(sample_report()), "");
    ordered_json other = sample_report();
    other["schemaVersion"] = "1.7";
    other.erase("testFiles");
    other["files"]["src/filter.cpp"]["mutants"][0].erase("killedBy");
    EXPECT_EQ(check_error(other), "");
}

TEST(CheckReport, NamesTheFileAndThePointerOfTheFirstBadValue) {
    ordered_json report = sample_report();
    report["schemaVersion"] = "3";
    EXPECT_EQ(check_error(report),
              "r.json: /schemaVersion: schema version '3' is not one Mutation Lab reads (versions 1 and 2)");

    report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][1]["location"].erase("end");
    EXPECT_EQ(check_error(report), "r.json: /files/src~1filter.cpp/mutants/1/location: 'end' is missing");

    report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][0]["status"] = "Dead";
    EXPECT_EQ(check_error(report), "r.json: /files/src~1filter.cpp/mutants/0/status: unknown status 'Dead'");

    report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][0]["killedBy"] = "Filter.KeepsSmall";
    EXPECT_EQ(check_error(report),
              "r.json: /files/src~1filter.cpp/mutants/0/killedBy: expected a list of test ids");

    report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][2]["location"]["start"]["line"] = 0;
    EXPECT_EQ(
        check_error(report),
        "r.json: /files/src~1filter.cpp/mutants/2/location/start/line: expected a whole number from 1 up");

    report = sample_report();
    report["testFiles"]["tests/filter_test.cpp"]["tests"][0].erase("name");
    EXPECT_EQ(check_error(report), "r.json: /testFiles/tests~1filter_test.cpp/tests/0: 'name' is missing");

    EXPECT_EQ(check_error(ordered_json::array()),
              "r.json: /: not a mutation report (expected a JSON object)");
    EXPECT_EQ(check_error(ordered_json{{"files", ordered_json::object()}}),
              "r.json: /schemaVersion: missing: not a mutation-testing-elements report");
}

TEST(CheckReport, ChecksTheTopLevelValuesTheRenderersRead) {
    ordered_json report = sample_report();
    report["framework"]["version"] = 1;
    EXPECT_EQ(check_error(report), "r.json: /framework/version: expected a string");
    report = sample_report();
    report["config"] = nullptr;
    EXPECT_EQ(check_error(report), "r.json: /config: expected an object");
    report = sample_report();
    report["projectRoot"] = 5;
    EXPECT_EQ(check_error(report), "r.json: /projectRoot: expected a string");
    report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][0]["location"]["end"]["line"] = 4294967296L;
    EXPECT_EQ(
        check_error(report),
        "r.json: /files/src~1filter.cpp/mutants/0/location/end/line: expected a whole number from 1 up");
    report = sample_report();
    report["thresholds"]["high"] = 80.0;  // JSON Schema's integer
    EXPECT_EQ(check_error(report), "");
    EXPECT_EQ(report_thresholds(report).high, 80);
}

TEST(ReadReport, TruncatedOrEmptyJsonIsOneLineNamingTheFile) {
    const fs::path dir = mlab::make_temp_directory("mlab-report");
    const std::string full = sample_report().dump(2);
    mlab::write_file_atomic(dir / "cut.json", full.substr(0, full.size() / 2));
    mlab::write_file_atomic(dir / "empty.json", "");
    try {
        read_report_json(dir / "cut.json");
        ADD_FAILURE() << "a truncated report was read";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(),
                    StartsWith((dir / "cut.json").string() + ": not JSON (truncated or corrupt): "));
        EXPECT_THAT(error.what(), Not(HasSubstr("\n")));
    }
    try {
        read_report_json(dir / "empty.json");
        ADD_FAILURE() << "an empty report was read";
    } catch (const mlab::InputError& error) {
        EXPECT_THAT(error.what(),
                    StartsWith((dir / "empty.json").string() + ": not JSON (the file is empty)"));
    }
    fs::remove_all(dir);
}

TEST(ReportView, GivesEachMutantItsCodeBeforeAndAfterAndListsSurvivorsFirst) {
    const ReportView view = view_report(sample_report());
    EXPECT_EQ(view.project, "shop");
    EXPECT_EQ(view.counts.killed, 1U);
    EXPECT_EQ(view.counts.survived, 2U);
    EXPECT_EQ(view.counts.no_coverage, 1U);
    EXPECT_EQ(view.thresholds.high, 80);
    EXPECT_EQ(view.thresholds.break_at, 50.0);
    ASSERT_EQ(view.files.size(), 2U);
    EXPECT_EQ(view.files[0].path, "src/a,b:c.cpp");  // name order
    const MutantView& boundary = view.files[1].mutants[0];
    EXPECT_EQ(boundary.original, "<=");
    EXPECT_EQ(boundary.line_before, "if (x <= max) {");
    EXPECT_EQ(boundary.line_after, "if (x < max) {");
    // A mutant without a description gets one from its code.
    EXPECT_EQ(view.files[1].mutants[1].description, "1 -> 0");
    std::vector<std::string> undetected;
    for (const MutantView* mutant : view.undetected()) {
        undetected.push_back(mutant->id);
    }
    EXPECT_THAT(undetected, ElementsAre("m-or", "m-boundary", "m-zero"));
    ASSERT_EQ(view.tests.size(), 2U);
    EXPECT_EQ(view.tests[1].line, 9U);
}

TEST(Markdown, ShowsScoreAgainstThresholdsCountsFilesAndSurvivorDiffs) {
    const std::string markdown = render_markdown(sample_report(), RenderOptions{});
    EXPECT_THAT(markdown,
                StartsWith("## Mutation score of shop: 25.0%\n\n1 of 4 mutants detected. 🔴 Below the "
                           "low threshold (60%). **Fails** the break threshold (50%).\n"));
    EXPECT_THAT(markdown, HasSubstr("| 1 | 0 | 2 | 1 | 0 | 0 | 0 | 4 |\n"));
    EXPECT_THAT(markdown, HasSubstr("| `src/filter.cpp` | 33.3% | 1 | 0 | 1 | 1 | 0 |\n"));
    EXPECT_THAT(markdown, HasSubstr("### Surviving mutants (3)\n"));
    EXPECT_THAT(markdown, HasSubstr("2. `src/filter.cpp:2:11` `ROR.le_to_lt` — survived (2 tests run it)\n"
                                    "   ```diff\n   - if (x <= max) {\n   + if (x < max) {\n   ```\n"));
    EXPECT_THAT(markdown, HasSubstr("3. `src/filter.cpp:5:12` `CR.int_to_one` — no test reaches it\n"));

    RenderOptions options;
    options.top = 1;
    options.break_at = 20;
    const std::string short_one = render_markdown(sample_report(), options);
    EXPECT_THAT(short_one, HasSubstr("Passes the break threshold (20%)."));
    EXPECT_THAT(short_one, HasSubstr("### Surviving mutants (the first 1 of 3)\n"));
    EXPECT_THAT(short_one, HasSubstr("…and 2 more: see the HTML report.\n"));
    EXPECT_THAT(short_one, Not(HasSubstr("ROR.le_to_lt")));
}

TEST(ReportView, AColumnPastTheEndOfItsLineStaysOnThatLine) {
    ordered_json report = sample_report();
    report["files"]["src/filter.cpp"]["mutants"][2]["location"] =
        ordered_json::parse(R"({"start": {"line": 5, "column": 40}, "end": {"line": 5, "column": 41}})");
    const ReportView view = view_report(report);
    EXPECT_EQ(view.files[1].mutants[2].original, "");
    EXPECT_EQ(view.files[1].mutants[2].line_before, "return 0;");
}

TEST(Renderers, SurviveCodeCutInsideAUtf8Character) {
    ordered_json report = sample_report();
    report["files"]["src/filter.cpp"]["source"] = "int keep(int x, int max) {\n    if (x <= max) { // é\n";
    report["files"]["src/filter.cpp"]["mutants"][0]["location"] =
        ordered_json::parse(R"({"start": {"line": 2, "column": 24}, "end": {"line": 2, "column": 25}})");
    report["files"]["src/filter.cpp"]["mutants"][0].erase("description");
    for (const ReportFormat& format : report_formats()) {
        EXPECT_NO_THROW(format.render(report, RenderOptions{})) << format.name;
    }
}

TEST(Markdown, DiffBlocksStayInsideTwoDigitListItems) {
    ordered_json report = sample_report();
    ordered_json& mutants = report["files"]["src/filter.cpp"]["mutants"];
    for (int i = 0; i < 9; ++i) {
        ordered_json copy = mutants[0];
        copy["id"] = "copy-" + std::to_string(i);
        mutants.push_back(copy);
    }
    const std::string markdown = render_markdown(report, RenderOptions{});
    EXPECT_NE(markdown.find("10. `src/filter.cpp:2:11` `ROR.le_to_lt` — survived (2 tests run it)\n"
                            "    ```diff\n    - if (x <= max) {\n"),
              std::string::npos)
        << markdown;
}

TEST(Markdown, AReportWithoutJudgedMutantsHasNoScore) {
    ordered_json report = sample_report();
    for (auto& [file, entry] : report["files"].items()) {
        for (auto& mutant : entry["mutants"]) {
            mutant["status"] = "CompileError";
        }
    }
    const std::string markdown = render_markdown(report, RenderOptions{});
    EXPECT_THAT(markdown,
                StartsWith("## Mutation score of shop: n/a\n\n0 of 0 mutants detected. No mutant could "
                           "be judged"));
    EXPECT_THAT(markdown, Not(HasSubstr("Surviving mutants")));
}

TEST(GithubAnnotations, OneWarningPerSurvivorWithEscapedPropertiesAndData) {
    RenderOptions options;
    options.path_prefix = "libs/shop/";
    const std::string text = render_github(sample_report(), options);
    const std::vector<std::string_view> lines = [&] {
        std::vector<std::string_view> out;
        std::string_view rest = text;
        while (!rest.empty()) {
            const std::size_t end = rest.find('\n');
            out.push_back(rest.substr(0, end));
            rest.remove_prefix(end + 1);
        }
        return out;
    }();
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(
        lines[0],
        "::warning file=libs/shop/src/a%2Cb%3Ac.cpp,line=1,col=25,endLine=1,endColumn=25,"
        "title=Surviving mutant AOR.or_to_and::Every test still passes when `int f(int a) { return a | 1; } "
        "// 100%25` becomes `int f(int a) { return a & 1; } // 100%25` (| -> & in f </script><b>; 1 test "
        "ran it).");
    EXPECT_EQ(lines[1],
              "::warning file=libs/shop/src/filter.cpp,line=2,col=11,endLine=2,endColumn=12,"
              "title=Surviving mutant ROR.le_to_lt::Every test still passes when `if (x <= max) {` becomes "
              "`if (x < max) {` (<= -> < in keep; 2 tests ran it).");
    EXPECT_THAT(lines[2],
                StartsWith("::warning file=libs/shop/src/filter.cpp,line=5,col=12,endLine=5,endColumn=12,"
                           "title=Uncovered mutant CR.int_to_one::No test runs this code"));
}

TEST(Sarif, OneRulePerMutatorAndOneResultPerSurvivor) {
    const ordered_json sarif = ordered_json::parse(render_sarif(sample_report(), RenderOptions{}));
    EXPECT_EQ(sarif["version"], "2.1.0");
    ASSERT_EQ(sarif["runs"].size(), 1U);
    const ordered_json& run = sarif["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["name"], "mutator");
    EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
    std::vector<std::string> rules;
    for (const auto& rule : run["tool"]["driver"]["rules"]) {
        rules.push_back(rule["id"].get<std::string>());
        EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    }
    EXPECT_THAT(rules, ElementsAre("AOR.or_to_and", "ROR.le_to_lt", "CR.int_to_one"));
    ASSERT_EQ(run["results"].size(), 3U);
    const ordered_json& boundary = run["results"][1];
    EXPECT_EQ(boundary["ruleId"], "ROR.le_to_lt");
    EXPECT_EQ(boundary["ruleIndex"], 1);
    EXPECT_EQ(boundary["level"], "warning");
    EXPECT_EQ(run["results"][2]["level"], "note");  // NoCoverage
    const ordered_json& location = boundary["locations"][0]["physicalLocation"];
    EXPECT_EQ(location["artifactLocation"]["uri"], "src/filter.cpp");
    EXPECT_EQ(location["region"],
              ordered_json::parse(R"({"startLine": 2, "startColumn": 11, "endLine": 2, "endColumn": 13,
                                      "snippet": {"text": "<="}})"));
    EXPECT_EQ(boundary["partialFingerprints"]["mutantId/v1"], "m-boundary");
}

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

TEST(HtmlReport, InlinesTheViewerAndAReportNoTextInItCanEscape) {
    const std::string page = render_html(sample_report(), RenderOptions{});
    EXPECT_THAT(page, StartsWith("<!DOCTYPE html>"));
    EXPECT_GT(elements_bundle().size(), 100000U);
    EXPECT_NE(page.find(elements_bundle().substr(0, 200)), std::string::npos);
    EXPECT_NE(page.find("<mutation-test-report-app title-postfix=\"shop\">"), std::string::npos);
    // Two <script> elements and nothing that could close one early: the description's "</script>" is
    // written \u003c/script>.
    EXPECT_EQ(count(page, "</script"), 2U);
    EXPECT_NE(page.find(R"(| -> & in f \u003c/script>\u003cb>)"), std::string::npos);
}

// The JSON the kill-matrix page carries in its data element.
ordered_json matrix_data(const std::string& page) {
    const std::string open = "<script id=\"matrix-data\" type=\"application/json\">";
    const std::size_t begin = page.find(open) + open.size();
    return ordered_json::parse(page.substr(begin, page.find("</script>", begin) - begin));
}

TEST(KillMatrixPage, FillsTheTemplateWithTestsByIndex) {
    const std::string page = render_matrix(sample_report(), RenderOptions{});
    EXPECT_THAT(page, Not(HasSubstr("@MLAB_")));
    EXPECT_EQ(count(page, "</script"), 2U);
    const ordered_json data = matrix_data(page);
    EXPECT_EQ(data["title"], "shop");
    EXPECT_DOUBLE_EQ(data["score"].get<double>(), 25.0);
    ASSERT_EQ(data["tests"].size(), 2U);
    EXPECT_EQ(data["tests"][0]["id"], "Filter.KeepsSmall");
    const ordered_json& killed = data["files"][1]["mutants"][1];
    EXPECT_EQ(killed["id"], "m-return");
    EXPECT_EQ(killed["killedBy"], ordered_json::parse("[1, 0]"));
    EXPECT_EQ(data["files"][0]["mutants"][0]["description"], "| -> & in f </script><b>");
}

TEST(KillMatrixPage, AddsTestsOnlyNamedInKillLists) {
    ordered_json report = sample_report();
    report.erase("testFiles");
    const std::string page = render_matrix(report, RenderOptions{});
    const ordered_json data = matrix_data(page);
    std::vector<std::string> ids;
    for (const auto& test : data["tests"]) {
        ids.push_back(test["id"].get<std::string>());
    }
    EXPECT_THAT(ids, ElementsAre("Filter.KeepsSmall", "Filter.DropsLarge"));
}

TEST(ReportFormats, EachRendersTheSampleAndHasItsOwnFile) {
    std::set<std::string_view> names, files;
    for (const ReportFormat& format : report_formats()) {
        EXPECT_TRUE(names.insert(format.name).second) << format.name;
        EXPECT_TRUE(files.insert(format.file_name).second) << format.file_name;
        EXPECT_FALSE(format.render(sample_report(), RenderOptions{}).empty()) << format.name;
        EXPECT_EQ(find_report_format(format.name), &format);
    }
    EXPECT_EQ(find_report_format("pdf"), nullptr);
    EXPECT_EQ(report_format_names(), "json, html, matrix, markdown, github, sarif");
}

TEST(PathPrefix, IsAFolderWithOrWithoutItsSlash) {
    EXPECT_EQ(prefixed_path("", "src/a.cpp"), "src/a.cpp");
    EXPECT_EQ(prefixed_path("cpp", "src/a.cpp"), "cpp/src/a.cpp");
    EXPECT_EQ(prefixed_path("libs/core/", "src/a.cpp"), "libs/core/src/a.cpp");
}

TEST(ScriptSafeJson, EscapesEveryLessThanAndStaysTheSameJson) {
    const ordered_json value{{"a", "</script><!-- <b>"}};
    const std::string safe = script_safe_json(value.dump());
    EXPECT_EQ(safe.find('<'), std::string::npos);
    EXPECT_EQ(ordered_json::parse(safe), value);
    EXPECT_EQ(html_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

TEST(ConfigThresholds, AreReadFromMutatorYmlAndCheckedAsPercentages) {
    const fs::path dir = mlab::make_temp_directory("mlab-thresholds");
    const auto load = [&](const std::string& text) {
        mlab::write_file_atomic(dir / "mutator.yml", text);
        return load_config(dir / "mutator.yml");
    };
    const Config config = load("thresholds:\n  high: 90\n  low: 70\n  break: 65.5\n");
    EXPECT_EQ(config.thresholds.high, 90);
    EXPECT_EQ(config.thresholds.low, 70);
    EXPECT_EQ(config.thresholds.break_at, 65.5);
    EXPECT_EQ(load("operators: [ROR]\n").thresholds.break_at, std::nullopt);
    const auto error = [&](const std::string& text) {
        try {
            load(text);
        } catch (const mlab::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string file = (dir / "mutator.yml").string();
    EXPECT_EQ(error("thresholds:\n  break: 120\n"),
              file + ": 'thresholds.break' must be a number from 0 to 100");
    EXPECT_EQ(error("thresholds:\n  high: 80.5\n"), file + ": 'thresholds.high' must be a whole number");
    EXPECT_EQ(error("thresholds:\n  low: 90\n  high: 80\n"),
              file + ": 'thresholds.low' is above 'thresholds.high'");
    EXPECT_EQ(error("thresholds:\n  middle: 50\n"),
              file + ": unknown threshold 'middle' (known: high, low, break)");
    EXPECT_EQ(error("thresholds: 80\n"), file + ": 'thresholds' must be a mapping with high, low and break");
    fs::remove_all(dir);
}

}  // namespace
}  // namespace mutator
