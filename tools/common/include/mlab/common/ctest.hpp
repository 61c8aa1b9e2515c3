#pragma once
// CTest's tests as CTest sees them: listed from a build folder (`ctest --show-only=json-v1`), each with its
// command, folder, environment and properties, and a finished run judged as CTest would judge it.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlab/common/process.hpp"

namespace mlab {

/// One CTest test: for a gtest suite registered with gtest_discover_tests, one TEST.
struct CTestTest {
    std::string name;
    std::vector<std::string> command;
    std::filesystem::path working_directory;
    std::map<std::string, std::string> environment;
    std::vector<std::string> labels;
    std::optional<std::chrono::milliseconds> timeout;  // CTest's TIMEOUT property
    bool will_fail = false;
    std::vector<std::string> pass_patterns;  // PASS_REGULAR_EXPRESSION
    std::vector<std::string> fail_patterns;  // FAIL_REGULAR_EXPRESSION
    std::vector<std::string> skip_patterns;  // SKIP_REGULAR_EXPRESSION
    // How CTest lets it run beside others: RUN_SERIAL (alone), RESOURCE_LOCK (never two holders of one
    // name at once), PROCESSORS (job slots it takes).
    bool run_serial = false;
    std::vector<std::string> resource_locks;
    unsigned processors = 1;
    bool fixtures = false;  // takes part in a CTest fixture (FIXTURES_SETUP, _REQUIRED or _CLEANUP)
};

/// Parses the JSON that `ctest --show-only=json-v1` prints. Disabled tests and tests without a command
/// are left out. Throws InputError when the text is not that JSON.
std::vector<CTestTest> parse_ctest_json(const std::string& json_text);

/// Runs `ctest --show-only=json-v1` in `build_dir` and parses it; throws InputError naming the folder when
/// ctest cannot list its tests.
std::vector<CTestTest> list_ctest_tests(const std::filesystem::path& build_dir);

/// Keeps the tests that carry `label` (every test when it is empty).
template <typename Test>
std::vector<Test> tests_with_label(std::vector<Test> tests, const std::string& label) {
    if (!label.empty()) {
        std::erase_if(tests, [&](const Test& test) {
            return std::find(test.labels.begin(), test.labels.end(), label) == test.labels.end();
        });
    }
    return tests;
}

/// How one run of a test ended, from the mutant's side.
enum class TestVerdict { Passed, Failed, Crashed, TimedOut, NotRun };

struct TestOutcome {
    TestVerdict verdict = TestVerdict::NotRun;
    std::string reason;  // "exit code 1: <first failure line>", "signal 11 (SIGSEGV)", ...
    std::chrono::milliseconds duration{0};
};

/// "signal 11 (SIGSEGV)".
std::string signal_name(int signal);

/// The line of a test's output a reader wants first: gtest's "file:line: Failure" and the line after it
/// (as "file:line: <line>"), else (with or_last_line) the last line that is not blank.
std::string failure_excerpt(const std::string& output, bool or_last_line = true);

/// Whether `argument` of a test's command chooses which gtest TESTs run or where gtest writes its report
/// (`--gtest_filter=`, `--gtest_output=`): the arguments a tool running TESTs of its own choice replaces.
inline bool is_gtest_selection_argument(std::string_view argument) {
    return argument.starts_with("--gtest_filter=") || argument.starts_with("--gtest_output=");
}

/// A gtest failure's whole message (the lines after "...: Failure" up to the test's end), folded to one
/// line of at most `width` characters; else a line that names an exception or a failure; else "".
std::string gtest_failure_message(const std::string& output, std::size_t width = 200);

/// Judges a finished process as CTest would: exit code, WILL_FAIL, PASS/FAIL/SKIP regular expressions.
/// A default CTestTest judges by the exit code alone.
TestOutcome judge_test(const CTestTest& test, const ProcessResult& result);

}  // namespace mlab
