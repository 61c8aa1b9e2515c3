#pragma once
// What CMake's File API tells about a build: which target compiles a file, with which command, and how
// that target links. Read from the user's build folder, where curator adds its own query (as IDEs do).

#include <filesystem>
#include <string>
#include <vector>

namespace curator {

/// How to compile one source file as its target does.
struct CompileRecipe {
    std::filesystem::path directory;  // where it runs: the build folder, as CMake's generators run it
    std::string compiler;
    std::vector<std::string> arguments;  // flags, -D, -I/-isystem, -std, without -c/-o or the file
};

/// One source a target compiles, and how.
struct TargetSource {
    std::filesystem::path path;  // canonical
    CompileRecipe compile;
};

/// A file, the target that compiles it, and how that target links.
struct TargetOfFile {
    std::string target;
    std::string target_type;                 // EXECUTABLE, STATIC_LIBRARY, ...
    std::filesystem::path directory;         // the source folder whose CMakeLists.txt defines the target
    std::filesystem::path binary_directory;  // its build folder (where CTest runs a test by default)
    std::filesystem::path artifact;          // the program or library it makes; empty: none
    CompileRecipe compile;
    std::vector<std::string> link_arguments;  // flags and libraries, paths made absolute
    std::vector<TargetSource> sources;  // every C or C++ source the target compiles, the file among them
    std::vector<std::filesystem::path> objects;  // object files it lists as sources (linked as they are)
    std::vector<std::string> uncompiled;         // sources in another language: "start.s (ASM)"
};

class CMakeProject {
  public:
    /// Reads the File API reply of `build_dir`, first writing curator's query and re-running CMake in that
    /// folder when no reply answers it yet. Throws mlab::InputError for a folder that is not a CMake build.
    static CMakeProject open(const std::filesystem::path& build_dir);

    const std::filesystem::path& build_dir() const { return build_dir_; }
    const std::filesystem::path& source_dir() const { return source_dir_; }
    const std::string& compiler_id() const { return compiler_id_; }  // GNU, Clang, ...
    const std::string& compiler_version() const { return compiler_version_; }
    const std::string& generator() const { return generator_; }

    /// The target that compiles `file`; throws mlab::InputError naming the file when none does.
    TargetOfFile target_of(const std::filesystem::path& file) const;

  private:
    std::filesystem::path build_dir_;
    std::filesystem::path source_dir_;
    std::filesystem::path reply_dir_;
    std::string codemodel_file_;
    std::string compiler_path_;
    std::string c_compiler_path_;
    std::string compiler_id_;
    std::string compiler_version_;
    std::string generator_;
};

/// `command` split into words as a POSIX shell would (quotes and backslashes), for compile fragments.
std::vector<std::string> split_shell_words(const std::string& command);

}  // namespace curator
