#pragma once
// Test support: the real target_app_server in a child process, and a libcurl client for it.

#include <optional>
#include <string>

#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace target_app::testing {

/// A running target_app_server on a free loopback port, with its own database and log file.
/// The server is stopped and reaped by stop() or the destructor; it also dies with the test process.
class ServerProcess {
  public:
    struct Options {
        std::string api_key = "test-key";
        std::string db_path;  // empty: a fresh database in the server's temporary directory
    };

    explicit ServerProcess(Options options);
    ServerProcess();
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    const std::string& base_url() const { return base_url_; }
    /// A scratch directory that lives as long as this object.
    const std::string& directory() const { return directory_; }
    /// Everything the server wrote to stderr so far (its log).
    std::string log() const;
    /// Waits up to `seconds` for `text` to appear in the log (the server logs a request after answering it).
    bool wait_for_log(const std::string& text, int seconds = 5) const;
    /// Sends SIGTERM, waits up to 5 s (then SIGKILL), and returns the wait status.
    int stop();

  private:
    pid_t pid_ = -1;
    int wait_status_ = 0;
    std::string directory_;
    std::string log_path_;
    std::string base_url_;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string content_type;

    nlohmann::json json() const { return nlohmann::json::parse(body); }
};

/// A small blocking HTTP client over libcurl; `api_key` nullopt sends no Authorization header.
class HttpClient {
  public:
    explicit HttpClient(std::string base_url, std::optional<std::string> api_key = "test-key");

    HttpResponse get(const std::string& path) const;
    HttpResponse post(const std::string& path, const std::string& body) const;

  private:
    HttpResponse perform(const std::string& method, const std::string& path, const std::string* body) const;

    std::string base_url_;
    std::optional<std::string> api_key_;
};

}  // namespace target_app::testing
