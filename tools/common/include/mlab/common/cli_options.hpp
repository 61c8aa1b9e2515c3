#pragma once
// What the tools' command lines share: paths made absolute on entry (a relative path means the same folder
// wherever the tools later run a build or a test, each in a working directory of its own), and number
// checks whose messages name readable bounds.

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

namespace mlab {

/// A CLI11 transform for path options: "out" becomes "$PWD/out" (lexically normal); empty stays empty.
inline CLI::Validator absolute_path_option() {
    return CLI::Validator(
        [](std::string& value) {
            if (!value.empty()) {
                value = std::filesystem::absolute(value).lexically_normal().string();
            }
            return std::string();
        },
        "", "absolute path");
}

/// The same for a program: a path with a '/' is made absolute, a bare name is left for the PATH lookup.
inline CLI::Validator program_path_option() {
    return CLI::Validator(
        [](std::string& value) {
            if (value.find('/') != std::string::npos) {
                value = std::filesystem::absolute(value).lexically_normal().string();
            }
            return std::string();
        },
        "", "program");
}

/// `value` as a whole number text (no trailing characters), or nothing.
inline std::optional<double> parse_number(const std::string& value) {
    try {
        std::size_t used = 0;
        const double number = std::stod(value, &used);
        if (used == value.size()) {
            return number;
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

/// A number above 0 ("--jobs 0: must be a number above 0").
inline CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& value) {
            const std::optional<double> number = parse_number(value);
            return number && *number > 0 ? std::string() : value + ": must be a number above 0";
        },
        "POSITIVE", "positive number");
}

/// A number from `low` to `high` ("--break 200: must be between 0 and 100").
inline CLI::Validator number_between(double low, double high) {
    return CLI::Validator(
        [low, high](std::string& value) {
            const std::optional<double> number = parse_number(value);
            if (number && *number >= low && *number <= high) {
                return std::string();
            }
            std::ostringstream message;
            message << value << ": must be between " << low << " and " << high;
            return message.str();
        },
        "", "number in range");
}

}  // namespace mlab
