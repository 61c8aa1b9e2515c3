#pragma once
// Configuring a copy of a project like the user's build, and building targets of a CMake build folder.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "mlab/common/process.hpp"

namespace mlab {

/// The CMake generator of a build folder; throws InputError naming the folder when it is not a CMake build
/// (no CMakeCache.txt with CMAKE_GENERATOR), followed by `hint` when it is given.
std::string cmake_generator_of(const std::filesystem::path& build_dir, std::string_view hint = {});

struct CopyConfiguration {
    std::filesystem::path user_build_dir;   // the build whose settings the copy takes
    std::filesystem::path source_dir;       // the user's CMake source folder
    std::filesystem::path copy_source_dir;  // the copy of source_dir
    std::filesystem::path copy_build_dir;   // where the copy is configured
    std::vector<std::string> skipped;       // cache entries not taken from the user's build
    std::vector<std::string> extra;         // options after the user's (they win)
};

/// `cmake -S COPY -B BUILD -G GENERATOR` with the user's cache settings (cmake_copy_options), `extra`, and
/// compile_commands.json on.
std::vector<std::string> configure_copy_command(const CopyConfiguration& copy);

struct BuildRequest {
    std::filesystem::path build_dir;
    std::vector<std::string> targets;  // empty: the default target
    unsigned jobs = 1;
    bool keep_going = false;  // past a failed unit (Ninja, Makefiles), so one round names every failure
    std::chrono::milliseconds timeout = std::chrono::hours(2);
    const std::atomic<bool>* cancel = nullptr;
};

/// `cmake --build` as asked.
std::vector<std::string> build_command(const BuildRequest& request);

/// Runs build_command(request) and returns what it printed and how it ended.
ProcessResult build_targets(const BuildRequest& request);

}  // namespace mlab
