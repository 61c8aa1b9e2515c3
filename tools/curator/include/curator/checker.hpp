#pragma once
// A lab's checker.json (written by `mutator lab`, see docs/lab.md): the curated files, the curation
// minimums, and the tests that must stay in the project.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "curator/review.hpp"

namespace curator {

struct LabChecker {
    std::vector<std::filesystem::path> files;  // as written: relative to the project's root
    std::optional<unsigned> min_kept, min_discarded;
    std::vector<std::string> required_tests;
};

/// Reads `path`; throws mlab::InputError naming it when it is not a lab checker.
LabChecker read_lab_checker(const std::filesystem::path& path);

/// `files` when given, else the files `checker_path` names (read with read_lab_checker when it is not
/// empty). Throws mlab::InputError when that leaves no file: "give the reviewed test files to `what`".
std::vector<std::filesystem::path> files_or_checkers(const std::vector<std::filesystem::path>& files,
                                                     const std::filesystem::path& checker_path,
                                                     const std::string& what);

/// One violation (at `checker`, line 1) per required test CTest does not list in `build_dir`. Throws
/// mlab::InputError when ctest cannot list the build's tests.
std::vector<Violation> missing_required_tests(const std::filesystem::path& checker,
                                              const std::vector<std::string>& required,
                                              const std::filesystem::path& build_dir);

}  // namespace curator
