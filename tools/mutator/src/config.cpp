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

bool boolean(const YAML::Node& node, const std::string& key, const fs::path& path) {
    try {
        if (node.IsScalar()) {
            return node.as<bool>();
        }
    } catch (const YAML::Exception&) {
    }
    throw mlab::InputError(path.string() + ": '" + key + "' must be true or false");
}

double percent(const YAML::Node& node, const std::string& key, const fs::path& path) {
    try {
        const double value = node.as<double>();
        if (value >= 0 && value <= 100) {
            return value;
        }
    } catch (const YAML::Exception&) {
    }
    throw mlab::InputError(path.string() + ": 'thresholds." + key + "' must be a number from 0 to 100");
}

Thresholds read_thresholds(const YAML::Node& node, const fs::path& path) {
    if (!node.IsMap()) {
        throw mlab::InputError(path.string() + ": 'thresholds' must be a mapping with high, low and break");
    }
    Thresholds thresholds;
    for (const auto& entry : node) {
        const std::string key = entry.first.as<std::string>();
        const double value = percent(entry.second, key, path);
        if (key == "high" || key == "low") {
            if (value != static_cast<int>(value)) {
                throw mlab::InputError(path.string() + ": 'thresholds." + key + "' must be a whole number");
            }
            (key == "high" ? thresholds.high : thresholds.low) = static_cast<int>(value);
        } else if (key == "break") {
            thresholds.break_at = value;
        } else {
            throw mlab::InputError(path.string() + ": unknown threshold '" + key +
                                   "' (known: high, low, break)");
        }
    }
    if (thresholds.low > thresholds.high) {
        throw mlab::InputError(path.string() + ": 'thresholds.low' is above 'thresholds.high'");
    }
    return thresholds;
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
        } else if (key == "assertions") {
            config.assertions = string_list(value, key, path);
        } else if (key == "default_member_initializers") {
            config.default_member_initializers = boolean(value, key, path);
        } else if (key == "string_pairs") {
            if (!value.IsMap()) {
                throw mlab::InputError(path.string() +
                                       ": 'string_pairs' must map each string to its replacement");
            }
            for (const auto& pair : value) {
                config.string_pairs.emplace_back(pair.first.as<std::string>(), pair.second.as<std::string>());
            }
        } else if (key == "thresholds") {
            config.thresholds = read_thresholds(value, path);
        } else {
            throw mlab::InputError(path.string() + ": unknown setting '" + key +
                                   "' (known: operators, disable, include, exclude, string_pairs, arid, "
                                   "assertions, thresholds)");
        }
    }
    return config;
}

Config load_project_config(const fs::path& root) {
    const fs::path path = root / "mutator.yml";
    return fs::exists(path) ? load_config(path) : Config{};
}

}  // namespace mutator
