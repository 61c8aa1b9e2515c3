#pragma once
// What `mutator run` knows of GoogleTest programs: which CTest tests are single TESTs of one program that
// can share a process (gtest_discover_tests registers one CTest test per TEST), how a program registered
// as one CTest test is opened up into its TESTs, and how a batch run's verdicts are read back per TEST.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mutator/test_suite.hpp"

namespace mutator {

/// The TEST names `--gtest_list_tests` prints ("Suite.Name", "Prefix/Suite.Name/0", "Suite/0.Name"), in
/// order; comments (`# GetParam() = 3`) and lines that are not part of the list are left out.
std::vector<std::string> parse_gtest_list(const std::string& output);

/// Marks the tests that are one gtest TEST each (a command with one `--gtest_filter=Suite.Name`): sets
/// gtest_name, and batch_key when CTest judges the test by its exit code alone (no WILL_FAIL, no PASS or
/// FAIL regular expression, no RUN_SERIAL, RESOURCE_LOCK, PROCESSORS or FIXTURES_*) so that several may share
/// one process. Tests with one batch key run the same program the same way (arguments, folder, environment).
void mark_gtest_tests(std::vector<TestCase>& tests);

/// Replaces each CTest test that runs a whole gtest program (no --gtest_filter; the program answers
/// `--gtest_list_tests`) with one test per TEST it lists, named "Suite.Name" (prefixed "ctest-name:" when
/// two programs hold one name), so the kill matrix is per TEST. Returns the names of the CTest tests it
/// opened up.
std::vector<std::string> open_up_gtest_programs(std::vector<TestCase>& tests);

/// The command that runs these TESTs of one batch (all with one batch_key) in one process, writing gtest's
/// JSON report to `json_file`.
std::vector<std::string> batch_command(const TestCase& first, const std::vector<std::string>& gtest_names,
                                       const std::string& json_file);

/// Splits TEST names into groups whose --gtest_filter stays under Linux's limit for one argument.
std::vector<std::vector<std::size_t>> filter_chunks(const std::vector<std::string>& gtest_names);

/// Per-TEST verdicts of a batch run, by gtest name: from the JSON report when the process ended by
/// itself, else from the `[ RUN ]` / `[ OK ]` / `[ FAILED ]` lines it printed before it crashed or was
/// stopped. `in_flight`: the TEST that had started and not finished (the one to blame for a crash).
struct BatchVerdicts {
    std::map<std::string, TestOutcome> judged;
    std::optional<std::string> in_flight;
};
BatchVerdicts read_batch_verdicts(const std::string& json_text, const std::string& output);

}  // namespace mutator
