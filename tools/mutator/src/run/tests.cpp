// mutator run, phase 4: tests.

#include "tests.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"
#include "mutator/gtest_program.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

// The message for a label no test carries.
std::string unknown_label(const std::string& label) {
    return fmt::format("--test-label '{}': no test carries this label (see ctest --print-labels)", label);
}

// CTest's placeholder for a gtest program not built yet (gtest_discover_tests before the first build).
bool placeholder_test(const TestCase& test) {
    return test.name.ends_with("_NOT_BUILT");
}

// The project's sources, relative to its root: where locate_tests looks for the tests.
std::vector<std::string> root_relative_sources(const Project& project) {
    std::vector<std::string> sources;
    for (const std::string& source : project.sources()) {
        if (const std::optional<fs::path> relative = mlab::relative_inside(source, project.root())) {
            sources.push_back(relative->string());
        }
    }
    return sources;
}

}  // namespace

std::vector<TestCase> users_tests(const Project& project, const TestsOptions& options) {
    if (!options.test_command.empty()) {
        return {};
    }
    std::vector<TestCase> tests;
    try {
        tests = discover_ctest_tests(project.build_dir());
    } catch (const mlab::InputError&) {
        return {};  // the mutant build's own list decides
    }
    std::erase_if(tests, placeholder_test);
    if (!options.test_label.empty() && !tests.empty() &&
        tests_with_label(tests, options.test_label).empty()) {
        throw mlab::InputError(unknown_label(options.test_label));
    }
    return tests;
}

void check_same_tests(const std::vector<TestCase>& user_tests, const std::vector<TestCase>& mirror_tests,
                      const Project& project) {
    // A value-parameterized test that prints a pointer into its name (0x7ffd...) is named anew by every
    // build: addresses do not count.
    static const std::regex kAddress("0x[0-9a-fA-F]+");
    const auto comparable = [](const std::string& name) { return std::regex_replace(name, kAddress, "0x?"); };
    std::set<std::string> mirrored;
    for (const TestCase& test : mirror_tests) {
        mirrored.insert(comparable(test.name));
    }
    std::vector<std::string> missing;
    for (const TestCase& test : user_tests) {
        if (mirrored.count(comparable(test.name)) == 0) {
            missing.push_back("'" + test.name + "'");
        }
    }
    if (missing.empty()) {
        return;
    }
    const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
    std::string names;
    for (std::size_t i = 0; i < shown; ++i) {
        names += (i > 0 ? ", " : "") + missing[i];
    }
    if (missing.size() > shown) {
        names += fmt::format(" and {} more", missing.size() - shown);
    }
    throw mlab::InputError(fmt::format(
        "self-check failed: the mutant build lists {} tests, {} lists {}; missing: {} (does a test need "
        "files outside {}? pass --root; or was the build folder built from older sources? rebuild it)",
        mirror_tests.size(), project.build_dir().string(), user_tests.size(), names,
        project.repository_root().string()));
}

std::vector<TestCase> find_tests(const Project& project, const MutantBuild& build,
                                 const TestsOptions& options, const std::vector<TestCase>& user_tests,
                                 RunObserver& observer) {
    std::vector<TestCase> tests;
    if (!options.test_command.empty()) {
        TestCase test;
        test.name = "test-command";
        test.command = {"sh", "-c", options.test_command};
        test.working_directory = build.mirror_dir();
        tests.push_back(test);
        return tests;
    }
    std::vector<TestCase> all = discover_ctest_tests(build.build_dir());
    std::erase_if(all, placeholder_test);
    check_same_tests(user_tests, all, project);
    tests = tests_with_label(std::move(all), options.test_label);
    if (tests.empty()) {
        throw mlab::InputError(
            options.test_label.empty()
                ? fmt::format("no tests: ctest lists none in {} (is enable_testing() called?)",
                              project.build_dir().string())
                : unknown_label(options.test_label));
    }
    // gtest programs registered as one CTest test each are opened up: their TESTs are the tests.
    mark_gtest_tests(tests);
    if (const std::vector<std::string> opened = open_up_gtest_programs(tests); !opened.empty()) {
        observer.note(fmt::format(
            "{} gtest programs registered as one CTest test each ({}) are run and "
            "reported per TEST: {} tests",
            opened.size(), mlab::shorten(fmt::format("{}", fmt::join(opened, ", ")), 120), tests.size()));
    }
    locate_tests(tests, project.root(), root_relative_sources(project));
    return tests;
}

}  // namespace mutator
