// The three wire formats, as docs/curator-generate.md describes them.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "curator/llm.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace {

using nlohmann::json;
using Kind = LlmError::Kind;

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

json parse_body(const HttpResponse& response, const std::string& provider) {
    json body = json::parse(response.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        throw LlmError(
            Kind::bad_reply,
            fmt::format("{} answered HTTP {} with a body that is not a JSON object: {}", provider,
                        response.status, mlab::shorten(mlab::fold_whitespace(response.body), 120)));
    }
    return body;
}

std::string header(const HttpResponse& response, const std::string& name) {
    const auto found = response.headers.find(name);
    return found == response.headers.end() ? std::string() : found->second;
}

std::string string_at(const json& body, const json::json_pointer& pointer) {
    if (!body.contains(pointer) || !body.at(pointer).is_string()) {
        return {};
    }
    return body.at(pointer).get<std::string>();
}

long number_at(const json& body, const json::json_pointer& pointer) {
    if (!body.contains(pointer) || !body.at(pointer).is_number_integer()) {
        return 0;
    }
    return body.at(pointer).get<long>();
}

/// Retry rules shared by the formats: 408, 409, 429 and 5xx (Anthropic's 529 included) are worth
/// another try; the server's `x-should-retry` header overrides.
bool retryable_status(const HttpResponse& response) {
    const std::string should = header(response, "x-should-retry");
    if (should == "true") {
        return true;
    }
    if (should == "false") {
        return false;
    }
    return response.status == 408 || response.status == 409 || response.status == 429 ||
           response.status >= 500;
}

std::string describe_status(long status) {
    switch (status) {
        case 400:
            return "bad request";
        case 401:
            return "the API key was refused";
        case 403:
            return "permission denied";
        case 404:
            return "not found (check --base-url and --model)";
        case 408:
            return "request timeout";
        case 409:
            return "conflict";
        case 429:
            return "rate limited";
        case 529:
            return "overloaded";
        default:
            return status >= 500 ? "server error" : "error";
    }
}

/// The chat messages of OpenAI's and Ollama's formats: the system message (when there is one), then the
/// user's.
json system_and_user(const ChatRequest& request) {
    json messages = json::array();
    if (!request.system.empty()) {
        messages.push_back({{"role", "system"}, {"content", request.system}});
    }
    messages.push_back({{"role", "user"}, {"content", request.user}});
    return messages;
}

void check_text(const ChatReply& reply, const std::string& provider) {
    if (mlab::fold_whitespace(reply.text).empty()) {
        throw LlmError(Kind::empty_reply,
                       fmt::format("{} replied with no text (stop reason: {})", provider,
                                   reply.stop_reason.empty() ? "none" : reply.stop_reason));
    }
}

class OpenAiFormat : public WireFormat {
  public:
    std::string name() const override { return "openai"; }
    std::string default_base_url() const override { return "https://api.openai.com/v1"; }
    bool needs_key() const override { return true; }

    HttpRequest build(const ChatRequest& request, const std::string& base_url) const override {
        json body{{"model", request.model},
                  {"messages", system_and_user(request)},
                  {"temperature", request.temperature},
                  {"max_tokens", request.max_tokens},
                  {"stream", false}};
        if (request.seed) {
            body["seed"] = *request.seed;
        }
        return {without_trailing_slash(base_url) + "/chat/completions",
                {"Content-Type: application/json"},
                body.dump()};
    }

    std::vector<std::string> auth_headers(const std::string& key) const override {
        return {"Authorization: Bearer " + key};
    }

    ChatReply parse(const HttpResponse& response) const override {
        const json body = parse_body(response, name());
        if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].empty()) {
            throw LlmError(Kind::bad_reply, "openai reply has no choices[0]");
        }
        ChatReply reply;
        reply.text = string_at(body, "/choices/0/message/content"_json_pointer);
        reply.stop_reason = string_at(body, "/choices/0/finish_reason"_json_pointer);
        reply.usage = {number_at(body, "/usage/prompt_tokens"_json_pointer),
                       number_at(body, "/usage/completion_tokens"_json_pointer)};
        reply.model = string_at(body, "/model"_json_pointer);
        reply.request_id = header(response, "x-request-id");
        if (reply.stop_reason == "length") {
            throw LlmError(
                Kind::truncated,
                fmt::format("the reply was cut at the token limit (finish_reason \"length\" after {} "
                            "tokens): raise --max-tokens or ask for fewer tests",
                            reply.usage.completion));
        }
        if (reply.stop_reason == "content_filter") {
            throw LlmError(Kind::refused, "the reply was stopped by the provider's content filter");
        }
        check_text(reply, name());
        return reply;
    }

    LlmError error(const HttpResponse& response) const override {
        const json body = json::parse(response.body, nullptr, false);
        std::string message, code;
        if (body.is_object()) {
            message = string_at(body, "/error/message"_json_pointer);
            code = string_at(body, "/error/code"_json_pointer);
            if (code.empty()) {
                code = string_at(body, "/error/type"_json_pointer);
            }
        }
        const bool quota = code == "insufficient_quota";
        return LlmError(Kind::http,
                        fmt::format("openai answered HTTP {} ({}{}){}{}", response.status,
                                    describe_status(response.status), code.empty() ? "" : ", " + code,
                                    message.empty() ? "" : ": ", mlab::shorten(message, 200)),
                        retryable_status(response) && !quota, response.status);
    }
};

class AnthropicFormat : public WireFormat {
  public:
    std::string name() const override { return "anthropic"; }
    std::string default_base_url() const override { return "https://api.anthropic.com"; }
    bool needs_key() const override { return true; }

    HttpRequest build(const ChatRequest& request, const std::string& base_url) const override {
        json body{{"model", request.model},
                  {"max_tokens", request.max_tokens},
                  {"temperature", request.temperature},
                  {"messages", json::array({{{"role", "user"}, {"content", request.user}}})}};
        if (!request.system.empty()) {
            body["system"] = request.system;
        }
        return {without_trailing_slash(base_url) + "/v1/messages",
                {"content-type: application/json", "anthropic-version: 2023-06-01"},
                body.dump()};
    }

    std::vector<std::string> auth_headers(const std::string& key) const override {
        return {"x-api-key: " + key};
    }

    ChatReply parse(const HttpResponse& response) const override {
        const json body = parse_body(response, name());
        if (!body.contains("content") || !body["content"].is_array()) {
            throw LlmError(Kind::bad_reply, "anthropic reply has no content list");
        }
        ChatReply reply;
        for (const json& block : body["content"]) {
            if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
                block["text"].is_string()) {
                reply.text += block["text"].get<std::string>();
            }
        }
        reply.stop_reason = string_at(body, "/stop_reason"_json_pointer);
        reply.usage = {number_at(body, "/usage/input_tokens"_json_pointer),
                       number_at(body, "/usage/output_tokens"_json_pointer)};
        reply.model = string_at(body, "/model"_json_pointer);
        reply.request_id = header(response, "request-id");
        if (reply.stop_reason == "max_tokens") {
            throw LlmError(
                Kind::truncated,
                fmt::format("the reply was cut at the token limit (stop_reason \"max_tokens\" after {} "
                            "tokens): raise --max-tokens or ask for fewer tests",
                            reply.usage.completion));
        }
        if (reply.stop_reason == "refusal") {
            throw LlmError(Kind::refused, "the model refused to answer (stop_reason \"refusal\")");
        }
        check_text(reply, name());
        return reply;
    }

    LlmError error(const HttpResponse& response) const override {
        const json body = json::parse(response.body, nullptr, false);
        std::string message, type, request_id;
        if (body.is_object()) {
            message = string_at(body, "/error/message"_json_pointer);
            type = string_at(body, "/error/type"_json_pointer);
            request_id = string_at(body, "/request_id"_json_pointer);
        }
        return LlmError(Kind::http,
                        fmt::format("anthropic answered HTTP {} ({}{}){}{}{}", response.status,
                                    describe_status(response.status), type.empty() ? "" : ", " + type,
                                    message.empty() ? "" : ": ", mlab::shorten(message, 200),
                                    request_id.empty() ? "" : " [request " + request_id + "]"),
                        retryable_status(response), response.status);
    }
};

class OllamaFormat : public WireFormat {
  public:
    std::string name() const override { return "ollama"; }
    std::string default_base_url() const override { return "http://localhost:11434"; }
    bool needs_key() const override { return false; }

    HttpRequest build(const ChatRequest& request, const std::string& base_url) const override {
        json options{{"temperature", request.temperature},
                     {"num_ctx", request.context_tokens},
                     {"num_predict", request.max_tokens}};
        if (request.seed) {
            options["seed"] = *request.seed;
        }
        json body{{"model", request.model},
                  {"messages", system_and_user(request)},
                  {"stream", false},
                  {"options", options}};
        return {
            without_trailing_slash(base_url) + "/api/chat", {"Content-Type: application/json"}, body.dump()};
    }

    std::vector<std::string> auth_headers(const std::string& key) const override {
        // A proxy in front of Ollama may want one; Ollama itself ignores it.
        return key.empty() ? std::vector<std::string>{}
                           : std::vector<std::string>{"Authorization: Bearer " + key};
    }

    ChatReply parse(const HttpResponse& response) const override {
        const json body = parse_body(response, name());
        if (body.contains("error")) {
            throw LlmError(Kind::bad_reply, "ollama: " + body["error"].dump());
        }
        ChatReply reply;
        reply.text = string_at(body, "/message/content"_json_pointer);
        reply.stop_reason = string_at(body, "/done_reason"_json_pointer);
        reply.usage = {number_at(body, "/prompt_eval_count"_json_pointer),
                       number_at(body, "/eval_count"_json_pointer)};
        reply.model = string_at(body, "/model"_json_pointer);
        if (reply.stop_reason == "length") {
            throw LlmError(
                Kind::truncated,
                fmt::format("the reply was cut at the token limit (done_reason \"length\" after {} "
                            "tokens): raise --max-tokens or ask for fewer tests",
                            reply.usage.completion));
        }
        check_text(reply, name());
        return reply;
    }

    LlmError error(const HttpResponse& response) const override {
        const json body = json::parse(response.body, nullptr, false);
        std::string message;
        if (body.is_object()) {
            message = string_at(body, "/error"_json_pointer);
        }
        return LlmError(
            Kind::http,
            fmt::format("ollama answered HTTP {} ({}){}{}", response.status, describe_status(response.status),
                        message.empty() ? "" : ": ", mlab::shorten(message, 200)),
            retryable_status(response), response.status);
    }
};

}  // namespace

std::unique_ptr<WireFormat> make_wire_format(const std::string& provider) {
    if (provider == "openai") {
        return std::make_unique<OpenAiFormat>();
    }
    if (provider == "anthropic") {
        return std::make_unique<AnthropicFormat>();
    }
    if (provider == "ollama") {
        return std::make_unique<OllamaFormat>();
    }
    return nullptr;
}

}  // namespace curator
