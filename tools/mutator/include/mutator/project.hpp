#pragma once
// A CMake project as the mutator sees it: its build directory, source root and compilation database.

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <clang/Tooling/CompilationDatabase.h>

namespace mutator {

/// A project opened from its build directory. Throws mlab::InputError for a missing or invalid database.
class Project {
  public:
    /// `root_override` empty: the source directory from CMakeCache.txt, else the sources' common directory.
    static Project open(const std::filesystem::path& build_dir,
                        const std::filesystem::path& root_override = {});

    const std::filesystem::path& build_dir() const { return build_dir_; }
    const std::filesystem::path& root() const { return root_; }
    /// The CMake source folder (CMAKE_HOME_DIRECTORY), or root() when the cache does not say.
    const std::filesystem::path& source_dir() const { return source_dir_; }
    /// What the project's tests can reach besides the source folder: the git top level that holds
    /// source_dir(), else root() when it holds source_dir(), else source_dir() itself (also when a build
    /// folder lies between them: a copy of a project inside a build folder is its own root). The mutant build
    /// mirrors this folder, so a test that reads `../test_data/` finds it there too.
    const std::filesystem::path& repository_root() const { return repository_root_; }
    const clang::tooling::CompilationDatabase& database() const { return *database_; }
    /// Every translation unit's main file, absolute, in the database's order.
    const std::vector<std::string>& sources() const { return sources_; }

  private:
    std::filesystem::path build_dir_;
    std::filesystem::path root_;
    std::filesystem::path source_dir_;
    std::filesystem::path repository_root_;
    std::shared_ptr<clang::tooling::CompilationDatabase> database_;
    std::vector<std::string> sources_;
};

/// The translation units (absolute, canonical) built only into programs that CTest runs: a unit whose every
/// object file (`CMakeFiles/TARGET.dir/...`) belongs to a target named like a program CTest runs (read from
/// the build's CTestTestfile.cmake files, built or not). Empty when the build has no tests.
std::set<std::string> test_only_units(const Project& project);

}  // namespace mutator
