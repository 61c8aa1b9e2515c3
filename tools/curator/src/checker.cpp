#include "curator/checker.hpp"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/ctest.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"

namespace curator {

LabChecker read_lab_checker(const std::filesystem::path& path) {
    const auto bad = [&](const std::string& what) {
        return mlab::InputError(fmt::format("{}: {}", path.string(), what));
    };
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(mlab::read_file(path));
    } catch (const nlohmann::json::parse_error& error) {
        throw bad(fmt::format("not JSON ({})", error.what()));
    }
    if (!json.is_object() || json.value("checker", "") != "mutation-lab") {
        throw bad("not a lab checker (\"checker\": \"mutation-lab\", written by mutator lab)");
    }
    LabChecker checker;
    try {
        if (const auto curation = json.find("curation"); curation != json.end()) {
            for (const std::string& file : curation->value("files", std::vector<std::string>{})) {
                checker.files.emplace_back(file);
            }
            if (curation->contains("minKept")) {
                checker.min_kept = curation->at("minKept").get<unsigned>();
            }
            if (curation->contains("minDiscarded")) {
                checker.min_discarded = curation->at("minDiscarded").get<unsigned>();
            }
        }
        if (const auto tests = json.find("tests"); tests != json.end()) {
            checker.required_tests = tests->value("required", std::vector<std::string>{});
        }
    } catch (const nlohmann::json::exception& error) {
        throw bad(fmt::format("unexpected value ({})", error.what()));
    }
    return checker;
}

// The required tests CTest does not list in the build.
std::vector<std::filesystem::path> files_or_checkers(const std::vector<std::filesystem::path>& files,
                                                     const std::filesystem::path& checker_path,
                                                     const std::string& what) {
    if (!files.empty()) {
        return files;
    }
    if (checker_path.empty()) {
        throw mlab::InputError("give the reviewed test files to " + what);
    }
    std::vector<std::filesystem::path> named = read_lab_checker(checker_path).files;
    if (named.empty()) {
        throw mlab::InputError(checker_path.string() + ": names no curated file");
    }
    return named;
}

std::vector<Violation> missing_required_tests(const std::filesystem::path& checker,
                                              const std::vector<std::string>& required,
                                              const std::filesystem::path& build_dir) {
    std::set<std::string> names;
    for (const mlab::CTestTest& test : mlab::list_ctest_tests(build_dir)) {
        names.insert(test.name);
    }
    std::vector<Violation> violations;
    for (const std::string& name : required) {
        if (names.count(name) == 0) {
            violations.push_back({checker, 1,
                                  fmt::format("the required test {} is not among the {} tests of {}", name,
                                              names.size(), build_dir.string())});
        }
    }
    return violations;
}

}  // namespace curator
