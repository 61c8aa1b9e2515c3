// Where the funnel runs tests: in the folder and with the environment CTest gives the test program's
// tests, since real test programs read their data relative to it (`testdata/...`, `../data`).

#include <fmt/format.h>

#include "curator/funnel.hpp"
#include "mlab/common/ctest.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/project_copy.hpp"

namespace curator {
namespace fs = std::filesystem;

namespace {

/// Where `program` is in `test`'s command (the first word, or after a wrapper); npos when it is not.
std::size_t program_at(const mlab::CTestTest& test, const fs::path& program) {
    for (std::size_t i = 0; i < test.command.size(); ++i) {
        if (mlab::canonical_or_same(test.command[i]) == program) {
            return i;
        }
    }
    return std::string::npos;
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
    const fs::path program = mlab::canonical_or_same(target.artifact);
    for (const mlab::CTestTest& test : tests) {
        const std::size_t at = program_at(test, program);
        if (at == std::string::npos) {
            continue;
        }
        place.environment = test.environment;
        place.serial = test.run_serial || !test.resource_locks.empty();
        for (std::size_t i = at + 1; i < test.command.size(); ++i) {
            if (!mlab::is_gtest_selection_argument(test.command[i])) {
                place.arguments.push_back(test.command[i]);
            }
        }
        place.origin = "CTest's folder for " + test.name;
        if (at > 0) {  // the wrapper itself (valgrind, an emulator, a script) is not run
            place.origin += fmt::format(", without its wrapper {}", test.command.front());
        }
        if (!test.working_directory.empty()) {
            place.directory = test.working_directory;
        }
        break;
    }
    if (place.directory.empty()) {
        return place;
    }
    place.directory = mlab::canonical_or_same(place.directory);  // the project's folders are canonical
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
