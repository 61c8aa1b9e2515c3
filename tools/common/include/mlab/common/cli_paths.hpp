#pragma once
// Command-line paths made absolute on entry: a relative path means the same folder wherever the tools later
// run a build or a test (each in a working directory of its own).

#include <filesystem>
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

}  // namespace mlab
