#pragma once
// End-to-end CLI tests: a copy of an example project from tests/testdata/, configured with CMake, and the
// real tool binaries run over it. Every test checks that the copied source tree is byte-identical after.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace mlab::cli_testing {

namespace fs = std::filesystem;

inline std::map<std::string, std::string> snapshot(const fs::path& root, const fs::path& skip) {
    std::map<std::string, std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        if (it->path() == skip) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) {
            files[fs::relative(it->path(), root).string()] = read_file(it->path());
        }
    }
    return files;
}

/// The JSON file at `path` (a report, a sidecar, a checker).
inline nlohmann::json read_json(const fs::path& path) {
    return nlohmann::json::parse(read_file(path));
}

/// Runs `argv` and returns its result; argv[0] is a full path.
inline ProcessResult run(const std::vector<std::string>& argv, const fs::path& cwd = {}) {
    ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = std::chrono::minutes(5);
    return run_process(argv, options);
}

/// Compares `actual` with tests/testdata/<project>/expected/<name>; MLAB_UPDATE_GOLDEN=1 rewrites the file.
inline void expect_golden(const std::string& project, const std::string& name, const std::string& actual) {
    const fs::path path = fs::path(MLAB_TESTDATA_DIR) / project / "expected" / name;
    if (std::getenv("MLAB_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(path.parent_path());
        write_file_atomic(path, actual);
        return;
    }
    ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with MLAB_UPDATE_GOLDEN=1 to create it";
    EXPECT_EQ(actual, read_file(path)) << "differs from " << path;
}

/// A configured copy of tests/testdata/<name> in a temporary folder: `root()` is the project, `build()`
/// its build folder.
class ExampleProject : public ::testing::Test {
  protected:
    /// `source_subfolder`: the CMake project is that folder of the copy (`cmake -S root/cpp -B root/build`).
    void open(const std::string& name, const std::string& source_subfolder = "") {
        name_ = name;
        temp_ = make_temp_directory("mlab-cli-" + name);
        root_ = temp_ / name;
        fs::copy(fs::path(MLAB_TESTDATA_DIR) / name, root_, fs::copy_options::recursive);
        fs::remove_all(root_ / "expected");
        const fs::path source = source_subfolder.empty() ? root_ : root_ / source_subfolder;
        const ProcessResult configured = run(
            {MLAB_CMAKE_COMMAND, "-S", source.string(), "-B", build().string(), "-G", MLAB_CMAKE_GENERATOR});
        ASSERT_TRUE(configured.succeeded()) << configured.standard_output << configured.standard_error;
        before_ = snapshot(root_, build());
    }

    void TearDown() override {
        if (!root_.empty()) {
            EXPECT_TRUE(snapshot(root_, build()) == before_) << "the source tree of " << name_ << " changed";
        }
        std::error_code ignored;
        fs::remove_all(temp_, ignored);
    }

    ProcessResult mutator(std::vector<std::string> args) const {
        args.insert(args.begin(), MLAB_MUTATOR_BIN);
        return run(args, root_);
    }

    /// Builds the user's own build folder, as a user has before running the tools.
    void build_it() const {
        const ProcessResult built = run({MLAB_CMAKE_COMMAND, "--build", build().string()});
        ASSERT_TRUE(built.succeeded()) << built.standard_output << built.standard_error;
    }

    fs::path root() const { return root_; }
    fs::path build() const { return root_ / "build"; }
    fs::path temp() const { return temp_; }

  private:
    std::string name_;
    fs::path temp_;
    fs::path root_;
    std::map<std::string, std::string> before_;
};

/// One line on stderr, exit code 2: how every tool reports bad input.
inline void expect_input_error(const ProcessResult& result, const std::string& fragment) {
    EXPECT_EQ(result.exit_code, 2) << result.standard_error;
    EXPECT_NE(result.standard_error.find(fragment), std::string::npos) << result.standard_error;
    EXPECT_EQ(std::count(result.standard_error.begin(), result.standard_error.end(), '\n'), 1)
        << result.standard_error;
}

}  // namespace mlab::cli_testing
