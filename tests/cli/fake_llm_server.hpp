#pragma once
// A fake LLM provider for the curator's CLI tests: a real HTTP server on 127.0.0.1 (a free port) that
// answers with scripted replies in the real wire formats, and records every request it gets.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace mlab::cli_testing {

struct ScriptedReply {
    int status = 200;
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::milliseconds delay{0};
    bool cut_body = false;  // announce a longer body than is sent, then close the connection
};

struct RecordedRequest {
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
};

class FakeLlmServer {
  public:
    FakeLlmServer() {
        server_.Post(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
            ScriptedReply reply;
            {
                std::lock_guard lock(mutex_);
                RecordedRequest recorded{request.path, {}, request.body};
                for (const auto& [name, value] : request.headers) {
                    recorded.headers[name] = value;
                }
                requests_.push_back(recorded);
                if (next_ < script_.size()) {
                    reply = script_[next_++];
                } else {
                    reply = {500, {}, R"({"error": {"message": "no scripted reply left"}})"};
                }
            }
            std::this_thread::sleep_for(reply.delay);
            response.status = reply.status;
            for (const auto& [name, value] : reply.headers) {
                response.set_header(name, value);
            }
            if (reply.cut_body) {
                const std::string body = reply.body;
                response.set_content_provider(body.size() * 2, "application/json",
                                              [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                                                  sink.write(body.data(), body.size() / 2);
                                                  return false;  // the connection drops mid-body
                                              });
            } else {
                response.set_content(reply.body, "application/json");
            }
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    ~FakeLlmServer() {
        server_.stop();
        thread_.join();
    }

    FakeLlmServer(const FakeLlmServer&) = delete;
    FakeLlmServer& operator=(const FakeLlmServer&) = delete;

    void script(std::vector<ScriptedReply> replies) {
        std::lock_guard lock(mutex_);
        script_ = std::move(replies);
        next_ = 0;
        requests_.clear();
    }

    std::vector<RecordedRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    static std::string openai(const std::string& content, const std::string& finish = "stop") {
        return nlohmann::json{
            {"id", "chatcmpl-1"},
            {"model", "fake-gpt"},
            {"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", content}}},
               {"finish_reason", finish}}}},
            {"usage", {{"prompt_tokens", 321}, {"completion_tokens", 123}, {"total_tokens", 444}}}}
            .dump();
    }

    static std::string anthropic(const std::string& text, const std::string& stop = "end_turn") {
        return nlohmann::json{{"id", "msg_1"},
                              {"type", "message"},
                              {"role", "assistant"},
                              {"model", "fake-claude"},
                              {"content", {{{"type", "text"}, {"text", text}}}},
                              {"stop_reason", stop},
                              {"usage", {{"input_tokens", 210}, {"output_tokens", 99}}}}
            .dump();
    }

    static std::string ollama(const std::string& text, const std::string& done_reason = "stop") {
        return nlohmann::json{{"model", "fake-llama"},
                              {"message", {{"role", "assistant"}, {"content", text}}},
                              {"done", true},
                              {"done_reason", done_reason},
                              {"prompt_eval_count", 77},
                              {"eval_count", 55},
                              {"total_duration", 123456789}}
            .dump();
    }

  private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<ScriptedReply> script_;
    std::size_t next_ = 0;
    std::vector<RecordedRequest> requests_;
};

/// An environment in which no model setting of this machine reaches curator (empty means unset).
inline std::map<std::string, std::string> without_model_settings() {
    std::map<std::string, std::string> environment;
    for (const char* name :
         {"CURATOR_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CURATOR_PROVIDER", "CURATOR_MODEL",
          "CURATOR_BASE_URL", "CURATOR_KEY_FILE", "CURATOR_PROMPTS_DIR"}) {
        environment[name] = "";
    }
    return environment;
}

}  // namespace mlab::cli_testing
