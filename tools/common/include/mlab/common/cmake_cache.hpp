#pragma once
// Reading a CMake build folder's CMakeCache.txt, and configuring a copy of its project the same way.

#include <filesystem>
#include <string>
#include <vector>

namespace mlab {

/// One `NAME:TYPE=VALUE` line of a CMakeCache.txt.
struct CMakeCacheEntry {
    std::string name, type, value;
};

/// Every entry of `build_dir`/CMakeCache.txt, in file order; empty when there is no cache.
std::vector<CMakeCacheEntry> read_cmake_cache(const std::filesystem::path& build_dir);

/// The value of `key` in `build_dir`/CMakeCache.txt, empty when absent.
std::string cmake_cache_value(const std::filesystem::path& build_dir, const std::string& key);

/// The `-DNAME:TYPE=VALUE` options that configure a copy of the project like the user's build: the user's
/// settable entries (BOOL, STRING, PATH, FILEPATH, UNINITIALIZED), without those that point into the user's
/// build folder or name `skipped` entries, with the source folder's path replaced by the copy's.
std::vector<std::string> cmake_copy_options(const std::filesystem::path& user_build_dir,
                                            const std::filesystem::path& source_dir,
                                            const std::filesystem::path& copy_source_dir,
                                            const std::vector<std::string>& skipped = {});

}  // namespace mlab
