#pragma once
// mutator run, phase 4: the tests, the same list as the user's build, gtest programs opened up, each test
// located in its source.

#include <string>
#include <vector>

#include "mutator/mutant_build.hpp"
#include "mutator/project.hpp"
#include "mutator/run.hpp"
#include "mutator/test_suite.hpp"

namespace mutator {

struct TestsOptions {
    std::string test_label;    // only the tests that carry it
    std::string test_command;  // instead of the tests CTest lists: one test, this shell command
};

/// The tests CTest lists in the user's build (none when it lists none or cannot list them). Throws
/// mlab::InputError for a --test-label no test carries.
std::vector<TestCase> users_tests(const Project& project, const TestsOptions& options);

/// The mutant build must list every test of the user's build: fewer means a test lost what it needs in the
/// copy (a file outside the mirrored folder, a generated file), and a score over the rest would not be the
/// project's. Throws mlab::InputError naming the missing tests.
void check_same_tests(const std::vector<TestCase>& user_tests, const std::vector<TestCase>& mirror_tests,
                      const Project& project);

/// The tests the mutants run against, as the mutant build lists them.
std::vector<TestCase> find_tests(const Project& project, const MutantBuild& build,
                                 const TestsOptions& options, const std::vector<TestCase>& user_tests,
                                 RunObserver& observer);

}  // namespace mutator
