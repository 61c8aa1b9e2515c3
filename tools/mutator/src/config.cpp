#include "mutator/config.hpp"

#include <yaml-cpp/yaml.h>

#include "mlab/common/errors.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> string_list(const YAML::Node& node, const std::string& key, const fs::path& path) {
    if (!node.IsSequence()) {
        throw mlab::InputError(path.string() + ": '" + key + "' must be a list of strings");
    }
    std::vector<std::string> values;
    for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
            throw mlab::InputError(path.string() + ": '" + key + "' must be a list of strings");
        }
        values.push_back(item.as<std::string>());
    }
    return values;
}

}  // namespace

Config load_config(const fs::path& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.string());
    } catch (const YAML::BadFile&) {
        throw mlab::InputError(path.string() + ": cannot read the config file");
    } catch (const YAML::Exception& error) {
        throw mlab::InputError(path.string() + ":" + std::to_string(error.mark.line + 1) +
                               ": invalid YAML: " + error.msg);
    }
    Config config;
    if (root.IsNull()) {
        return config;
    }
    if (!root.IsMap()) {
        throw mlab::InputError(path.string() + ": expected a mapping of settings");
    }
    for (const auto& entry : root) {
        const std::string key = entry.first.as<std::string>();
        const YAML::Node& value = entry.second;
        if (key == "operators") {
            config.operators = string_list(value, key, path);
        } else if (key == "disable") {
            config.disable = string_list(value, key, path);
        } else if (key == "include") {
            config.include = string_list(value, key, path);
        } else if (key == "exclude") {
            config.exclude = string_list(value, key, path);
        } else if (key == "arid") {
            config.arid = string_list(value, key, path);
        } else if (key == "string_pairs") {
            if (!value.IsMap()) {
                throw mlab::InputError(path.string() +
                                       ": 'string_pairs' must map each string to its replacement");
            }
            for (const auto& pair : value) {
                config.string_pairs.emplace_back(pair.first.as<std::string>(), pair.second.as<std::string>());
            }
        } else {
            throw mlab::InputError(path.string() + ": unknown setting '" + key +
                                   "' (known: operators, disable, include, exclude, string_pairs, arid)");
        }
    }
    return config;
}

Config load_project_config(const fs::path& root) {
    const fs::path path = root / "mutator.yml";
    return fs::exists(path) ? load_config(path) : Config{};
}

}  // namespace mutator
