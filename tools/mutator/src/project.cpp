#include "mutator/project.hpp"

#include <fstream>

#include <clang/Tooling/JSONCompilationDatabase.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace mutator {
namespace fs = std::filesystem;

std::string read_cmake_cache_value(const fs::path& build_dir, const std::string& key) {
    return mlab::cmake_cache_value(build_dir, key);
}

namespace {

// Whether `path` is `folder` or inside it (both canonical).
bool inside(const fs::path& path, const fs::path& folder) {
    const fs::path relative = path.lexically_relative(folder);
    return !relative.empty() && *relative.begin() != "..";
}

// The git work tree's top folder that holds `folder`; empty outside git (or without git).
fs::path git_top_level(const fs::path& folder) {
    mlab::ProcessOptions options;
    options.timeout = std::chrono::seconds(30);
    try {
        const mlab::ProcessResult result =
            mlab::run_process({"git", "-C", folder.string(), "rev-parse", "--show-toplevel"}, options);
        std::string top = result.standard_output;
        while (!top.empty() && (top.back() == '\n' || top.back() == '\r')) {
            top.pop_back();
        }
        if (!result.succeeded() || top.empty()) {
            return {};
        }
        const fs::path canonical = mlab::canonical_or_same(top);
        return inside(folder, canonical) ? canonical : fs::path();
    } catch (const std::runtime_error&) {
        return {};  // no git on this machine: the source folder is all there is
    }
}

}  // namespace

Project Project::open(const fs::path& build_dir, const fs::path& root_override) {
    Project project;
    std::error_code error;
    project.build_dir_ = fs::weakly_canonical(fs::absolute(build_dir), error);
    if (!fs::is_directory(project.build_dir_)) {
        throw mlab::InputError(build_dir.string() + ": not a build directory");
    }
    const fs::path database_file = project.build_dir_ / "compile_commands.json";
    if (!fs::exists(database_file)) {
        throw mlab::InputError(database_file.string() +
                               ": not found (configure the project with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
    }
    std::string message;
    std::unique_ptr<clang::tooling::JSONCompilationDatabase> database =
        clang::tooling::JSONCompilationDatabase::loadFromFile(
            database_file.string(), message, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (database == nullptr) {
        throw mlab::InputError(database_file.string() + ": invalid compilation database: " + message);
    }
    for (const std::string& file : database->getAllFiles()) {
        project.sources_.push_back(file);
    }
    if (project.sources_.empty()) {
        throw mlab::InputError(database_file.string() + ": holds no translation unit");
    }
    project.database_ = std::move(database);

    if (!root_override.empty()) {
        project.root_ = fs::weakly_canonical(fs::absolute(root_override), error);
    } else if (const std::string home = read_cmake_cache_value(project.build_dir_, "CMAKE_HOME_DIRECTORY");
               !home.empty()) {
        project.root_ = fs::weakly_canonical(home, error);
    } else {
        // The deepest folder that holds every source.
        fs::path common = fs::path(project.sources_.front()).parent_path();
        for (const std::string& source : project.sources_) {
            while (!common.empty() && fs::relative(source, common).string().rfind("..", 0) == 0) {
                common = common.parent_path();
            }
        }
        project.root_ = common;
    }
    if (!fs::is_directory(project.root_)) {
        throw mlab::InputError(project.root_.string() + ": the project's source directory does not exist");
    }
    const std::string home = read_cmake_cache_value(project.build_dir_, "CMAKE_HOME_DIRECTORY");
    project.source_dir_ = home.empty() ? project.root_ : mlab::canonical_or_same(home);
    project.repository_root_ = project.source_dir_;
    if (const fs::path top = git_top_level(project.source_dir_); !top.empty()) {
        project.repository_root_ = top;
    } else if (!root_override.empty() && inside(project.source_dir_, project.root_)) {
        project.repository_root_ = project.root_;
    }
    return project;
}

}  // namespace mutator
