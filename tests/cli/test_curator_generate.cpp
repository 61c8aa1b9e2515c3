// `curator generate` end to end: the real binary against a fake LLM server on 127.0.0.1, over a copy of
// tests/testdata/generate (and of target_app for the offline replay).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "fake_llm_server.hpp"
#include "mlab/common/text.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "sk-test-9f8e7d6c5b4a-SECRET";

class CuratorGenerate : public ExampleProject {
  protected:
    void SetUp() override {
        open("generate");
        fs::create_directories(out().parent_path());
    }

    /// Runs curator with the key in CURATOR_API_KEY and no other model settings from this machine.
    ProcessResult curator(std::vector<std::string> args,
                          std::map<std::string, std::string> environment = {}) {
        args.insert(args.begin(), MLAB_CURATOR_BIN);
        ProcessOptions options;
        options.working_directory = root();
        options.timeout = std::chrono::minutes(5);
        options.environment = without_model_settings();
        options.environment["CURATOR_API_KEY"] = kKey;
        for (auto& [name, value] : environment) {
            options.environment[name] = value;
        }
        ProcessResult result = run_process(args, options);
        outputs_ += result.standard_output + result.standard_error;
        return result;
    }

    std::vector<std::string> generate_args(const std::string& provider, const std::string& base_url) const {
        return {"generate",
                "--source",
                "src/clamp.cpp",
                "--header",
                "include/clamp.hpp",
                "--tests",
                "tests/test_clamp.cpp",
                "--out",
                out().string(),
                "-p",
                build().string(),
                "--provider",
                provider,
                "--base-url",
                base_url,
                "--model",
                "fake-model",
                "--count",
                "7"};
    }

    // Outside the project: the fixture checks that the source tree is left byte-identical.
    fs::path out() const { return temp() / "ai" / "test_clamp_ai.cpp"; }
    fs::path sidecar() const { return fs::path(out().string() + ".curator.json"); }

    /// The API key appears in nothing the run wrote or printed.
    void expect_key_nowhere() {
        EXPECT_THAT(outputs_, Not(HasSubstr(kKey)));
        for (auto it = fs::recursive_directory_iterator(temp()); it != fs::recursive_directory_iterator();
             ++it) {
            if (it->is_regular_file()) {
                EXPECT_THAT(read_file(it->path()), Not(HasSubstr(kKey))) << it->path();
            }
        }
    }

  private:
    std::string outputs_;
};

/// The reply whose seven tests each meet a different fate; the flaky one counts its runs in `counter`.
std::string seven_tests(const fs::path& counter) {
    return R"(Here are seven tests for clamp_to.

```cpp
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "clamp.hpp"

TEST(Clamp, RaisesLowValues) { EXPECT_EQ(clamp_to(-3, 1, 10), 1); }

TEST(Clamp, KeepsValueInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

TEST(Clamp, LowersHighValues) { EXPECT_EQ(clamp_to(50, 0, 10), 50); }

TEST(Clamp, TakesTwoArguments) { EXPECT_EQ(clamp_to(1, 2), 1); }

TEST(Clamp, FailsOnItsThirdRun) {
    int runs = 0;
    std::ifstream(")" +
           counter.string() + R"(") >> runs;
    std::ofstream(")" +
           counter.string() + R"(") << runs + 1;
    EXPECT_NE(runs, 2);
}

TEST(Clamp, Crashes) { std::raise(SIGSEGV); }

TEST(Clamp, Hangs) { std::this_thread::sleep_for(std::chrono::seconds(60)); }
```
)";
}

using mlab::cli_testing::read_json;

const json& test_entry(const json& sidecar, const std::string& name) {
    for (const json& test : sidecar["tests"]) {
        if (test["name"] == name) {
            return test;
        }
    }
    throw std::runtime_error("no test " + name + " in the record");
}

TEST_F(CuratorGenerate, OpenAiReplyIsProvenTestByTest) {
    FakeLlmServer server;
    server.script(
        {{200, {{"x-request-id", "req-42"}}, FakeLlmServer::openai(seven_tests(temp() / "runs.txt"))}});
    std::vector<std::string> args = generate_args("openai", server.url() + "/v1");
    args.insert(args.end(), {"--test-timeout", "2", "--date", "2026-01-02T03:04:05Z", "--rounds", "1"});
    const ProcessResult result = curator(args);
    ASSERT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;

    // The request, in OpenAI's wire format, with the key only in its header.
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 1U);
    EXPECT_EQ(requests[0].path, "/v1/chat/completions");
    EXPECT_EQ(requests[0].headers.at("Authorization"), std::string("Bearer ") + kKey);
    const json request = json::parse(requests[0].body);
    EXPECT_EQ(request["model"], "fake-model");
    EXPECT_EQ(request["stream"], false);
    EXPECT_EQ(request["messages"][0]["role"], "system");
    EXPECT_THAT(request["messages"][1]["content"].get<std::string>(), HasSubstr("int clamp_to(int value"));
    EXPECT_THAT(request["messages"][1]["content"].get<std::string>(),
                HasSubstr("TEST(Clamp, KeepsValueInside)"));
    EXPECT_THAT(request["messages"][1]["content"].get<std::string>(), HasSubstr("Generate 7"));

    // Each test's fate, told apart.
    const json record = read_json(sidecar());
    auto verdict = [&](const std::string& name) { return test_entry(record, name)["funnel"]["verdict"]; };
    EXPECT_EQ(verdict("Clamp.RaisesLowValues"), "passed");
    EXPECT_EQ(verdict("Clamp.KeepsValueInsideGenerated"), "passed");
    EXPECT_EQ(verdict("Clamp.LowersHighValues"), "fails_on_current_code");
    EXPECT_EQ(verdict("Clamp.TakesTwoArguments"), "compile_error");
    EXPECT_EQ(verdict("Clamp.FailsOnItsThirdRun"), "flaky");
    EXPECT_EQ(verdict("Clamp.Crashes"), "crashed");
    EXPECT_EQ(verdict("Clamp.Hangs"), "timed_out");
    EXPECT_EQ(test_entry(record, "Clamp.FailsOnItsThirdRun")["funnel"]["passes"], 4);
    EXPECT_EQ(test_entry(record, "Clamp.LowersHighValues")["funnel"]["passes"], 0);
    EXPECT_THAT(test_entry(record, "Clamp.Crashes")["funnel"]["problem"].get<std::string>(),
                HasSubstr("SIGSEGV"));
    EXPECT_EQ(test_entry(record, "Clamp.KeepsValueInsideGenerated")["renamed_from"],
              "Clamp.KeepsValueInside");
    EXPECT_EQ(test_entry(record, "Clamp.KeepsValueInsideGenerated")["funnel"]["duplicate_of"],
              "Clamp.KeepsValueInside");

    // Coverage: the low branch is new, the duplicate adds nothing. Mutants: the new test kills some the
    // existing test misses.
    EXPECT_EQ(test_entry(record, "Clamp.RaisesLowValues")["funnel"]["coverage"]["new_lines"]["src/clamp.cpp"],
              json({5}));
    EXPECT_EQ(
        test_entry(record,
                   "Clamp.KeepsValueInsideGenerated")["funnel"]["coverage"]["new_lines"]["src/clamp.cpp"],
        json::array());
    EXPECT_FALSE(test_entry(record, "Clamp.RaisesLowValues")["funnel"]["mutation"]["unique_kills"].empty());
    EXPECT_TRUE(
        test_entry(record, "Clamp.KeepsValueInsideGenerated")["funnel"]["mutation"]["unique_kills"].empty());

    // Provenance and usage.
    EXPECT_EQ(record["provider"]["name"], "openai");
    EXPECT_EQ(record["provider"]["model"], "fake-gpt");
    EXPECT_EQ(record["provider"]["request_id"], "req-42");
    EXPECT_EQ(record["provider"]["usage"]["prompt_tokens"], 321);
    EXPECT_EQ(record["provider"]["usage"]["completion_tokens"], 123);
    EXPECT_EQ(record["prompt"]["name"], "generate-gtest");

    // The file: provenance header, a pending review and one evidence line per test, broken tests commented.
    const std::string text = read_file(out());
    EXPECT_THAT(text, HasSubstr("// provider: openai\n// model: fake-gpt\n// prompt: generate-gtest v"));
    EXPECT_THAT(text, HasSubstr("// date: 2026-01-02T03:04:05Z"));
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n') > 0, true);
    std::size_t pending = 0;
    for (std::size_t at = text.find("// REVIEW: pending\n// evidence: "); at != std::string::npos;
         at = text.find("// REVIEW: pending\n// evidence: ", at + 1)) {
        ++pending;
    }
    EXPECT_EQ(pending, 7U);
    EXPECT_THAT(text,
                HasSubstr("// evidence: compiles; passes 5/5; covers 1 line the existing tests miss; kills"));
    EXPECT_THAT(text, HasSubstr("fails on current code (5/5 runs): a bug, or a wrong expectation?"));
    EXPECT_THAT(text, HasSubstr("\nTEST(Clamp, LowersHighValues)"));
    EXPECT_THAT(text, HasSubstr("\n// TEST(Clamp, TakesTwoArguments)"));
    EXPECT_THAT(text, HasSubstr("\n// TEST(Clamp, Crashes)"));
    EXPECT_THAT(text, HasSubstr("\n// TEST(Clamp, Hangs)"));
    EXPECT_THAT(result.standard_output,
                HasSubstr("7 tests: 2 pass 5/5, 1 fail on current code, 1 flaky, 3 do not"));
    expect_key_nowhere();
}

std::string one_test_reply() {
    return "```cpp\n#include <gtest/gtest.h>\n#include \"clamp.hpp\"\n\nTEST(Clamp, RaisesLowValues) { "
           "EXPECT_EQ(clamp_to(-3, 1, 10), 1); }\n```\n";
}

TEST_F(CuratorGenerate, AnthropicRateLimitAndOverloadAreRetriedHonouringRetryAfter) {
    FakeLlmServer server;
    const std::string rate_limited =
        R"({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}, "request_id": "r1"})";
    const std::string overloaded =
        R"({"type": "error", "error": {"type": "overloaded_error", "message": "busy"}, "request_id": "r2"})";
    server.script({{429, {{"retry-after", "1"}}, rate_limited},
                   {529, {}, overloaded},
                   {200, {{"request-id", "r3"}}, FakeLlmServer::anthropic(one_test_reply())}});
    std::vector<std::string> args = generate_args("anthropic", server.url());
    args.insert(args.end(), {"--no-mutation", "--no-coverage", "--runs", "1"});
    const auto started = std::chrono::steady_clock::now();
    const ProcessResult result = curator(args);
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 3U);
    for (const RecordedRequest& request : requests) {
        EXPECT_EQ(request.path, "/v1/messages");
        EXPECT_EQ(request.headers.at("x-api-key"), kKey);
        EXPECT_EQ(request.headers.at("anthropic-version"), "2023-06-01");
        EXPECT_EQ(request.headers.count("Authorization"), 0U);
    }
    const json body = json::parse(requests[0].body);
    EXPECT_TRUE(body["system"].is_string());
    EXPECT_EQ(body["messages"].size(), 1U);
    const json record = read_json(sidecar());
    const json& attempts = record["provider"]["attempts"];
    ASSERT_EQ(attempts.size(), 3U);
    EXPECT_EQ(attempts[0]["status"], 429);
    EXPECT_EQ(attempts[1]["status"], 529);
    EXPECT_EQ(attempts[1]["waited_ms"], 1000);  // the server's Retry-After
    EXPECT_EQ(attempts[2]["status"], 200);
    EXPECT_GE(attempts[2]["waited_ms"].get<int>(), 375);  // backoff 0.5 s less at most 25% jitter
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1375));
    EXPECT_EQ(record["provider"]["usage"]["prompt_tokens"], 210);
    EXPECT_EQ(record["provider"]["request_id"], "r3");
    EXPECT_EQ(test_entry(record, "Clamp.RaisesLowValues")["funnel"]["verdict"], "passed");
    // Each wait is said before it starts, with why and how long.
    EXPECT_THAT(result.standard_error,
                HasSubstr("curator: anthropic answered HTTP 429 (rate limited, rate_limit_error): slow down "
                          "[request r1]; trying again in 1 s (attempt 2 of 3, as the server asked; Ctrl-C "
                          "stops)\n"));
    EXPECT_THAT(result.standard_error, HasSubstr("(attempt 3 of 3, backing off; Ctrl-C stops)\n"));
    expect_key_nowhere();
}

TEST_F(CuratorGenerate, OllamaRepliesAreCachedUntilNoCache) {
    FakeLlmServer server;
    server.script({{200, {}, FakeLlmServer::ollama(one_test_reply())},
                   {200, {}, FakeLlmServer::ollama(one_test_reply())}});
    std::vector<std::string> args = generate_args("ollama", server.url());
    args.insert(args.end(), {"--no-mutation", "--no-coverage", "--runs", "1"});
    ASSERT_EQ(curator(args).exit_code, 0);
    ASSERT_EQ(server.requests().size(), 1U);
    EXPECT_EQ(server.requests()[0].path, "/api/chat");
    const json request = json::parse(server.requests()[0].body);
    EXPECT_EQ(request["stream"], false);
    EXPECT_GT(request["options"]["num_ctx"].get<int>(), 2048);
    const std::string first = read_file(out());

    const ProcessResult again = curator(args);  // same request: from the cache, no call
    ASSERT_EQ(again.exit_code, 0) << again.standard_error;
    EXPECT_EQ(server.requests().size(), 1U);
    EXPECT_THAT(again.standard_error, HasSubstr("curator: using the cached reply of ollama "));
    EXPECT_THAT(again.standard_error, HasSubstr("; no call (--no-cache asks again)\n"));
    EXPECT_THAT(again.standard_error, Not(HasSubstr("asking ollama")));
    EXPECT_EQ(read_json(sidecar())["provider"]["from_cache"], true);
    EXPECT_EQ(read_file(out()).substr(read_file(out()).find("#include")),
              first.substr(first.find("#include")));

    args.push_back("--no-cache");
    ASSERT_EQ(curator(args).exit_code, 0);
    EXPECT_EQ(server.requests().size(), 2U);
    EXPECT_EQ(read_json(sidecar())["provider"]["from_cache"], false);
    expect_key_nowhere();
}

struct Fault {
    std::string name;
    std::string provider;
    std::vector<ScriptedReply> replies;
    std::vector<std::string> extra;
    std::string message;
    std::size_t requests;
};

TEST_F(CuratorGenerate, ModelFailuresAreReportedAndWriteNothing) {
    const std::string quota =
        R"({"error": {"message": "You exceeded your quota", "type": "insufficient_quota", "code": "insufficient_quota"}})";
    const std::vector<Fault> faults{
        {"server errors until retries run out",
         "openai",
         {{500, {}, "{}"}, {503, {}, "{}"}, {500, {}, "{}"}},
         {"--retries", "2"},
         "gave up after 3 attempts",
         3},
        {"a refused key is not retried",
         "openai",
         {{401, {}, R"({"error": {"message": "Incorrect API key"}})"}},
         {},
         "the API key was refused",
         1},
        {"a quota error is not retried",
         "openai",
         {{429, {{"retry-after", "1"}}, quota}},
         {},
         "insufficient_quota",
         1},
        {"a reply slower than the timeout",
         "openai",
         {{200, {}, FakeLlmServer::openai(one_test_reply()), std::chrono::milliseconds(3000)}},
         {"--timeout", "1", "--retries", "0"},
         "no complete answer within 1000 ms",
         1},
        {"a body cut short",
         "openai",
         {{200, {}, FakeLlmServer::openai(one_test_reply()), {}, true}},
         {"--retries", "0"},
         "",
         1},
        {"a server that echoes the key in its error body",
         "openai",
         {{400, {}, std::string(R"({"error": {"message": "no model for the key )") + kKey + R"("}})"}},
         {},
         "no model for the key [API key]",
         1},
        {"invalid JSON", "openai", {{200, {}, "{\"choices\": [{\"message\": "}}, {}, "not a JSON object", 1},
        {"empty content",
         "anthropic",
         {{200, {}, FakeLlmServer::anthropic("")}},
         {},
         "replied with no text",
         1},
        {"a reply with no code",
         "openai",
         {{200, {}, FakeLlmServer::openai("I cannot help with that.")}},
         {},
         "holds no TEST block",
         1},
        {"cut at the token limit (OpenAI)",
         "openai",
         {{200, {}, FakeLlmServer::openai(one_test_reply(), "length")}},
         {},
         "token limit",
         1},
        {"cut at the token limit (Anthropic)",
         "anthropic",
         {{200, {}, FakeLlmServer::anthropic(one_test_reply(), "max_tokens")}},
         {},
         "token limit",
         1},
        {"cut at the token limit (Ollama)",
         "ollama",
         {{200, {}, FakeLlmServer::ollama(one_test_reply(), "length")}},
         {},
         "token limit",
         1},
    };
    FakeLlmServer server;
    for (const Fault& fault : faults) {
        SCOPED_TRACE(fault.name);
        server.script(fault.replies);
        std::vector<std::string> args =
            generate_args(fault.provider, server.url() + (fault.provider == "openai" ? "/v1" : ""));
        args.insert(args.end(), fault.extra.begin(), fault.extra.end());
        args.push_back("--no-cache");
        const ProcessResult result = curator(args);
        EXPECT_EQ(result.exit_code, 3) << result.standard_error;
        EXPECT_THAT(result.standard_error, HasSubstr("curator: the model call failed: "));
        EXPECT_THAT(result.standard_error, HasSubstr(fault.message));
        EXPECT_EQ(server.requests().size(), fault.requests);
        EXPECT_FALSE(fs::exists(out()));
        EXPECT_FALSE(fs::exists(sidecar()));
    }
    expect_key_nowhere();
}

TEST_F(CuratorGenerate, OfflineReplayAndReviewedFilesNeedForce) {
    // A prompts folder with the default template and a hand-written sample for clamp.cpp.
    const fs::path prompts = temp() / "prompts";
    fs::create_directories(prompts / "samples");
    fs::copy_file(fs::path(MLAB_SOURCE_DIR) / "prompts" / "generate-gtest.txt",
                  prompts / "generate-gtest.txt");
    write_file_atomic(prompts / "samples" / "clamp.cpp.md",
                      "<!-- Hand-written sample. -->\n" + one_test_reply());
    const std::map<std::string, std::string> offline{{"CURATOR_API_KEY", ""},
                                                     {"CURATOR_PROMPTS_DIR", prompts.string()}};
    const std::vector<std::string> args{"generate",
                                        "--source",
                                        "src/clamp.cpp",
                                        "--tests",
                                        "tests/test_clamp.cpp",
                                        "--out",
                                        out().string(),
                                        "-p",
                                        build().string(),
                                        "--no-mutation",
                                        "--runs",
                                        "1"};
    const ProcessResult replayed = curator(args, offline);
    ASSERT_EQ(replayed.exit_code, 0) << replayed.standard_error;
    EXPECT_THAT(replayed.standard_error, HasSubstr("no API key configured"));
    EXPECT_THAT(read_file(out()),
                HasSubstr("// provider: replay (hand-written sample reply, not real model output)"));
    EXPECT_EQ(read_json(sidecar())["provider"]["hand_written_sample"], true);

    // A student's decisions are not overwritten without --force; with it, a backup keeps them.
    const std::string reviewed =
        mlab::replace_all(read_file(out()), "// REVIEW: pending", "// KEPT: raises coverage");
    write_file_atomic(out(), reviewed);
    const ProcessResult refused = curator(args, offline);
    expect_input_error(refused, "holds review decisions");
    EXPECT_EQ(read_file(out()), reviewed);
    std::vector<std::string> forced = args;
    forced.push_back("--force");
    const ProcessResult replaced = curator(forced, offline);
    ASSERT_EQ(replaced.exit_code, 0) << replaced.standard_error;
    EXPECT_EQ(read_file(out().string() + ".bak"), reviewed);
    EXPECT_THAT(read_file(out()), HasSubstr("// REVIEW: pending"));
}

// Ctrl-C while the model is thinking ends the wait at once: exit 130, nothing written, no model error.
TEST_F(CuratorGenerate, InterruptDuringTheModelCallStopsAtOnce) {
    FakeLlmServer server;
    server.script({{200, {}, FakeLlmServer::openai(one_test_reply()), std::chrono::milliseconds(8000)}});
    std::string command = std::string("exec ") + MLAB_CURATOR_BIN;
    for (const std::string& arg : generate_args("openai", server.url() + "/v1")) {
        command += " '" + arg + "'";
    }
    // The shell starts curator in the background, waits a moment, and presses Ctrl-C (SIGINT) for it.
    const std::string script = "(" + command + " --no-cache) & pid=$!; sleep 1; start=$(date +%s%N); " +
                               "kill -INT $pid; wait $pid; status=$?; end=$(date +%s%N); " +
                               "echo \"status=$status ms=$(( (end - start) / 1000000 ))\"";
    mlab::ProcessOptions options;
    options.working_directory = root();
    options.timeout = std::chrono::minutes(2);
    options.environment = without_model_settings();
    options.environment["CURATOR_API_KEY"] = kKey;
    const ProcessResult result = mlab::run_process({"bash", "-c", script}, options);
    EXPECT_THAT(result.standard_output, HasSubstr("status=130 ")) << result.standard_error;
    EXPECT_THAT(result.standard_error, HasSubstr("curator: interrupted"));
    EXPECT_THAT(result.standard_error, Not(HasSubstr("the model call failed")));
    const std::string ms = result.standard_output.substr(result.standard_output.find("ms=") + 3);
    EXPECT_LT(std::stol(ms), 3000) << "curator waited for the model after Ctrl-C";
    EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CuratorGenerate, BadInputGetsOneLineAndExitCode2) {
    std::vector<std::string> args = generate_args("openai", "http://127.0.0.1:9/v1");
    auto with = [&](const std::string& flag, const std::string& value) {
        std::vector<std::string> changed = args;
        const auto at = std::find(changed.begin(), changed.end(), flag);
        if (at == changed.end()) {
            changed.insert(changed.end(), {flag, value});
        } else {
            *(at + 1) = value;
        }
        return changed;
    };
    // A relative path is read against the folder curator runs in, and named in full.
    expect_input_error(curator(with("--source", "src/missing.cpp")),
                       "--source " + (root() / "src" / "missing.cpp").string() + ": no such file");
    expect_input_error(curator(with("--provider", "gemini")), "--provider gemini: unknown provider");
    expect_input_error(curator(with("--out", (root() / "tests" / "test_clamp.cpp").string())),
                       "is an input file");
    expect_input_error(curator(with("--tests", "include/clamp.hpp")), "no target of the CMake build");
    expect_input_error(curator(with("-p", temp().string())), "not a CMake build folder");
    expect_input_error(curator(with("--prompt", "missing.txt")), "missing.txt");
    expect_input_error(curator(with("--base-url", "ftp://host")), "not an http:// or https:// URL");
    expect_input_error(curator(with("--out", (root() / "tests").string())),
                       "is a folder; name a new test file");
    // Checked before the model is asked (the server in `args` would fail the call with exit code 3).
    expect_input_error(curator(with("--mutator", "/no/such/mutator")),
                       "--mutator /no/such/mutator: no such program");
    expect_input_error(curator(with("--cache-dir", "/proc/mlab-cache")),
                       "--cache-dir /proc/mlab-cache: cannot write");
    EXPECT_FALSE(fs::exists(out()));
}

TEST(CuratorGenerateTargetApp, TheReplaySampleMeetsItsDocumentedFates) {
    // target_app as a student's repository holds it, and the replay sample written for it.
    const fs::path temp = make_temp_directory("mlab-curator-target-app");
    const fs::path app = temp / "target_app";
    fs::copy(MLAB_TARGET_APP_DIR, app, fs::copy_options::recursive);
    const ProcessResult configured = run(
        {MLAB_CMAKE_COMMAND, "-S", app.string(), "-B", (app / "build").string(), "-G", MLAB_CMAKE_GENERATOR});
    ASSERT_TRUE(configured.succeeded()) << configured.standard_error;
    ProcessOptions options;
    options.working_directory = app;
    options.timeout = std::chrono::minutes(10);
    options.environment = without_model_settings();
    const fs::path out = temp / "test_interactions_ai.cpp";
    const ProcessResult result =
        run_process({MLAB_CURATOR_BIN, "generate", "--source", "src/interaction.cpp", "--header",
                     "include/target_app/interaction.hpp", "--tests", "tests/unit/test_interactions.cpp",
                     "--out", out.string(), "-p", (app / "build").string(), "--no-mutation"},
                    options);
    ASSERT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
    const json sidecar = read_json(out.string() + ".curator.json");
    std::map<std::string, std::string> verdicts;
    for (const json& test : sidecar["tests"]) {
        verdicts[test["name"]] = test["funnel"]["verdict"];
    }
    EXPECT_EQ(verdicts.size(), 10U);
    EXPECT_EQ(verdicts["FilterByMaxItemId.IncludesInteractionAtBoundary"], "passed");
    EXPECT_EQ(verdicts["FilterByMaxItemId.KeepsInteractionsBelowMaxGenerated"], "passed");  // the duplicate
    EXPECT_EQ(verdicts["FilterByMaxItemId.ExcludesInteractionAtBoundary"], "fails_on_current_code");
    EXPECT_EQ(verdicts["FilterByMaxItemId.ReadsTimestampOfKeptInteraction"], "compile_error");
    EXPECT_EQ(verdicts["FilterByMaxItemId.VectorCopyKeepsSize"], "passed");  // out of scope
    EXPECT_THAT(read_file(out),
                HasSubstr("// evidence: compiles; passes 5/5; executes no line of the source file"));
    EXPECT_THAT(read_file(out), HasSubstr("hand-written sample reply, not real model output"));
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

// curator triage: each Survived mutant of a report asked about once, the answers written beside the report
// for a person to confirm, the report itself (and so its score) untouched; asked again, the cache answers.
TEST(CuratorTriage, RecordsTheModelsVerdictOnEachSurvivorWithoutChangingTheReport) {
    const fs::path dir = make_temp_directory("mlab-triage");
    fs::copy_file(fs::path(MLAB_TESTDATA_DIR) / "review" / "mutation-report.json",
                  dir / "mutation-report.json");
    const std::string report_before = read_file(dir / "mutation-report.json");
    FakeLlmServer server;
    server.script({{200, {}, FakeLlmServer::openai("EQUIVALENT: both branches give lo when value == lo.")},
                   {200, {}, FakeLlmServer::openai("**NOT EQUIVALENT**: clamp(5, 0, 5) returns 5, not 4.")}});
    ProcessOptions options;
    options.environment = without_model_settings();
    options.environment["CURATOR_API_KEY"] = kKey;
    const std::vector<std::string> args{MLAB_CURATOR_BIN,     "triage",  dir.string(),
                                        "--provider",         "openai",  "--base-url",
                                        server.url() + "/v1", "--model", "fake-model"};
    const ProcessResult first = run_process(args, options);
    ASSERT_EQ(first.exit_code, 0) << first.standard_error << first.standard_output;
    EXPECT_THAT(first.standard_output, HasSubstr("src/clamp.cpp:4  ROR"));
    EXPECT_THAT(first.standard_output,
                HasSubstr("EQUIVALENT (to confirm): both branches give lo when value == lo."));
    EXPECT_THAT(first.standard_output, HasSubstr("not equivalent: clamp(5, 0, 5) returns 5, not 4."));
    EXPECT_THAT(
        first.standard_output,
        HasSubstr("openai fake-model asked about 2 survivors: 1 equivalent (for a person to confirm), 1 not "
                  "equivalent, 0 unsure, 0 unclear, 0 not asked; the report and its score are unchanged"));
    const std::vector<RecordedRequest> requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_THAT(requests[0].body, HasSubstr("NOT EQUIVALENT: <an input or call that tells them apart>"));
    EXPECT_THAT(requests[0].body, HasSubstr("src/clamp.cpp:4 ROR"));
    const json answers = read_json(dir / "triage.json");
    ASSERT_EQ(answers["mutants"].size(), 2U);
    EXPECT_EQ(answers["mutants"][0]["verdict"], "equivalent");
    EXPECT_EQ(answers["mutants"][0]["line"], 4);
    EXPECT_EQ(answers["mutants"][0]["confirmed"], false);
    EXPECT_EQ(answers["mutants"][1]["verdict"], "not equivalent");
    EXPECT_EQ(answers["model"], "openai fake-model");
    EXPECT_EQ(read_file(dir / "mutation-report.json"), report_before);

    server.script({});
    const ProcessResult again = run_process(args, options);
    ASSERT_EQ(again.exit_code, 0) << again.standard_error;
    EXPECT_TRUE(server.requests().empty()) << "the answers come from the cache";
    EXPECT_EQ(read_json(dir / "triage.json")["mutants"], answers["mutants"]);

    // A model that cannot be asked, and a folder with no report: one line, exit code 2.
    std::vector<std::string> replay = args;
    replay[4] = "replay";
    expect_input_error(run_process(replay, options), "triage asks a model");
    fs::remove(dir / "mutation-report.json");
    expect_input_error(run_process(args, options), "mutation-report.json");
    fs::remove_all(dir);
}

}  // namespace
}  // namespace mlab::cli_testing
