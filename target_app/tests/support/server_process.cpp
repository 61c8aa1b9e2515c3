#include "server_process.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TARGET_APP_SERVER
#error "TARGET_APP_SERVER must name the server binary"
#endif

namespace target_app::testing {
namespace {

std::string make_temp_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "target_app_e2e_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory");
    }
    return pattern;
}

// Reads one line from `fd`, giving up after `timeout`.
std::optional<std::string> read_line(int fd, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd waiting{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (poll(&waiting, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0) {
            continue;
        }
        char c = 0;
        if (read(fd, &c, 1) != 1) {
            return std::nullopt;  // the server exited before saying where it listens
        }
        if (c == '\n') {
            return line;
        }
        line += c;
    }
    return std::nullopt;
}

size_t append_body(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};

}  // namespace

ServerProcess::ServerProcess() : ServerProcess(Options{}) {}

ServerProcess::ServerProcess(Options options) {
    directory_ = make_temp_directory();
    log_path_ = directory_ + "/server.log";
    const std::string db = options.db_path.empty() ? directory_ + "/interactions.db" : options.db_path;

    int out[2];
    if (pipe(out) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        // The server must not outlive a crashed test process.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(127);
        }
        dup2(out[1], STDOUT_FILENO);
        const int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(log, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        close(log);
        setenv("API_KEY", options.api_key.c_str(), 1);
        execl(TARGET_APP_SERVER, TARGET_APP_SERVER, "--port", "0", "--db", db.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    const auto first_line = read_line(out[0], std::chrono::seconds(20));
    close(out[0]);
    constexpr std::string_view kPrefix = "listening on ";
    if (!first_line || first_line->rfind(kPrefix, 0) != 0) {
        stop();
        throw std::runtime_error("target_app_server did not start; its log:\n" + log());
    }
    base_url_ = first_line->substr(kPrefix.size());
}

ServerProcess::~ServerProcess() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string ServerProcess::log() const {
    std::ifstream in(log_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool ServerProcess::wait_for_log(const std::string& text, int seconds) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

int ServerProcess::stop() {
    if (pid_ <= 0) {
        return wait_status_;
    }
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (waitpid(pid_, &wait_status_, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &wait_status_, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return wait_status_;
}

HttpClient::HttpClient(std::string base_url, std::optional<std::string> api_key)
    : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {
    static CurlGlobal global;
}

HttpResponse HttpClient::get(const std::string& path) const {
    return perform("GET", path, nullptr);
}

HttpResponse HttpClient::post(const std::string& path, const std::string& body) const {
    return perform("POST", path, &body);
}

HttpResponse HttpClient::perform(const std::string& method, const std::string& path,
                                 const std::string* body) const {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) {
        throw std::runtime_error("curl_easy_init failed");
    }
    HttpResponse response;
    const std::string url = base_url_ + path;
    curl_slist* headers = nullptr;
    if (api_key_) {
        headers = curl_slist_append(headers, ("Authorization: Bearer " + *api_key_).c_str());
    }
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    if (body != nullptr) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    const CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
        const char* type = nullptr;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
        response.content_type = type != nullptr ? type : "";
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) {
        throw std::runtime_error(method + " " + url + " failed: " + curl_easy_strerror(code));
    }
    return response;
}

}  // namespace target_app::testing
