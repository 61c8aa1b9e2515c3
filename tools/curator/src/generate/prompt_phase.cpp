// `curator generate`'s first phase: the prompt, a template filled with the code under test, the existing
// tests, their naming convention and the GoogleTest version the build found.

#include "generate/phases.hpp"

#include <regex>
#include <set>

#include <fmt/format.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/files.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

/// The GoogleTest version the build found, from its package's version file.
std::string gtest_version(const fs::path& build_dir) {
    const std::string dir = mlab::cmake_cache_value(build_dir, "GTest_DIR");
    for (const char* name : {"GTestConfigVersion.cmake", "gtest-config-version.cmake"}) {
        const fs::path file = fs::path(dir) / name;
        if (!dir.empty() && fs::exists(file)) {
            static const std::regex kVersion(R"(set\(PACKAGE_VERSION "([^"]+)\"\))");
            std::smatch match;
            const std::string text = mlab::read_file(file);
            if (std::regex_search(text, match, kVersion)) {
                return match[1].str();
            }
        }
    }
    return "1.x (version not found in the build)";
}

std::string naming_convention(const std::vector<ExtractedTest>& existing) {
    if (existing.empty()) {
        return "TEST(SuiteName, TestName) with CamelCase names that say the behaviour under test";
    }
    std::set<std::string> suites;
    for (const ExtractedTest& test : existing) {
        suites.insert(test.suite);
    }
    std::string suite_list;
    for (const std::string& suite : suites) {
        suite_list += (suite_list.empty() ? "" : ", ") + suite;
    }
    return fmt::format(
        "{}(Suite, Name) with CamelCase names that say the behaviour, like {}.{}; the existing "
        "suites are {}",
        existing.front().macro, existing.front().suite, existing.front().name, suite_list);
}

}  // namespace

PromptPhase prompt_phase(const GenerateOptions& options, const Inputs& inputs, const CMakeProject& project) {
    PromptPhase phase;
    phase.prompt_template =
        load_template(options.prompt.empty() ? options.prompts_dir / "generate-gtest.txt" : options.prompt);
    phase.existing = list_tests(inputs.existing_text);
    const fs::path& root = project.source_dir();
    phase.prompt = render(phase.prompt_template,
                          {{"source_path", shown_path(options.source, root)},
                           {"source", inputs.source_text},
                           {"header_path", options.header.empty() ? "" : shown_path(options.header, root)},
                           {"header", inputs.header_text},
                           {"tests_path", shown_path(options.tests, root)},
                           {"existing_tests", inputs.existing_text},
                           {"count", std::to_string(options.count)},
                           {"naming", naming_convention(phase.existing)},
                           {"gtest_version", gtest_version(project.build_dir())}});
    return phase;
}

}  // namespace curator::generate_phases
