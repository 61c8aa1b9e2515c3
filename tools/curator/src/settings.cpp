// The model's settings: flags, then the environment, then curator.yml, then the defaults; the API key only
// from the environment or a key file.

#include "curator/settings.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace curator {
namespace fs = std::filesystem;

namespace {

struct ConfigFile {
    std::string provider, base_url, model, key_file;
    std::optional<int> max_tokens, retries;
    std::optional<double> temperature, timeout, connect_timeout;
};

ConfigFile read_config(const fs::path& path) {
    ConfigFile config;
    if (path.empty() || !fs::exists(path)) {
        return config;
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.string());
    } catch (const YAML::Exception& error) {
        throw mlab::InputError(
            fmt::format("{}:{}: not valid YAML: {}", path.string(), error.mark.line + 1, error.msg));
    }
    if (!root || root.IsNull()) {
        return config;
    }
    if (!root.IsMap()) {
        throw mlab::InputError(path.string() +
                               ": expected a map of settings (provider, model, base_url, ...)");
    }
    for (const auto& entry : root) {
        const std::string key = entry.first.as<std::string>();
        const YAML::Node& value = entry.second;
        try {
            if (key == "provider") {
                config.provider = value.as<std::string>();
            } else if (key == "base_url") {
                config.base_url = value.as<std::string>();
            } else if (key == "model") {
                config.model = value.as<std::string>();
            } else if (key == "key_file") {
                config.key_file = value.as<std::string>();
                if (fs::path(config.key_file).is_relative()) {
                    config.key_file = (path.parent_path() / config.key_file).string();
                }
            } else if (key == "max_tokens") {
                config.max_tokens = value.as<int>();
            } else if (key == "retries") {
                config.retries = value.as<int>();
            } else if (key == "temperature") {
                config.temperature = value.as<double>();
            } else if (key == "timeout") {
                config.timeout = value.as<double>();
            } else if (key == "connect_timeout") {
                config.connect_timeout = value.as<double>();
            } else if (key == "api_key") {
                throw mlab::InputError(path.string() +
                                       ": api_key is not read from a config file (it would end up in version "
                                       "control); set CURATOR_API_KEY or key_file");
            } else {
                throw mlab::InputError(
                    fmt::format("{}: unknown setting `{}` (known: provider, base_url, model, "
                                "key_file, max_tokens, temperature, timeout, connect_timeout, "
                                "retries)",
                                path.string(), key));
            }
        } catch (const YAML::Exception&) {
            throw mlab::InputError(fmt::format("{}: `{}` has a value of the wrong type", path.string(), key));
        }
    }
    return config;
}

std::string read_key_file(const fs::path& path, const std::string& named_by) {
    if (!fs::is_regular_file(path)) {
        throw mlab::InputError(fmt::format("{} (from {}): no such key file", path.string(), named_by));
    }
    return mlab::fold_whitespace(mlab::read_file(path));
}

}  // namespace

Environment process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr || *value == '\0') {
            return std::nullopt;
        }
        return std::string(value);
    };
}

namespace {

/// Where the API key may come from when no variable holds it.
struct KeyFile {
    std::string path;
    std::string named_by;
};

/// The provider when none is named: the one whose key is set, else the offline replay (with a notice).
void default_provider(ModelSettings& settings, const Environment& environment, const KeyFile& key_file) {
    if (environment("ANTHROPIC_API_KEY") && !environment("CURATOR_API_KEY") &&
        !environment("OPENAI_API_KEY")) {
        settings.provider = "anthropic";
    } else if (environment("CURATOR_API_KEY") || environment("OPENAI_API_KEY") || !key_file.path.empty()) {
        settings.provider = "openai";
    } else {
        settings.provider = "replay";
        settings.notice =
            "no API key configured (CURATOR_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY): "
            "replaying a stored, hand-written sample reply instead of asking a model";
    }
}

/// The key: CURATOR_API_KEY, the provider's own variable, or a key file.
void find_key(ModelSettings& settings, const Environment& environment, const KeyFile& key_file) {
    const std::string& provider = settings.provider;
    const char* own_variable = provider == "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    if (auto value = environment("CURATOR_API_KEY")) {
        settings.http.api_key = *value;
        settings.key_source = "CURATOR_API_KEY";
    } else if (auto own = environment(own_variable); own && provider != "ollama") {
        settings.http.api_key = *own;
        settings.key_source = own_variable;
    } else if (!key_file.path.empty()) {
        settings.http.api_key = read_key_file(key_file.path, key_file.named_by);
        settings.key_source = key_file.named_by;
    }
}

/// Throws mlab::InputError when the provider lacks a key, a model or a usable URL.
void check_endpoint(const ModelSettings& settings, const WireFormat& format) {
    const bool default_url = settings.http.base_url.empty();
    if (format.needs_key() && default_url && settings.http.api_key.empty()) {
        throw mlab::InputError(fmt::format(
            "--provider {} needs an API key: set CURATOR_API_KEY or {}, or key_file in curator.yml",
            settings.provider, settings.provider == "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY"));
    }
    if (settings.model.empty()) {
        throw mlab::InputError(
            fmt::format("--provider {} needs a model: --model NAME, CURATOR_MODEL, or model: "
                        "in curator.yml",
                        settings.provider));
    }
    if (!default_url && settings.http.base_url.rfind("http://", 0) != 0 &&
        settings.http.base_url.rfind("https://", 0) != 0) {
        throw mlab::InputError(
            fmt::format("--base-url {}: not an http:// or https:// URL", settings.http.base_url));
    }
}

/// Token limit, temperature, timeouts and retries: flags, then the config file, then the defaults.
void set_limits(ModelSettings& settings, const GenerateOptions& options, const ConfigFile& config) {
    settings.max_tokens = options.max_tokens.value_or(config.max_tokens.value_or(8192));
    settings.temperature = options.temperature.value_or(config.temperature.value_or(0.2));
    const double timeout = options.timeout_seconds.value_or(config.timeout.value_or(300));
    const double connect = config.connect_timeout.value_or(10);
    if (settings.max_tokens <= 0 || timeout <= 0 || connect <= 0) {
        throw mlab::InputError("max_tokens, timeout and connect_timeout must be positive");
    }
    settings.http.total_timeout = std::chrono::milliseconds(static_cast<long>(timeout * 1000));
    settings.http.connect_timeout = std::chrono::milliseconds(static_cast<long>(connect * 1000));
    settings.http.retry.max_retries = options.retries.value_or(config.retries.value_or(2));
    if (settings.http.retry.max_retries < 0) {
        throw mlab::InputError("retries must be 0 or more");
    }
}

}  // namespace

ModelSettings resolve_model_settings(const GenerateOptions& options, const fs::path& config_file,
                                     const Environment& environment) {
    const ConfigFile config = read_config(config_file);
    auto pick = [&](const std::string& flag, const char* variable, const std::string& configured) {
        if (!flag.empty()) {
            return flag;
        }
        if (auto value = environment(variable)) {
            return *value;
        }
        return configured;
    };
    ModelSettings settings;
    settings.provider = pick(options.provider, "CURATOR_PROVIDER", config.provider);
    settings.model = pick(options.model, "CURATOR_MODEL", config.model);
    settings.http.base_url = pick(options.base_url, "CURATOR_BASE_URL", config.base_url);
    KeyFile key_file{config.key_file, "key_file in " + config_file.string()};
    if (auto value = environment("CURATOR_KEY_FILE")) {
        key_file = {*value, "CURATOR_KEY_FILE"};
    }
    if (settings.provider.empty()) {
        default_provider(settings, environment, key_file);
    }
    if (settings.provider == "replay") {
        return settings;
    }
    const std::unique_ptr<WireFormat> format = make_wire_format(settings.provider);
    if (!format) {
        throw mlab::InputError(fmt::format(
            "--provider {}: unknown provider (known: openai, anthropic, ollama, replay)", settings.provider));
    }
    find_key(settings, environment, key_file);
    check_endpoint(settings, *format);
    set_limits(settings, options, config);
    return settings;
}

ChatRequest chat_request(const ModelSettings& model, const Prompt& prompt) {
    ChatRequest request;
    request.model = model.model;
    request.system = prompt.system;
    request.user = prompt.user;
    request.max_tokens = model.max_tokens;
    request.temperature = model.temperature;
    return request;
}

}  // namespace curator
