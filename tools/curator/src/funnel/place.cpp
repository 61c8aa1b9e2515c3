// Where the funnel runs tests: in the folder and with the environment CTest gives the test program's
// tests, since real test programs read their data relative to it (`testdata/...`, `../data`).

#include <algorithm>

#include <fmt/format.h>

#include "curator/funnel.hpp"
#include "mlab/common/ctest.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/project_copy.hpp"

namespace curator {
namespace fs = std::filesystem;

namespace {

/// The first CTest test whose command runs `program`; nullptr when none does.
const mlab::CTestTest* test_running(const std::vector<mlab::CTestTest>& tests, const fs::path& program) {
    const fs::path wanted = mlab::canonical_or_same(program);
    const auto found = std::find_if(tests.begin(), tests.end(), [&](const mlab::CTestTest& test) {
        return !test.command.empty() && mlab::canonical_or_same(test.command.front()) == wanted;
    });
    return found == tests.end() ? nullptr : &*found;
}

}  // namespace

TestPlace find_test_place(const CMakeProject& project, const TargetOfFile& target, const fs::path& copy_dir) {
    TestPlace place;
    place.directory = target.binary_directory;
    place.origin = "the test program's build folder (no CTest test runs it)";
    std::vector<mlab::CTestTest> tests;
    try {
        tests = mlab::list_ctest_tests(project.build_dir());
    } catch (const std::exception&) {
        // No CTest tests: the build folder, as above.
    }
    if (const mlab::CTestTest* test = test_running(tests, target.artifact)) {
        place.environment = test->environment;
        place.origin = "CTest's folder for " + test->name;
        if (!test->working_directory.empty()) {
            place.directory = test->working_directory;
        }
    }
    if (place.directory.empty()) {
        return place;
    }
    const std::optional<fs::path> inside = mlab::relative_inside(place.directory, project.source_dir());
    if (inside && !mlab::is_inside(place.directory, project.build_dir())) {
        mlab::TreeCopy rules;
        rules.skipped_folders = {project.build_dir()};
        mlab::sync_tree(project.source_dir(), copy_dir, rules);
        place.origin += fmt::format(", in curator's copy of the source tree ({})", copy_dir.string());
        place.directory = inside->empty() || *inside == "." ? copy_dir : copy_dir / *inside;
    }
    return place;
}

}  // namespace curator
