#pragma once
// Which files the mutator scans: the project's own sources and headers, never tests, third-party code,
// build directories or system headers, unless include/exclude globs say otherwise.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mutator {

/// The default exclusions: test files and folders, third-party and build folders (root-relative globs).
std::vector<std::string> default_excludes();

class ProjectScope {
  public:
    ProjectScope(std::filesystem::path root, std::filesystem::path build_dir,
                 std::vector<std::string> includes, std::vector<std::string> excludes);

    /// The root-relative path of `absolute` when the file is in scope.
    std::optional<std::string> relative_if_in_scope(const std::filesystem::path& absolute) const;
    /// The root-relative path of `absolute` when it lies under the root at all.
    std::optional<std::string> relative(const std::filesystem::path& absolute) const;
    const std::filesystem::path& root() const { return root_; }

  private:
    std::filesystem::path root_;
    std::filesystem::path build_dir_;
    std::vector<std::string> includes_;
    std::vector<std::string> excludes_;
};

}  // namespace mutator
