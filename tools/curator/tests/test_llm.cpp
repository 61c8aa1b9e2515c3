// The wire formats, the retry rules and the settings, on requests and replies in strings.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "curator/llm.hpp"
#include "curator/settings.hpp"
#include "curator/triage.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

ChatRequest sample_request() {
    ChatRequest request;
    request.model = "m1";
    request.system = "be brief";
    request.user = "write tests";
    request.max_tokens = 100;
    request.seed = 7;
    return request;
}

HttpResponse ok(const json& body) {
    return {200, {{"x-request-id", "req-1"}, {"request-id", "req-2"}}, body.dump()};
}

LlmError failure_of(const WireFormat& format, long status, const json& body,
                    std::map<std::string, std::string> headers = {}) {
    return format.error({status, std::move(headers), body.dump()});
}

TEST(OpenAiFormat, BuildsChatCompletionsRequest) {
    const auto format = make_wire_format("openai");
    const HttpRequest request = format->build(sample_request(), "http://127.0.0.1:8080/v1/");
    EXPECT_EQ(request.url, "http://127.0.0.1:8080/v1/chat/completions");
    const json body = json::parse(request.body);
    EXPECT_EQ(body["model"], "m1");
    EXPECT_EQ(body["stream"], false);
    EXPECT_EQ(body["max_tokens"], 100);
    EXPECT_EQ(body["seed"], 7);
    EXPECT_EQ(body["messages"][0], json({{"role", "system"}, {"content", "be brief"}}));
    EXPECT_EQ(body["messages"][1], json({{"role", "user"}, {"content", "write tests"}}));
    EXPECT_EQ(format->auth_headers("k"), std::vector<std::string>{"Authorization: Bearer k"});
}

TEST(OpenAiFormat, ParsesTextUsageAndRequestId) {
    const auto format = make_wire_format("openai");
    const ChatReply reply = format->parse(
        ok({{"model", "m1-2025"},
            {"choices", {{{"message", {{"content", "TEST(A, B) {}"}}}, {"finish_reason", "stop"}}}},
            {"usage", {{"prompt_tokens", 12}, {"completion_tokens", 34}}}}));
    EXPECT_EQ(reply.text, "TEST(A, B) {}");
    EXPECT_EQ(reply.stop_reason, "stop");
    EXPECT_EQ(reply.usage.prompt, 12);
    EXPECT_EQ(reply.usage.completion, 34);
    EXPECT_EQ(reply.model, "m1-2025");
    EXPECT_EQ(reply.request_id, "req-1");
}

TEST(OpenAiFormat, LengthStopIsAnErrorNotAReply) {
    const auto format = make_wire_format("openai");
    try {
        format->parse(
            ok({{"choices", {{{"message", {{"content", "TEST(A, B) {"}}}, {"finish_reason", "length"}}}}}));
        FAIL() << "a cut reply was accepted";
    } catch (const LlmError& error) {
        EXPECT_EQ(error.kind(), LlmError::Kind::truncated);
        EXPECT_FALSE(error.retryable());
        EXPECT_THAT(error.what(), HasSubstr("token limit"));
    }
}

TEST(OpenAiFormat, EmptyContentAndBadJsonAreErrors) {
    const auto format = make_wire_format("openai");
    EXPECT_THROW(
        format->parse(ok({{"choices", {{{"message", {{"content", "  \n"}}}, {"finish_reason", "stop"}}}}})),
        LlmError);
    EXPECT_THROW(format->parse({200, {}, "{\"choices\": ["}), LlmError);
    EXPECT_THROW(format->parse(ok({{"choices", json::array()}})), LlmError);
}

TEST(OpenAiFormat, ClassifiesErrors) {
    const auto format = make_wire_format("openai");
    const json rate{
        {"error", {{"message", "slow down"}, {"type", "requests"}, {"code", "rate_limit_exceeded"}}}};
    const json quota{
        {"error", {{"message", "no money"}, {"type", "insufficient_quota"}, {"code", "insufficient_quota"}}}};
    EXPECT_TRUE(failure_of(*format, 429, rate).retryable());
    EXPECT_FALSE(failure_of(*format, 429, quota).retryable());
    EXPECT_THAT(failure_of(*format, 429, quota).what(), HasSubstr("insufficient_quota"));
    for (const long status : {408L, 409L, 500L, 502L, 503L}) {
        EXPECT_TRUE(failure_of(*format, status, json::object()).retryable()) << status;
    }
    for (const long status : {400L, 401L, 403L, 404L}) {
        EXPECT_FALSE(failure_of(*format, status, json::object()).retryable()) << status;
    }
    EXPECT_TRUE(failure_of(*format, 400, json::object(), {{"x-should-retry", "true"}}).retryable());
    EXPECT_FALSE(failure_of(*format, 503, json::object(), {{"x-should-retry", "false"}}).retryable());
    EXPECT_THAT(failure_of(*format, 401, {{"error", {{"message", "bad key"}}}}).what(), HasSubstr("bad key"));
}

TEST(AnthropicFormat, BuildsMessagesRequestWithTopLevelSystem) {
    const auto format = make_wire_format("anthropic");
    const HttpRequest request = format->build(sample_request(), "https://api.anthropic.com");
    EXPECT_EQ(request.url, "https://api.anthropic.com/v1/messages");
    EXPECT_THAT(request.headers, ::testing::Contains("anthropic-version: 2023-06-01"));
    const json body = json::parse(request.body);
    EXPECT_EQ(body["system"], "be brief");
    EXPECT_EQ(body["max_tokens"], 100);
    EXPECT_EQ(body["messages"].size(), 1U);
    EXPECT_EQ(body["messages"][0]["role"], "user");
    EXPECT_EQ(format->auth_headers("k"), std::vector<std::string>{"x-api-key: k"});
}

TEST(AnthropicFormat, JoinsTextBlocksAndReadsUsage) {
    const auto format = make_wire_format("anthropic");
    const ChatReply reply = format->parse(ok({{"content",
                                               {{{"type", "text"}, {"text", "part one, "}},
                                                {{"type", "tool_use"}, {"id", "x"}},
                                                {{"type", "text"}, {"text", "part two"}}}},
                                              {"stop_reason", "end_turn"},
                                              {"usage", {{"input_tokens", 5}, {"output_tokens", 6}}}}));
    EXPECT_EQ(reply.text, "part one, part two");
    EXPECT_EQ(reply.usage.prompt, 5);
    EXPECT_EQ(reply.usage.completion, 6);
    EXPECT_EQ(reply.request_id, "req-2");
    EXPECT_THROW(
        format->parse(ok({{"content", {{{"type", "text"}, {"text", "x"}}}}, {"stop_reason", "max_tokens"}})),
        LlmError);
}

TEST(AnthropicFormat, OverloadedIsRetriedAuthIsNot) {
    const auto format = make_wire_format("anthropic");
    const json overloaded{{"type", "error"},
                          {"error", {{"type", "overloaded_error"}, {"message", "busy"}}},
                          {"request_id", "r9"}};
    EXPECT_TRUE(failure_of(*format, 529, overloaded).retryable());
    EXPECT_THAT(failure_of(*format, 529, overloaded).what(), HasSubstr("overloaded_error"));
    EXPECT_THAT(failure_of(*format, 529, overloaded).what(), HasSubstr("r9"));
    EXPECT_FALSE(failure_of(*format, 401, json::object()).retryable());
    EXPECT_FALSE(failure_of(*format, 400, json::object()).retryable());
}

TEST(OllamaFormat, SendsStreamFalseAndContextSize) {
    const auto format = make_wire_format("ollama");
    EXPECT_FALSE(format->needs_key());
    const HttpRequest request = format->build(sample_request(), "http://localhost:11434");
    EXPECT_EQ(request.url, "http://localhost:11434/api/chat");
    const json body = json::parse(request.body);
    EXPECT_EQ(body["stream"], false);
    EXPECT_EQ(body["options"]["num_ctx"], 32768);
    EXPECT_EQ(body["options"]["seed"], 7);
    const ChatReply reply = format->parse(ok({{"message", {{"role", "assistant"}, {"content", "hi"}}},
                                              {"done_reason", "stop"},
                                              {"prompt_eval_count", 3},
                                              {"eval_count", 4}}));
    EXPECT_EQ(reply.text, "hi");
    EXPECT_EQ(reply.usage.completion, 4);
    EXPECT_THROW(format->parse(ok({{"message", {{"content", "x"}}}, {"done_reason", "length"}})), LlmError);
    EXPECT_THAT(failure_of(*format, 404, {{"error", "model 'x' not found"}}).what(), HasSubstr("not found"));
}

TEST(UnknownFormat, IsNull) {
    EXPECT_EQ(make_wire_format("gemini"), nullptr);
}

TEST(RetryAfter, ReadsSecondsMillisecondsAndDates) {
    using std::chrono::milliseconds;
    EXPECT_EQ(requested_delay({{"retry-after", "2"}}), milliseconds(2000));
    EXPECT_EQ(requested_delay({{"retry-after", "0.5"}}), milliseconds(500));
    EXPECT_EQ(requested_delay({{"retry-after-ms", "250"}, {"retry-after", "9"}}), milliseconds(250));
    EXPECT_EQ(requested_delay({{"retry-after", "120"}}), std::nullopt);  // over a minute: our own backoff
    EXPECT_EQ(requested_delay({{"retry-after", "soon"}}), std::nullopt);
    EXPECT_EQ(requested_delay({}), std::nullopt);
    // An HTTP date in the past asks for no wait at all, which is out of range too.
    EXPECT_EQ(requested_delay({{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}), std::nullopt);
    char future[64];
    const std::time_t in_ten = std::time(nullptr) + 10;
    std::tm utc{};
    gmtime_r(&in_ten, &utc);
    std::strftime(future, sizeof future, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    const auto delay = requested_delay({{"retry-after", future}});
    ASSERT_TRUE(delay.has_value());
    EXPECT_GE(delay->count(), 8000);
    EXPECT_LE(delay->count(), 10000);
}

TEST(Backoff, DoublesUpToTheCapWithAtMostAQuarterOfJitter) {
    const RetryPolicy policy;  // 0.5 s doubling to 8 s
    using std::chrono::milliseconds;
    EXPECT_EQ(backoff_delay(policy, 0, 0.0), milliseconds(500));
    EXPECT_EQ(backoff_delay(policy, 1, 0.0), milliseconds(1000));
    EXPECT_EQ(backoff_delay(policy, 3, 0.0), milliseconds(4000));
    EXPECT_EQ(backoff_delay(policy, 6, 0.0), milliseconds(8000));
    EXPECT_EQ(backoff_delay(policy, 1, 0.999), milliseconds(750));
}

Environment fake_environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
}

TEST(ModelSettings, WithNoKeyTheProviderIsReplayWithANotice) {
    const ModelSettings settings = resolve_model_settings({}, {}, fake_environment({}));
    EXPECT_EQ(settings.provider, "replay");
    EXPECT_THAT(settings.notice, HasSubstr("hand-written"));
}

TEST(ModelSettings, KeysChooseTheProviderAndFlagsWin) {
    GenerateOptions options;
    options.model = "m";
    EXPECT_EQ(resolve_model_settings(options, {}, fake_environment({{"ANTHROPIC_API_KEY", "a"}})).provider,
              "anthropic");
    const ModelSettings openai =
        resolve_model_settings(options, {}, fake_environment({{"OPENAI_API_KEY", "o"}}));
    EXPECT_EQ(openai.provider, "openai");
    EXPECT_EQ(openai.http.api_key, "o");
    EXPECT_EQ(openai.key_source, "OPENAI_API_KEY");
    options.provider = "anthropic";
    const ModelSettings chosen = resolve_model_settings(
        options, {},
        fake_environment({{"CURATOR_API_KEY", "c"}, {"ANTHROPIC_API_KEY", "a"}, {"CURATOR_MODEL", "x"}}));
    EXPECT_EQ(chosen.provider, "anthropic");
    EXPECT_EQ(chosen.http.api_key, "c");
    EXPECT_EQ(chosen.model, "m");  // the flag wins over CURATOR_MODEL
}

TEST(ModelSettings, ConfigFileGivesSettingsButNeverTheKey) {
    const std::filesystem::path dir = mlab::make_temp_directory("curator-settings");
    mlab::write_file_atomic(dir / "curator.yml",
                            "provider: ollama\nmodel: qwen\nbase_url: http://h:1\nretries: 4\n");
    const ModelSettings settings = resolve_model_settings({}, dir / "curator.yml", fake_environment({}));
    EXPECT_EQ(settings.provider, "ollama");
    EXPECT_EQ(settings.model, "qwen");
    EXPECT_EQ(settings.http.base_url, "http://h:1");
    EXPECT_EQ(settings.http.retry.max_retries, 4);
    mlab::write_file_atomic(dir / "curator.yml", "provider: openai\napi_key: sk-x\n");
    EXPECT_THROW(resolve_model_settings({}, dir / "curator.yml", fake_environment({})), mlab::InputError);
    mlab::write_file_atomic(dir / "curator.yml", "provider: openai\nmodel: m\nkey_file: key.txt\n");
    mlab::write_file_atomic(dir / "key.txt", "sk-from-file\n");
    const ModelSettings keyed = resolve_model_settings({}, dir / "curator.yml", fake_environment({}));
    EXPECT_EQ(keyed.http.api_key, "sk-from-file");
    mlab::write_file_atomic(dir / "curator.yml", "colour: blue\n");
    EXPECT_THROW(resolve_model_settings({}, dir / "curator.yml", fake_environment({})), mlab::InputError);
    std::filesystem::remove_all(dir);
}

TEST(ModelSettings, MissingKeyOrModelIsBadInput) {
    GenerateOptions options;
    options.provider = "openai";
    options.model = "m";
    EXPECT_THROW(resolve_model_settings(options, {}, fake_environment({})), mlab::InputError);
    options.base_url = "http://127.0.0.1:8080/v1";  // a local server may need no key
    EXPECT_NO_THROW(resolve_model_settings(options, {}, fake_environment({})));
    options.model.clear();
    EXPECT_THROW(resolve_model_settings(options, {}, fake_environment({})), mlab::InputError);
    options.model = "m";
    options.provider = "gemini";
    EXPECT_THROW(resolve_model_settings(options, {}, fake_environment({})), mlab::InputError);
}

// curator triage's reading of a reply: the first line that starts with a verdict, Markdown emphasis aside.
TEST(Triage, ReadsTheVerdictLineOfAReply) {
    EXPECT_EQ(parse_verdict("EQUIVALENT: both give 0"),
              std::make_pair(std::string("equivalent"), std::string("both give 0")));
    EXPECT_EQ(parse_verdict("Let me see.\n**NOT EQUIVALENT**: f(0) differs\n"),
              std::make_pair(std::string("not equivalent"), std::string("f(0) differs")));
    EXPECT_EQ(parse_verdict("unsure - it depends on the caller"),
              std::make_pair(std::string("unsure"), std::string("it depends on the caller")));
    EXPECT_EQ(parse_verdict("The mutant looks harmless.\nMaybe."),
              std::make_pair(std::string("unclear"), std::string("The mutant looks harmless.")));
}

}  // namespace
}  // namespace curator
