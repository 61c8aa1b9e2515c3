#pragma once
// Which model to ask and how: flags first, then the environment, then curator.yml, then defaults.
// The API key comes only from the environment or a key file, never from a flag or the config file.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "curator/generate.hpp"
#include "curator/llm.hpp"
#include "curator/prompt.hpp"

namespace curator {

struct ModelSettings {
    std::string provider;  // openai, anthropic, ollama or replay
    std::string model;
    HttpSettings http;  // base URL, key, timeouts, retries, cache
    int max_tokens = 8192;
    double temperature = 0.2;
    std::string key_source;  // which variable or file the key came from (never the key)
    std::string notice;      // one line for the user (the offline default), or empty
};

using Environment = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment.
Environment process_environment();

/// Throws mlab::InputError naming the flag, variable or config key at fault.
ModelSettings resolve_model_settings(const GenerateOptions& options, const std::filesystem::path& config_file,
                                     const Environment& environment);

/// The request of `prompt` to the model of `model` (its name, token limit and temperature).
ChatRequest chat_request(const ModelSettings& model, const Prompt& prompt);

}  // namespace curator
