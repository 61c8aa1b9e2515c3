#pragma once
// The tests a mutant runs against: discovered from CTest (`ctest --show-only=json-v1`), each with its own
// command, working directory, environment and labels, and judged as CTest would judge it.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlab/common/process.hpp"

namespace mutator {

/// One CTest test: for a gtest suite registered with gtest_discover_tests, one TEST.
struct TestCase {
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
    // A single gtest TEST (see gtest_program.hpp): its gtest name, and when it may share a process with
    // other TESTs of its program, the key those TESTs share.
    std::string gtest_name;
    std::string batch_key;
    // Where the test is written, when a TEST/TEST_F/TEST_P of that name is found in the project.
    std::string source_file;  // root-relative
    unsigned source_line = 0;
};

/// Parses the JSON that `ctest --show-only=json-v1` prints. Disabled tests and tests without a command
/// are left out. Throws mlab::InputError when the text is not that JSON.
std::vector<TestCase> parse_ctest_json(const std::string& json_text);

/// Runs `ctest --show-only=json-v1` in `build_dir` and parses it; throws mlab::InputError when ctest fails.
std::vector<TestCase> discover_ctest_tests(const std::filesystem::path& build_dir);

/// Keeps the tests that carry `label` (every test when it is empty).
std::vector<TestCase> tests_with_label(std::vector<TestCase> tests, const std::string& label);

/// How one run of a test ended, from the mutant's side.
enum class TestVerdict { Passed, Failed, Crashed, TimedOut, NotRun };

struct TestOutcome {
    TestVerdict verdict = TestVerdict::NotRun;
    std::string reason;  // "exit code 1: <first failure line>", "signal 11 (SIGSEGV)", ...
    std::chrono::milliseconds duration{0};
};

/// The line of a test's output a reader wants first: gtest's "file:line: Failure" and the line after it
/// (as "file:line: <line>"), else (with or_last_line) the last line that is not blank.
std::string failure_excerpt(const std::string& output, bool or_last_line = true);

/// Judges a finished process as CTest would: exit code, WILL_FAIL, PASS/FAIL/SKIP regular expressions.
TestOutcome judge_test(const TestCase& test, const mlab::ProcessResult& result);

/// Finds each test's TEST / TEST_F / TEST_P / TYPED_TEST in `sources` (root-relative paths) by its gtest
/// name (`Suite.Name`, with any `Prefix/` and `/N` parameters stripped), and fills source_file/line.
void locate_tests(std::vector<TestCase>& tests, const std::filesystem::path& root,
                  const std::vector<std::string>& sources);

}  // namespace mutator
