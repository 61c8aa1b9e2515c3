#pragma once
// Talking to a model: the three wire formats (OpenAI Chat Completions, Anthropic Messages, Ollama's
// /api/chat), an HTTP provider with retries and a response cache, and the offline replay provider.
// The API key is kept out of everything that is stored or printed: requests are cached and logged
// without their auth header.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace curator {

struct ChatRequest {
    std::string model;
    std::string system;
    std::string user;
    int max_tokens = 8192;
    double temperature = 0.2;
    std::optional<long> seed;
    int context_tokens = 32768;  // Ollama's num_ctx: its small default cuts long prompts silently
};

struct TokenUsage {
    long prompt = 0;
    long completion = 0;
};

struct ChatReply {
    std::string text;
    std::string stop_reason;  // as the provider named it
    TokenUsage usage;
    std::string model;       // as the provider reported it
    std::string request_id;  // x-request-id / request-id / Anthropic's request_id, when given
};

/// An HTTP request as a wire format builds it; the auth headers are added only when it is sent.
struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
};

struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

/// How a model call failed. `retryable` errors are retried by the HTTP provider.
class LlmError : public std::runtime_error {
  public:
    enum class Kind { transport, timeout, http, bad_reply, empty_reply, truncated, refused };
    LlmError(Kind kind, const std::string& message, bool retryable = false, long status = 0)
        : std::runtime_error(message), kind_(kind), retryable_(retryable), status_(status) {}
    Kind kind() const { return kind_; }
    bool retryable() const { return retryable_; }
    long status() const { return status_; }

  private:
    Kind kind_;
    bool retryable_;
    long status_;
};

/// One provider's request and reply shapes.
class WireFormat {
  public:
    virtual ~WireFormat() = default;
    virtual std::string name() const = 0;
    virtual std::string default_base_url() const = 0;
    virtual bool needs_key() const = 0;
    virtual HttpRequest build(const ChatRequest& request, const std::string& base_url) const = 0;
    virtual std::vector<std::string> auth_headers(const std::string& key) const = 0;
    /// The reply of a 2xx response; throws LlmError (bad_reply, empty_reply, truncated, refused).
    virtual ChatReply parse(const HttpResponse& response) const = 0;
    /// The error of a non-2xx response, classified (retryable or not) with the provider's own message.
    virtual LlmError error(const HttpResponse& response) const = 0;
};

/// "openai", "anthropic" or "ollama"; nullptr for any other name.
std::unique_ptr<WireFormat> make_wire_format(const std::string& provider);

/// Retries with exponential backoff and jitter; a server's Retry-After wins when it is within 0-60 s.
struct RetryPolicy {
    int max_retries = 2;
    std::chrono::milliseconds initial_delay{500};
    std::chrono::milliseconds max_delay{8000};
};

/// The delay a response asks for (`retry-after-ms`, `Retry-After` in seconds or as an HTTP date), when it
/// is between 0 and 60 s.
std::optional<std::chrono::milliseconds> requested_delay(const std::map<std::string, std::string>& headers);

/// The backoff before retry number `retry` (0 = the first retry): initial × 2^retry, at most max_delay,
/// less up to 25% jitter (`random01` in [0, 1)).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01);

/// One HTTP attempt, as recorded in the sidecar.
struct Attempt {
    long status = 0;    // 0: no HTTP answer
    std::string error;  // empty when it succeeded
    std::chrono::milliseconds waited_before{0};
    std::chrono::milliseconds duration{0};
};

struct CallRecord {
    std::string provider;
    std::string url;  // where the request went (no key)
    bool from_cache = false;
    std::vector<Attempt> attempts;
};

/// Where a reply comes from.
class Provider {
  public:
    virtual ~Provider() = default;
    virtual std::string name() const = 0;
    /// Throws LlmError when no usable reply came; `record` holds every attempt either way.
    virtual ChatReply ask(const ChatRequest& request, CallRecord& record) = 0;
    /// Whether ask() would answer `request` from a stored reply, without a call.
    virtual bool has_cached_reply(const ChatRequest& /*request*/) const { return false; }
};

struct HttpSettings {
    std::string base_url;  // as the provider's SDK takes it (OpenAI-style: ending in /v1)
    std::string api_key;   // never stored, logged or printed
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds total_timeout{300000};
    RetryPolicy retry;
    std::filesystem::path cache_dir;  // empty: no cache
    /// Told of each wait before a retry (a 429's Retry-After, a backoff), and every 15 s of a long one.
    std::function<void(const std::string&)> progress;
};

std::unique_ptr<Provider> make_http_provider(std::unique_ptr<WireFormat> format, HttpSettings settings);

/// The template `curator generate` uses unless told otherwise; its replay samples are `<source>.md`.
inline constexpr const char* kDefaultTemplate = "generate-gtest";

/// The stored reply for a source file's name and a prompt template: `samples/<source>.md` for the default
/// template, `samples/<source>.<template>.md` for another.
std::filesystem::path replay_sample(const std::filesystem::path& samples_dir, const std::string& source_name,
                                    const std::string& template_name);

/// The offline provider: a stored reply (replay_sample), labelled in the file as a hand-written sample.
/// Throws mlab::InputError when there is none.
std::unique_ptr<Provider> make_replay_provider(const std::filesystem::path& samples_dir,
                                               const std::string& source_name,
                                               const std::string& template_name);

/// Sends one POST with libcurl (TLS verification on, proxy variables honoured).
/// Throws LlmError (transport or timeout) when no HTTP answer came.
HttpResponse http_post(const HttpRequest& request, const std::vector<std::string>& extra_headers,
                       std::chrono::milliseconds connect_timeout, std::chrono::milliseconds total_timeout);

}  // namespace curator
