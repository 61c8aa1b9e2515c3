#include "mlab/common/cmake_cache.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "mlab/common/text.hpp"

namespace mlab {
namespace fs = std::filesystem;

std::vector<CMakeCacheEntry> read_cmake_cache(const fs::path& build_dir) {
    std::ifstream in(build_dir / "CMakeCache.txt");
    std::vector<CMakeCacheEntry> entries;
    std::string line;
    static const std::regex kEntry(R"(^([A-Za-z_][A-Za-z0-9_.+\-]*):([A-Z]+)=(.*)$)");
    while (std::getline(in, line)) {
        std::smatch match;
        if (std::regex_match(line, match, kEntry)) {
            entries.push_back({match[1].str(), match[2].str(), match[3].str()});
        }
    }
    return entries;
}

std::string cmake_cache_value(const fs::path& build_dir, const std::string& key) {
    for (const CMakeCacheEntry& entry : read_cmake_cache(build_dir)) {
        if (entry.name == key) {
            return entry.value;
        }
    }
    return {};
}

std::vector<std::string> cmake_copy_options(const fs::path& user_build_dir, const fs::path& source_dir,
                                            const fs::path& copy_source_dir,
                                            const std::vector<std::string>& skipped) {
    static const std::set<std::string> kKept{"BOOL", "STRING", "PATH", "FILEPATH", "UNINITIALIZED"};
    std::vector<std::string> options;
    for (const CMakeCacheEntry& entry : read_cmake_cache(user_build_dir)) {
        if (kKept.count(entry.type) == 0 || entry.name == "CMAKE_EXPORT_COMPILE_COMMANDS" ||
            std::find(skipped.begin(), skipped.end(), entry.name) != skipped.end()) {
            continue;
        }
        if (entry.value.find(user_build_dir.string()) != std::string::npos) {
            continue;  // points into the user's build: the copy makes its own
        }
        const std::string value = replace_all(entry.value, source_dir.string(), copy_source_dir.string());
        options.push_back("-D" + entry.name + ":" + entry.type + "=" + value);
    }
    return options;
}

}  // namespace mlab
