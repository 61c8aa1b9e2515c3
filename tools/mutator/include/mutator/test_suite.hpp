#pragma once
// The tests a mutant runs against: CTest's tests (mlab/common/ctest.hpp), each found at its TEST line.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlab/common/ctest.hpp"

namespace mutator {

/// One CTest test, and what the mutator learns of it: for a gtest suite registered with
/// gtest_discover_tests, one TEST.
struct TestCase : mlab::CTestTest {
    // A single gtest TEST (see gtest_program.hpp): its gtest name, and when it may share a process with
    // other TESTs of its program, the key those TESTs share.
    std::string gtest_name;
    std::string batch_key;
    // Where the test is written, when a TEST/TEST_F/TEST_P of that name is found in the project.
    std::string source_file;  // root-relative
    unsigned source_line = 0;
};

using mlab::failure_excerpt;
using mlab::judge_test;
using mlab::TestOutcome;
using mlab::TestVerdict;

/// Parses the JSON that `ctest --show-only=json-v1` prints (mlab::parse_ctest_json).
std::vector<TestCase> parse_ctest_json(const std::string& json_text);

/// The tests CTest lists in `build_dir` (mlab::list_ctest_tests); throws mlab::InputError when ctest fails.
std::vector<TestCase> discover_ctest_tests(const std::filesystem::path& build_dir);

/// Keeps the tests that carry `label` (every test when it is empty).
inline std::vector<TestCase> tests_with_label(std::vector<TestCase> tests, const std::string& label) {
    return mlab::tests_with_label(std::move(tests), label);
}

/// Finds each test's TEST / TEST_F / TEST_P / TYPED_TEST in `sources` (root-relative paths) by its gtest
/// name (`Suite.Name`, with any `Prefix/` and `/N` parameters stripped), and fills source_file/line.
void locate_tests(std::vector<TestCase>& tests, const std::filesystem::path& root,
                  const std::vector<std::string>& sources);

}  // namespace mutator
