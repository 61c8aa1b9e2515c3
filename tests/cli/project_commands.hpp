#pragma once
// The commands the lab and documentation tests run on a project: configure, build, ctest, and a command in a
// folder with no LLM settings from the machine and a fixed git identity.

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace mlab::cli_testing {

inline std::string ctest_command() {
    return (fs::path(MLAB_CMAKE_COMMAND).parent_path() / "ctest").string();
}

/// A command run in `cwd`, with no LLM settings from the machine and a fixed git identity.
inline ProcessResult run_in(const fs::path& cwd, const std::vector<std::string>& argv) {
    ProcessOptions options;
    options.working_directory = cwd;
    options.timeout = std::chrono::minutes(15);
    for (const char* name :
         {"CURATOR_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CURATOR_PROVIDER", "CURATOR_MODEL",
          "CURATOR_BASE_URL", "CURATOR_KEY_FILE", "CURATOR_PROMPTS_DIR"}) {
        options.environment[name] = "";
    }
    options.environment["GIT_AUTHOR_NAME"] = options.environment["GIT_COMMITTER_NAME"] = "Student";
    options.environment["GIT_AUTHOR_EMAIL"] = options.environment["GIT_COMMITTER_EMAIL"] =
        "student@localhost";
    options.environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
    return run_process(argv, options);
}

inline std::string output_of(const ProcessResult& result) {
    return result.standard_output + result.standard_error;
}

inline void configure(const fs::path& source, const fs::path& build) {
    const ProcessResult configured =
        run({MLAB_CMAKE_COMMAND, "-S", source.string(), "-B", build.string(), "-G", MLAB_CMAKE_GENERATOR});
    ASSERT_TRUE(configured.succeeded()) << output_of(configured);
}

inline void build(const fs::path& build_dir) {
    const ProcessResult built =
        run_in(build_dir, {MLAB_CMAKE_COMMAND, "--build", build_dir.string(), "-j", "2"});
    ASSERT_TRUE(built.succeeded()) << output_of(built);
}

/// ctest in `build_dir` with `args`; the names of the tests it reports failed (or timed out).
inline std::set<std::string> failed_tests(const ProcessResult& ctest) {
    std::set<std::string> failed;
    static const std::regex kFailed(R"(\d+ - (.+?) \((Failed|Timeout|SEGFAULT|Subprocess aborted)\))");
    for (auto it = std::sregex_iterator(ctest.standard_output.begin(), ctest.standard_output.end(), kFailed);
         it != std::sregex_iterator(); ++it) {
        failed.insert((*it)[1].str());
    }
    return failed;
}

inline ProcessResult ctest(const fs::path& build_dir, std::vector<std::string> args) {
    args.insert(args.begin(),
                {ctest_command(), "--test-dir", build_dir.string(), "--output-on-failure", "-j", "2"});
    return run_in(build_dir, args);
}

inline void replace_in_file(const fs::path& path, const std::string& from, const std::string& to) {
    std::string text = read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " is not in " << path;
    text.replace(at, from.size(), to);
    write_file_atomic(path, text);
}

inline void append_to_file(const fs::path& path, const std::string& text) {
    write_file_atomic(path, read_file(path) + text);
}

}  // namespace mlab::cli_testing
