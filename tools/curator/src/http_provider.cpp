// The HTTP provider: libcurl, retries with backoff, and a response cache keyed by the request.

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "curator/llm.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;
using Kind = LlmError::Kind;

namespace {

size_t append_body(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

size_t append_header(char* data, size_t size, size_t count, void* target) {
    std::string line(data, size * count);
    auto& headers = *static_cast<std::map<std::string, std::string>*>(target);
    const std::size_t colon = line.find(':');
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();  // a new response (after a 100 Continue or a redirect)
    } else if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        const std::size_t first = value.find_first_not_of(" \t");
        const std::size_t last = value.find_last_not_of(" \t\r\n");
        headers[name] = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    }
    return size * count;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// The cache entry's name: a hash of what was asked, never of the key.
std::string cache_key(const std::string& provider, const HttpRequest& request) {
    const std::string text = provider + "\n" + request.url + "\n" + request.body;
    return mlab::to_hex(mlab::mix64(mlab::fnv1a64(text))) +
           mlab::to_hex(mlab::mix64(mlab::fnv1a64(text, 0x9e3779b97f4a7c15ULL)));
}

class HttpProvider : public Provider {
  public:
    HttpProvider(std::unique_ptr<WireFormat> format, HttpSettings settings)
        : format_(std::move(format)), settings_(std::move(settings)) {
        if (settings_.base_url.empty()) {
            settings_.base_url = format_->default_base_url();
        }
    }

    std::string name() const override { return format_->name(); }

    bool has_cached_reply(const ChatRequest& request) const override {
        const fs::path cached = cache_file(format_->build(request, settings_.base_url));
        return !cached.empty() && fs::exists(cached) && read_cache(cached).has_value();
    }

    ChatReply ask(const ChatRequest& request, CallRecord& record) override {
        const HttpRequest http = format_->build(request, settings_.base_url);
        record.provider = name();
        record.url = http.url;
        const fs::path cached = cache_file(http);
        if (!cached.empty() && fs::exists(cached)) {
            if (std::optional<ChatReply> reply = read_cache(cached)) {
                record.from_cache = true;
                return *reply;
            }
        }
        const std::vector<std::string> auth = format_->auth_headers(settings_.api_key);
        std::mt19937_64 random(std::random_device{}());
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        std::chrono::milliseconds wait{0};
        for (int attempt_number = 0;; ++attempt_number) {
            wait_before_retry(wait);
            if (mlab::InterruptGuard::requested()) {
                throw LlmError(LlmError::Kind::transport, "interrupted", false);
            }
            Attempt attempt;
            attempt.waited_before = wait;
            const auto started = std::chrono::steady_clock::now();
            std::optional<LlmError> failure;
            std::map<std::string, std::string> response_headers;
            try {
                const HttpResponse response =
                    http_post(http, auth, settings_.connect_timeout, settings_.total_timeout);
                attempt.status = response.status;
                response_headers = response.headers;
                if (response.status >= 200 && response.status < 300) {
                    ChatReply reply = format_->parse(response);
                    attempt.duration = mlab::milliseconds_since(started);
                    record.attempts.push_back(attempt);
                    if (!cached.empty()) {
                        // A cache that cannot be written loses only the next call's saving, never this
                        // paid answer.
                        try {
                            write_cache(cached, reply);
                        } catch (const std::exception&) {
                        }
                    }
                    return reply;
                }
                // The body is read without the key, so not even a cut-off piece of it reaches a message.
                HttpResponse keyless = response;
                if (!settings_.api_key.empty()) {
                    keyless.body = mlab::replace_all(keyless.body, settings_.api_key, "[API key]");
                }
                failure = format_->error(keyless);
            } catch (const LlmError& error) {
                failure = error;
            }
            failure = without_key(*failure);
            attempt.duration = mlab::milliseconds_since(started);
            attempt.error = failure->what();
            record.attempts.push_back(attempt);
            if (!failure->retryable() || attempt_number >= settings_.retry.max_retries) {
                if (failure->retryable()) {
                    throw LlmError(
                        failure->kind(),
                        fmt::format("{} (gave up after {} attempts)", failure->what(), attempt_number + 1),
                        false, failure->status());
                }
                throw *failure;
            }
            const std::optional<std::chrono::milliseconds> asked = requested_delay(response_headers);
            wait = asked ? *asked : backoff_delay(settings_.retry, attempt_number, unit(random));
            tell(fmt::format("{}; trying again in {} (attempt {} of {}, {}; Ctrl-C stops)",
                             mlab::shorten(failure->what(), 160), seconds(wait), attempt_number + 2,
                             settings_.retry.max_retries + 1, asked ? "as the server asked" : "backing off"));
        }
    }

  private:
    fs::path cache_file(const HttpRequest& http) const {
        return settings_.cache_dir.empty() ? fs::path()
                                           : settings_.cache_dir / (cache_key(name(), http) + ".json");
    }

    void tell(const std::string& line) const {
        if (settings_.progress) {
            settings_.progress(line);
        }
    }

    static std::string seconds(std::chrono::milliseconds wait) {
        return fmt::format("{:.0f} s", std::ceil(static_cast<double>(wait.count()) / 1000.0));
    }

    /// The wait before a retry, in short steps (Ctrl-C ends it), saying every 15 s how long is left.
    void wait_before_retry(std::chrono::milliseconds wait) const {
        constexpr std::chrono::milliseconds kStep{50};
        constexpr std::chrono::milliseconds kTellEvery{15000};
        auto next_tell = kTellEvery;
        for (auto waited = std::chrono::milliseconds(0); waited < wait && !mlab::InterruptGuard::requested();
             waited += kStep) {
            if (waited >= next_tell) {
                tell(fmt::format("{}: still waiting, {} left", name(), seconds(wait - waited)));
                next_tell += kTellEvery;
            }
            std::this_thread::sleep_for(std::min(kStep, wait - waited));
        }
    }

    // A server may echo the key in an error body: it is never printed or stored.
    LlmError without_key(const LlmError& error) const {
        const std::string& key = settings_.api_key;
        const std::string text = error.what();
        if (key.empty() || text.find(key) == std::string::npos) {
            return error;
        }
        return LlmError(error.kind(), mlab::replace_all(text, key, "[API key]"), error.retryable(),
                        error.status());
    }

    static std::optional<ChatReply> read_cache(const fs::path& path) {
        try {
            const nlohmann::json entry = nlohmann::json::parse(mlab::read_file(path));
            ChatReply reply;
            reply.text = entry.at("text").get<std::string>();
            reply.stop_reason = entry.at("stop_reason").get<std::string>();
            reply.model = entry.at("model").get<std::string>();
            reply.request_id = entry.at("request_id").get<std::string>();
            reply.usage = {entry.at("prompt_tokens").get<long>(), entry.at("completion_tokens").get<long>()};
            return reply;
        } catch (const std::exception&) {
            return std::nullopt;  // a damaged entry is asked again and rewritten
        }
    }

    static void write_cache(const fs::path& path, const ChatReply& reply) {
        const nlohmann::json entry{{"text", reply.text},
                                   {"stop_reason", reply.stop_reason},
                                   {"model", reply.model},
                                   {"request_id", reply.request_id},
                                   {"prompt_tokens", reply.usage.prompt},
                                   {"completion_tokens", reply.usage.completion}};
        fs::create_directories(path.parent_path());
        mlab::write_file_atomic(path, entry.dump(2) + "\n");
    }

    std::unique_ptr<WireFormat> format_;
    HttpSettings settings_;
};

}  // namespace

std::optional<std::chrono::milliseconds> requested_delay(const std::map<std::string, std::string>& headers) {
    using std::chrono::milliseconds;
    auto within = [](double ms) -> std::optional<milliseconds> {
        if (ms >= 0 && ms <= 60000) {
            return milliseconds(static_cast<long>(ms));
        }
        return std::nullopt;
    };
    if (const auto found = headers.find("retry-after-ms"); found != headers.end()) {
        try {
            return within(std::stod(found->second));
        } catch (const std::exception&) {
        }
    }
    const auto found = headers.find("retry-after");
    if (found == headers.end()) {
        return std::nullopt;
    }
    const std::string& value = found->second;
    if (!value.empty() && std::all_of(value.begin(), value.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0 || c == '.'; })) {
        try {
            return within(std::stod(value) * 1000.0);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    const time_t when = curl_getdate(value.c_str(), nullptr);
    if (when < 0) {
        return std::nullopt;
    }
    return within(std::difftime(when, std::time(nullptr)) * 1000.0);
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01) {
    double delay = static_cast<double>(policy.initial_delay.count());
    for (int i = 0; i < retry; ++i) {
        delay *= 2;
    }
    delay = std::min(delay, static_cast<double>(policy.max_delay.count()));
    return std::chrono::milliseconds(static_cast<long>(delay * (1.0 - 0.25 * random01)));
}

namespace {

int stop_when_interrupted(void* /*data*/, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/,
                          curl_off_t /*ultotal*/, curl_off_t /*ulnow*/) {
    return mlab::InterruptGuard::requested() ? 1 : 0;
}

}  // namespace

HttpResponse http_post(const HttpRequest& request, const std::vector<std::string>& extra_headers,
                       std::chrono::milliseconds connect_timeout, std::chrono::milliseconds total_timeout) {
    global_init();
    CURL* curl = curl_easy_init();
    if (curl == nullptr) {
        throw LlmError(Kind::transport, "libcurl could not start a request");
    }
    curl_slist* headers = nullptr;
    for (const std::string& line : request.headers) {
        headers = curl_slist_append(headers, line.c_str());
    }
    for (const std::string& line : extra_headers) {
        headers = curl_slist_append(headers, line.c_str());
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    HttpResponse response;
    char error_text[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(total_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mutation-lab-curator");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    // Ctrl-C ends the wait for the model at once.
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_when_interrupted);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        throw LlmError(Kind::transport, fmt::format("{}: interrupted", request.url), false);
    }
    if (code == CURLE_OPERATION_TIMEDOUT) {
        throw LlmError(
            Kind::timeout,
            fmt::format("{}: no complete answer within {} ms ({})", request.url, total_timeout.count(),
                        error_text[0] != '\0' ? error_text : curl_easy_strerror(code)),
            true);
    }
    if (code != CURLE_OK) {
        throw LlmError(
            Kind::transport,
            fmt::format("{}: {}", request.url, error_text[0] != '\0' ? error_text : curl_easy_strerror(code)),
            true);
    }
    return response;
}

std::unique_ptr<Provider> make_http_provider(std::unique_ptr<WireFormat> format, HttpSettings settings) {
    return std::make_unique<HttpProvider>(std::move(format), std::move(settings));
}

}  // namespace curator
