// mutator lab, verify: the starter copy configures, builds and passes its tests with the bugs in.

#include <algorithm>

#include <fmt/format.h>

#include "mlab/common/cmake_build.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/text.hpp"
#include "phases.hpp"

namespace mutator {
namespace fs = std::filesystem;

namespace {

// The names of the tests a failed `ctest` run lists as failed or timed out.
std::vector<std::string> failed_tests(const std::string& ctest_output) {
    std::vector<std::string> failed;
    for (const std::string_view line : mlab::split_lines(ctest_output)) {
        const std::string text = mlab::trim(std::string(line));
        if (const auto dash = text.find(" - ");
            text.find("(Failed)") != std::string::npos || text.find("(Timeout)") != std::string::npos) {
            failed.push_back(mlab::trim(text.substr(dash == std::string::npos ? 0 : dash + 3)));
        }
    }
    return failed;
}

}  // namespace

void configure_and_build(const LabOutput& output, const fs::path& starter, const fs::path& build) {
    run_checked(
        mlab::configure_copy_command({output.user_build_dir, output.source_dir, starter, build, {}, {}}), {},
        "configuring the starter project");
    run_checked(mlab::build_command({build, {}, output.jobs, false, std::chrono::hours(1), nullptr}), {},
                "building the starter project");
}

LabVerification verify_starter(const std::vector<std::string>& starter_tests, const LabOutput& output,
                               const fs::path& starter, const std::function<void(std::string_view)>& note) {
    LabVerification verification;
    const fs::path build = output.work_dir / "verify";
    std::error_code ignored;
    fs::remove_all(build, ignored);
    fs::create_directories(build);
    note("verify: configuring and building the starter project with the bugs in");
    configure_and_build(output, starter, build);
    for (const TestCase& test : discover_ctest_tests(build)) {
        verification.tests.push_back(test.name);
    }
    std::vector<std::string> missing;
    for (const std::string& name : starter_tests) {
        if (std::find(verification.tests.begin(), verification.tests.end(), name) ==
            verification.tests.end()) {
            missing.push_back(name);
        }
    }
    if (!missing.empty()) {
        throw mlab::InputError(
            fmt::format("the starter project lost {} of its tests ({}): does its CMake skip "
                        "a test target whose source file the lab left out? (docs/lab.md)",
                        missing.size(), joined(missing)));
    }
    note(fmt::format("verify: running the starter project's {} tests", verification.tests.size()));
    mlab::ProcessOptions options;
    options.timeout = std::chrono::hours(1);
    const mlab::ProcessResult tests = mlab::run_process(
        {"ctest", "--test-dir", build.string(), "-j", std::to_string(std::max(1U, output.jobs))}, options);
    if (!tests.succeeded()) {
        const std::vector<std::string> failed = failed_tests(tests.standard_output);
        throw mlab::InputError(fmt::format(
            "the starter project's tests fail with the bugs in ({}): the bugs interact; try another --seed",
            failed.empty() ? "see ctest in " + build.string() : joined(failed)));
    }
    verification.ran = true;
    fs::remove_all(build, ignored);
    return verification;
}

}  // namespace mutator
