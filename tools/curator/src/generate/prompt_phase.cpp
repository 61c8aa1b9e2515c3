// `curator generate`'s prompts: the values every template may use (the code under test, the existing
// tests, their naming convention, the GoogleTest version, the lines they do not run) and the survivors a
// round aims at.

#include <regex>
#include <set>

#include <fmt/format.h>

#include "generate/phases.hpp"
#include "mlab/common/text.hpp"

namespace curator::generate_phases {
namespace fs = std::filesystem;

namespace {

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

/// The files' paths joined, and their texts (each under `// file: PATH` when there are several).
std::pair<std::string, std::string> files_text(const std::vector<fs::path>& files,
                                               const std::vector<std::string>& texts, const fs::path& root) {
    std::string paths, text;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const std::string shown = shown_path(files[f], root);
        paths += (paths.empty() ? "" : ", ") + shown;
        text += files.size() == 1 ? texts[f]
                                  : fmt::format("{}// file: {}\n{}", f == 0 ? "" : "\n", shown, texts[f]);
    }
    return {paths, text};
}

}  // namespace

std::string uncovered_text(const GenerateOptions& options, const Inputs& inputs, const Groundwork& ground) {
    if (!ground.coverage.measured) {
        return ground.coverage.notes.empty() ? "(not measured: --no-coverage)"
                                             : "(not known: " + ground.coverage.notes.front() + ")";
    }
    std::string text;
    for (std::size_t s = 0; s < ground.coverage.sources.size(); ++s) {
        const SourceCoverage& source = ground.coverage.sources[s];
        const std::vector<std::string_view> lines = mlab::split_lines(inputs.source_texts[s]);
        std::string missed;
        std::size_t count = 0;
        for (const unsigned line : source.missed) {
            if (line >= 1 && line <= lines.size()) {
                missed += fmt::format("{:>5}  {}\n", line, lines[line - 1]);
                ++count;
            }
        }
        text += fmt::format("{}{}: {}\n{}", text.empty() ? "" : "\n",
                            shown_path(options.sources[s], ground.project.source_dir()),
                            count == 0 ? "the existing tests run every line"
                                       : fmt::format("{} line{} the existing tests do not run:", count,
                                                     count == 1 ? "" : "s"),
                            missed);
    }
    return text;
}

std::string survivors_text(const std::vector<const mlab::MutantView*>& mutants) {
    if (mutants.empty()) {
        return "(none: every mutant is detected)";
    }
    std::string text;
    for (const mlab::MutantView* mutant : mutants) {
        const char* why = mutant->status == mlab::MutantStatus::NoCoverage
                              ? "no test runs this line"
                              : "the tests run this line, but none fails with the change";
        text += fmt::format("- {} ({}): `{}` -> `{}`\n", mutant_label(*mutant), why, mutant->line_before,
                            mutant->line_after);
    }
    return text;
}

std::map<std::string, std::string> prompt_values(const GenerateOptions& options, const Inputs& inputs,
                                                 const Groundwork& ground) {
    const fs::path& root = ground.project.source_dir();
    const auto [source_paths, sources] = files_text(options.sources, inputs.source_texts, root);
    const auto [header_paths, headers] = files_text(options.headers, inputs.header_texts, root);
    return {{"source_path", source_paths},
            {"source", sources},
            {"header_path", header_paths},
            {"header", headers},
            {"tests_path", shown_path(options.tests, root)},
            {"existing_tests", inputs.existing_text},
            {"count", std::to_string(options.count)},
            {"naming", naming_convention(ground.existing)},
            {"gtest_version", ground.gtest_version},
            {"uncovered_lines", uncovered_text(options, inputs, ground)},
            {"survivors", ""},
            {"broken_tests", ""}};
}

}  // namespace curator::generate_phases
