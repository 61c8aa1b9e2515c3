// `curator generate`'s loop end to end, over a copy of tests/testdata/generate_loop: a prompt aimed at the
// mutants a `mutator run` left undetected, new tests checked against that run's mutant build, bare TEST
// replies completed, repair rounds fed the compiler's error or the failed assertion, and --until-score.
// The model is a fake LLM server on 127.0.0.1 that answers by round.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "fake_llm_server.hpp"
#include "mlab/common/files.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class CuratorLoop : public ExampleProject {
  protected:
    void SetUp() override { open("generate_loop"); }

    ProcessResult curator(const FakeLlmServer& server, const std::vector<std::string>& extra) {
        std::vector<std::string> args{MLAB_CURATOR_BIN,
                                      "generate",
                                      "--source",
                                      "src/filter.cpp",
                                      "--source",
                                      "src/parse.cpp",
                                      "--header",
                                      "include/records.hpp",
                                      "--tests",
                                      "tests/test_records.cpp",
                                      "--out",
                                      out().string(),
                                      "-p",
                                      build().string(),
                                      "--provider",
                                      "openai",
                                      "--base-url",
                                      server.url() + "/v1",
                                      "--model",
                                      "fake-model",
                                      "--count",
                                      "2",
                                      "--runs",
                                      "2",
                                      "--retries",
                                      "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        ProcessOptions options;
        options.working_directory = root();
        options.timeout = std::chrono::minutes(5);
        options.environment = {{"CURATOR_API_KEY", "sk-loop-test"},
                               {"CURATOR_PROVIDER", ""},
                               {"CURATOR_MODEL", ""},
                               {"CURATOR_BASE_URL", ""},
                               {"CURATOR_PROMPTS_DIR", ""},
                               {"CURATOR_KEY_FILE", ""}};
        return run_process(args, options);
    }

    /// `mutator run` over both sources with the existing tests: the run --mutants names.
    fs::path mutation_run() {
        const fs::path dir = temp() / "mutants";
        const ProcessResult ran = mutator(
            {"run", "-p", build().string(), "--out", dir.string(), "-q", "src/filter.cpp", "src/parse.cpp"});
        EXPECT_EQ(ran.exit_code, 0) << ran.standard_output << ran.standard_error;
        return dir;
    }

    fs::path out() const { return temp() / "ai" / "test_records_ai.cpp"; }
    json sidecar() const { return read_json(out().string() + ".curator.json"); }

    static std::string user_prompt(const RecordedRequest& request) {
        return json::parse(request.body)["messages"][1]["content"].get<std::string>();
    }

    static const json& test_entry(const json& record, const std::string& name) {
        for (const json& test : record["tests"]) {
            if (test["name"] == name) {
                return test;
            }
        }
        throw std::runtime_error("no test " + name + " in the record");
    }

    void SetUpOut() { fs::create_directories(out().parent_path()); }
};

// Round 1: bare TEST blocks, as models reply when asked to extend a file: no #include, `Record` through the
// existing file's using-declaration. One kills the boundary mutant; one names a field Record lacks.
constexpr const char* kAimedReply = R"(```cpp
TEST(Records, KeepsTheRecordAtTheMaxLevel) {
    const std::vector<Record> kept = records::at_most({{1, 3}, {2, 4}}, 3);
    ASSERT_EQ(kept.size(), 1U);
    EXPECT_EQ(kept[0].id, 1);
}

TEST(Records, ParsesANegativeLevel) {
    EXPECT_EQ(records::parse_record("4:-2").lvl, -2);
}
```
)";

// Round 2: the repair of the test that did not compile, and a test nobody asked for (dropped).
constexpr const char* kRepairReply = R"(```cpp
TEST(Records, ParsesANegativeLevel) {
    EXPECT_EQ(records::parse_record("4:-2").level, -2);
}

TEST(Records, SomethingElse) {
    EXPECT_TRUE(true);
}
```
)";

TEST_F(CuratorLoop, AimsAtSurvivorsRepairsWhatDoesNotCompileAndNamesTheKills) {
    SetUpOut();
    const fs::path run = mutation_run();
    ASSERT_TRUE(fs::exists(run / "schemata" / "switches.json"));
    FakeLlmServer server;
    server.script(
        {{200, {}, FakeLlmServer::openai(kAimedReply)}, {200, {}, FakeLlmServer::openai(kRepairReply)}});
    const ProcessResult result = curator(server, {"--mutants", run.string()});
    ASSERT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
    // Each phase of the funnel says when it starts, the mutation stage with how many runs it makes.
    EXPECT_THAT(result.standard_error, HasSubstr("curator: funnel: compiling "));
    EXPECT_THAT(result.standard_error, HasSubstr("curator: funnel: running the tests that built, "));
    EXPECT_THAT(result.standard_error, HasSubstr("curator: funnel: mutation: "));
    EXPECT_THAT(result.standard_error,
                HasSubstr(" runs, each test with one mutant it reaches switched on\n"));

    // Round 1 aims at the survivors, named with their lines, beside the lines no existing test runs.
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    const std::string aimed = user_prompt(requests[0]);
    EXPECT_THAT(aimed, HasSubstr("ROR <= -> < at src/filter.cpp:8 (the tests run this line, but none fails"));
    EXPECT_THAT(aimed, HasSubstr("`if (record.level <= max_level) {` -> `if (record.level < max_level) {`"));
    EXPECT_THAT(aimed, HasSubstr("src/parse.cpp: 1 line the existing tests do not run:\n"
                                 "   10          throw std::invalid_argument(\"no ':' in \" + text);"));
    EXPECT_THAT(aimed, HasSubstr("// file: src/parse.cpp"));  // both sources are sent
    // Round 2 sends back the test that did not compile, with the compiler's whole error.
    const std::string repair = user_prompt(requests[1]);
    EXPECT_THAT(repair,
                HasSubstr("### Records.ParsesANegativeLevel\nIt does not compile: line 2 of the test:"));
    EXPECT_THAT(repair, HasSubstr("has no member named"));
    EXPECT_THAT(repair, HasSubstr("lvl"));
    EXPECT_THAT(repair, Not(HasSubstr("KeepsTheRecordAtTheMaxLevel")));

    const json record = sidecar();
    const json& boundary = test_entry(record, "Records.KeepsTheRecordAtTheMaxLevel");
    EXPECT_EQ(boundary["funnel"]["verdict"], "passed");
    EXPECT_THAT(boundary["evidence"].get<std::string>(),
                HasSubstr("kills ROR <= -> < at src/filter.cpp:8, which no existing test kills"));
    const json& repaired = test_entry(record, "Records.ParsesANegativeLevel");
    EXPECT_EQ(repaired["funnel"]["verdict"], "passed");
    EXPECT_EQ(repaired["funnel"]["repaired_in"], 2);
    EXPECT_THAT(repaired["evidence"].get<std::string>(), HasSubstr("repaired in round 2"));
    EXPECT_FALSE(repaired["funnel"]["coverage"]["lines"]["src/parse.cpp"].empty());
    EXPECT_TRUE(repaired["funnel"]["coverage"]["lines"]["src/filter.cpp"].empty());
    EXPECT_EQ(record["tests"].size(), 2U);  // the unasked test of the repair reply is dropped
    // The compiler's output of the failed pass is kept whole, under the build folder.
    const fs::path compile_log = record["funnel"]["compile_log"].get<std::string>();
    EXPECT_TRUE(mlab::is_inside(compile_log, build() / ".curator")) << compile_log;
    EXPECT_THAT(read_file(compile_log), HasSubstr("lvl"));
    EXPECT_THAT(read_file(compile_log), HasSubstr("== compile pass 1: "));
    ASSERT_EQ(record["rounds"].size(), 2U);
    EXPECT_EQ(record["rounds"][0]["calls"][0]["prompt"]["name"], "aim-survivors");
    EXPECT_EQ(record["rounds"][1]["kind"], "repair");
    EXPECT_EQ(record["rounds"][1]["calls"][0]["prompt"]["name"], "repair-gtest");
    EXPECT_THAT(record["rounds"][1]["tests"], ElementsAre("Records.ParsesANegativeLevel"));
    EXPECT_LT(record["score_before"]["detected"].get<int>(),
              record["rounds"][1]["score_after"]["detected"].get<int>());

    // The file compiles on its own: the includes and the using-declaration the reply left out are added.
    const std::string text = read_file(out());
    EXPECT_THAT(text, HasSubstr("#include <gtest/gtest.h>\n#include \"records.hpp\"\n"));
    EXPECT_THAT(text, HasSubstr("using records::Record;"));
    EXPECT_THAT(text, HasSubstr("// rounds: 2"));
    EXPECT_THAT(result.standard_output, HasSubstr("round 2 (repair): 1 test: 1 pass"));
    EXPECT_THAT(result.standard_output, HasSubstr("mutation score"));
    // No mutant build of a project copy: the run's own build was reused.
    EXPECT_FALSE(fs::exists(build() / ".curator" / "mutants"));
}

constexpr const char* kWrongExpectation = R"(```cpp
TEST(Records, ParsesALargeId) {
    EXPECT_EQ(records::parse_record("123456:1").id, 12345);
}
```
)";

constexpr const char* kRightExpectation = R"(```cpp
TEST(Records, ParsesALargeId) {
    EXPECT_EQ(records::parse_record("123456:1").id, 123456);
}
```
)";

TEST_F(CuratorLoop, FailingTestsGoBackOnlyWhenAsked) {
    SetUpOut();
    FakeLlmServer server;
    // By default a failing test is the review's question, not the model's: one request.
    server.script({{200, {}, FakeLlmServer::openai(kWrongExpectation)}});
    ProcessResult result = curator(server, {"--no-mutation", "--no-cache"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    EXPECT_EQ(server.requests().size(), 1U) << result.standard_output << result.standard_error;
    EXPECT_EQ(test_entry(sidecar(), "Records.ParsesALargeId")["funnel"]["verdict"], "fails_on_current_code");

    // --repair failing sends it back with the failed assertion.
    server.script({{200, {}, FakeLlmServer::openai(kWrongExpectation)},
                   {200, {}, FakeLlmServer::openai(kRightExpectation)}});
    result = curator(server, {"--no-mutation", "--no-cache", "--repair", "failing"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_THAT(user_prompt(requests[1]), HasSubstr("It fails on the current code: "));
    EXPECT_THAT(user_prompt(requests[1]), HasSubstr("Which is: 123456"));
    const json repaired = sidecar();
    const json& test = test_entry(repaired, "Records.ParsesALargeId");
    EXPECT_EQ(test["funnel"]["verdict"], "passed");
    EXPECT_EQ(test["funnel"]["repaired_in"], 2);

    // A repair call that fails keeps round 1's results: exit 0, the round's outcome says why.
    server.script({{200, {}, FakeLlmServer::openai(kWrongExpectation)},
                   {400, {}, R"({"error": {"message": "bad request", "type": "invalid_request_error"}})"}});
    result = curator(server, {"--no-mutation", "--no-cache", "--repair", "failing"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    EXPECT_EQ(test_entry(sidecar(), "Records.ParsesALargeId")["funnel"]["verdict"], "fails_on_current_code");
    EXPECT_THAT(sidecar()["rounds"][1]["outcome"].get<std::string>(), HasSubstr("the model call failed"));
}

constexpr const char* kParserOnly = R"(```cpp
TEST(Records, RefusesTextWithoutAColon) {
    EXPECT_THROW(records::parse_record("7"), std::invalid_argument);
}
```
)";

constexpr const char* kBoundary = R"(```cpp
TEST(Records, KeepsTheRecordAtTheMaxLevel) {
    const std::vector<Record> kept = records::at_most({{1, 3}}, 3);
    EXPECT_EQ(kept.size(), 1U);
}
```
)";

TEST_F(CuratorLoop, UntilScoreAsksAgainAgainstWhatStillSurvivesAndStopsAtTheScore) {
    SetUpOut();
    FakeLlmServer server;
    server.script({{200, {}, FakeLlmServer::openai(kParserOnly)},
                   {200, {}, FakeLlmServer::openai(kBoundary)},
                   {200, {}, FakeLlmServer::openai(kBoundary)}});
    // No --mutants: curator runs the mutator itself (into BUILD/.curator/mutants) and aims at its survivors.
    const ProcessResult result = curator(server, {"--until-score", "100", "--rounds", "4"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 2U) << result.standard_output << result.standard_error;  // 100% after round 2
    EXPECT_THAT(user_prompt(requests[0]), HasSubstr("ROR <= -> < at src/filter.cpp:8"));
    EXPECT_THAT(user_prompt(requests[1]), HasSubstr("ROR <= -> < at src/filter.cpp:8"));
    const json record = sidecar();
    ASSERT_EQ(record["rounds"].size(), 2U);
    EXPECT_EQ(record["rounds"][1]["kind"], "more");
    EXPECT_EQ(record["rounds"][1]["score_after"]["score"], 100.0);
    EXPECT_LT(record["score_before"]["score"].get<double>(), 100.0);
    EXPECT_EQ(test_entry(record, "Records.KeepsTheRecordAtTheMaxLevel")["funnel"]["round"], 2);
    EXPECT_THAT(result.standard_output, HasSubstr("round 2 (more): 1 test: 1 pass"));
    EXPECT_THAT(result.standard_output, HasSubstr("2 tests: 2 pass 2/2, 0 fail"));  // --runs 2
    EXPECT_THAT(result.standard_output, HasSubstr("-> 100.0%"));
    EXPECT_TRUE(fs::exists(build() / ".curator" / "mutants" / "mutation-report.json"));
}

TEST_F(CuratorLoop, ABadMutationRunIsOneLineAndExitCode2BeforeTheModelIsAsked) {
    SetUpOut();
    FakeLlmServer server;
    expect_input_error(curator(server, {"--mutants", (temp() / "nowhere").string()}),
                       "no mutation report there");
    const fs::path run = mutation_run();
    // The run is of other code than the source as it is now.
    std::string text = read_file(root() / "src" / "filter.cpp");
    write_file_atomic(root() / "src" / "filter.cpp", text + "\n");
    expect_input_error(curator(server, {"--mutants", run.string()}),
                       "src/filter.cpp changed since this mutation run; run `mutator run` again");
    write_file_atomic(root() / "src" / "filter.cpp", text);
    expect_input_error(curator(server, {"--until-score", "120"}), "--until-score 120: must be");
    expect_input_error(curator(server, {"--rounds", "0"}), "--rounds 0: must be between 1 and 20");
    expect_input_error(curator(server, {"--repair", "sometimes"}),
                       "--repair sometimes: expected build or failing");
    expect_input_error(curator(server, {"--mutants", run.string(), "--no-mutation"}),
                       "--mutants needs the mutation stage");
    EXPECT_TRUE(server.requests().empty());
}

// googletest's sample1 as Debian ships it (code nobody here wrote): tests beside the sources in one folder,
// free functions in the global namespace, an existing test file whose extra include (<limits.h>) a bare
// reply needs. The project is tests/testdata/gtest_samples over a copy of the samples.
TEST(CuratorLoopOnGtestSample1, AimedBareTestsKillWhatTheSampleTestsMiss) {
    const fs::path temp = make_temp_directory("mlab-loop-sample1");
    fs::copy("/usr/src/googletest/googletest/samples", temp / "samples", fs::copy_options::recursive);
    fs::copy_file(fs::path(MLAB_TESTDATA_DIR) / "gtest_samples" / "CMakeLists.txt", temp / "CMakeLists.txt");
    const fs::path build = temp / "build";
    ASSERT_TRUE(run({MLAB_CMAKE_COMMAND, "-S", temp.string(), "-B", build.string(), "-G",
                     MLAB_CMAKE_GENERATOR, "-DSAMPLES_DIR=" + (temp / "samples").string()})
                    .succeeded());
    const ProcessResult ran =
        run({MLAB_MUTATOR_BIN, "run", "-q", "-p", build.string(), "--out", (temp / "mutants").string(),
             "--root", temp.string(), "samples/sample1.cc"},
            temp);
    ASSERT_EQ(ran.exit_code, 0) << ran.standard_output << ran.standard_error;
    FakeLlmServer server;
    server.script({{200, {}, FakeLlmServer::openai(R"(```cpp
TEST(IsPrimeTest, OddComposites) {
  EXPECT_FALSE(IsPrime(9));
  EXPECT_FALSE(IsPrime(25));
  EXPECT_FALSE(IsPrime(49));
}
```
)")}});
    ProcessOptions options;
    options.working_directory = temp;
    options.timeout = std::chrono::minutes(5);
    options.environment = {{"CURATOR_API_KEY", "sk-loop-test"}, {"CURATOR_PROMPTS_DIR", ""}};
    const fs::path out = temp / "ai" / "sample1_ai_unittest.cc";
    fs::create_directories(out.parent_path());
    const ProcessResult result = run_process({MLAB_CURATOR_BIN,
                                              "generate",
                                              "--source",
                                              "samples/sample1.cc",
                                              "--header",
                                              "samples/sample1.h",
                                              "--tests",
                                              "samples/sample1_unittest.cc",
                                              "--out",
                                              out.string(),
                                              "-p",
                                              build.string(),
                                              "--mutants",
                                              (temp / "mutants").string(),
                                              "--provider",
                                              "openai",
                                              "--base-url",
                                              server.url() + "/v1",
                                              "--model",
                                              "fake-model",
                                              "--runs",
                                              "2"},
                                             options);
    ASSERT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
    const std::string text = read_file(out);
    EXPECT_THAT(text, HasSubstr("#include <gtest/gtest.h>\n#include \"sample1.h\"\n#include <limits.h>\n"));
    EXPECT_THAT(text, HasSubstr("mutants no existing test kills (CR 3 -> 4 at samples/sample1.cc:55"));
    const json record = read_json(out.string() + ".curator.json");
    EXPECT_LT(record["score_before"]["detected"].get<int>(),
              record["rounds"][0]["score_after"]["detected"].get<int>());
    EXPECT_EQ(server.requests().size(), 1U);  // nothing to repair
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

}  // namespace
}  // namespace mlab::cli_testing
