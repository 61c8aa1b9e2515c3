#include "mutator/project.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>

#include <clang/Tooling/JSONCompilationDatabase.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/project_copy.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

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
        return mlab::is_inside(folder, canonical) ? canonical : fs::path();
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
    } else if (const std::string home = mlab::cmake_cache_value(project.build_dir_, "CMAKE_HOME_DIRECTORY");
               !home.empty()) {
        project.root_ = fs::weakly_canonical(home, error);
    } else {
        // The deepest folder that holds every source.
        fs::path common = fs::path(project.sources_.front()).parent_path();
        for (const std::string& source : project.sources_) {
            while (!common.empty() && !mlab::is_inside(source, common)) {
                common = common.parent_path();
            }
        }
        project.root_ = common;
    }
    if (!fs::is_directory(project.root_)) {
        throw mlab::InputError(project.root_.string() + ": the project's source directory does not exist");
    }
    const std::string home = mlab::cmake_cache_value(project.build_dir_, "CMAKE_HOME_DIRECTORY");
    project.source_dir_ = home.empty() ? project.root_ : mlab::canonical_or_same(home);
    project.repository_root_ = project.source_dir_;
    fs::path wider = git_top_level(project.source_dir_);
    if (wider.empty() && !root_override.empty() && mlab::is_inside(project.source_dir_, project.root_)) {
        wider = project.root_;
    }
    // A copy that sits in a build folder of the repository (curator's funnel copies a project into its
    // build folder) is its own root: the mirror leaves build folders out, and the copy with them.
    for (fs::path folder = project.source_dir_.parent_path();
         !wider.empty() && mlab::is_inside(folder, wider) && folder != wider; folder = folder.parent_path()) {
        if (mlab::left_out_of_copies(folder)) {
            wider.clear();
        }
    }
    if (!wider.empty()) {
        project.repository_root_ = wider;
    }
    return project;
}

namespace {

// The programs CTest runs, by file name, read from the build's CTestTestfile.cmake files (they name a
// program before it is built, where `ctest --show-only` names none): add_test's command, and the target
// of each gtest_discover_tests include file (TARGET[1]_include.cmake).
std::set<std::string> test_programs(const fs::path& build_dir) {
    static const std::regex kAddTest(
        R"re(add_test\(\s*(?:\[=*\[[^\]]*\]=*\]|"[^"]*"|[^\s"]+)\s+"([^"]+)")re");
    static const std::regex kDiscovered(R"re(([^/"\[]+)\[[0-9]+\]_include\.cmake)re");
    std::set<std::string> programs;
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(build_dir, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->path().filename() != "CTestTestfile.cmake") {
            continue;
        }
        std::string text;
        try {
            text = mlab::read_file(it->path());
        } catch (const mlab::FileError&) {
            continue;
        }
        for (auto match = std::sregex_iterator(text.begin(), text.end(), kAddTest);
             match != std::sregex_iterator(); ++match) {
            programs.insert(fs::path((*match)[1].str()).filename().string());
        }
        for (auto match = std::sregex_iterator(text.begin(), text.end(), kDiscovered);
             match != std::sregex_iterator(); ++match) {
            programs.insert((*match)[1].str());
        }
    }
    return programs;
}

}  // namespace

std::set<std::string> test_only_units(const Project& project) {
    const std::set<std::string> programs = test_programs(project.build_dir());
    if (programs.empty()) {
        return {};
    }
    static const std::regex kTargetObject(R"(CMakeFiles/([^/]+)\.dir/)");
    std::map<std::string, std::set<std::string>> targets_of;
    for (const clang::tooling::CompileCommand& command : project.database().getAllCompileCommands()) {
        std::string line = command.Output;
        for (const std::string& argument : command.CommandLine) {
            line += " " + argument;
        }
        std::smatch match;
        const std::string target = std::regex_search(line, match, kTargetObject) ? match[1].str() : "";
        const fs::path source = fs::path(command.Filename).is_absolute()
                                    ? fs::path(command.Filename)
                                    : fs::path(command.Directory) / command.Filename;
        // A unit whose target is not known is never taken for test code.
        targets_of[mlab::canonical_or_same(source).string()].insert(target.empty() ? std::string("\n")
                                                                                   : target);
    }
    std::set<std::string> units;
    for (const auto& [source, targets] : targets_of) {
        if (std::all_of(targets.begin(), targets.end(),
                        [&](const std::string& target) { return programs.count(target) > 0; })) {
            units.insert(source);
        }
    }
    return units;
}

}  // namespace mutator
