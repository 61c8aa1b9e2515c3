#include "mutator/scope.hpp"

#include "mlab/common/files.hpp"
#include "mlab/common/glob.hpp"

namespace mutator {
namespace fs = std::filesystem;

std::vector<std::string> default_excludes() {
    return {"**/test/**",      "**/tests/**",        "**/*_test.*",       "**/test_*.*",
            "**/*_unittest.*", "**/third_party/**",  "**/third-party/**", "**/3rdparty/**",
            "**/external/**",  "**/vendor/**",       "**/_deps/**",       "**/build/**",
            "**/build-*/**",   "**/cmake-build-*/**"};
}

ProjectScope::ProjectScope(fs::path root, fs::path build_dir, std::vector<std::string> includes,
                           std::vector<std::string> excludes)
    : root_(std::move(root)),
      build_dir_(std::move(build_dir)),
      includes_(std::move(includes)),
      excludes_(std::move(excludes)) {}

std::optional<std::string> ProjectScope::relative(const fs::path& absolute) const {
    const std::optional<fs::path> relative = mlab::relative_inside(absolute, root_);
    if (!relative) {
        return std::nullopt;
    }
    return relative->generic_string();
}

std::optional<std::string> ProjectScope::relative_if_in_scope(const fs::path& absolute) const {
    const auto rel = relative(absolute);
    if (!rel) {
        return std::nullopt;
    }
    if (mlab::is_inside(absolute, build_dir_)) {
        return std::nullopt;
    }
    auto matches_any = [&](const std::vector<std::string>& globs) {
        for (const std::string& glob : globs) {
            if (mlab::glob_match(glob, *rel)) {
                return true;
            }
        }
        return false;
    };
    if (matches_any(excludes_)) {
        return std::nullopt;
    }
    if (!includes_.empty()) {
        return matches_any(includes_) ? rel : std::nullopt;
    }
    static const std::vector<std::string> defaults = default_excludes();
    return matches_any(defaults) ? std::nullopt : rel;
}

}  // namespace mutator
