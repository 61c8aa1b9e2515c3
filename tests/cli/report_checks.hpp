#pragma once
// Checks of mutator's reports by outside tools: the official JSON Schema (through Ajv in Node) and
// Debian's headless Chromium (through playwright-core), both installed from the repository's package.json.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace mlab::cli_testing {

/// The report at `path` is valid against mutation-testing-report-schema's JSON Schema.
inline void expect_valid_report(const std::filesystem::path& path) {
    const ProcessResult result =
        run({MLAB_NODE, std::string(MLAB_SOURCE_DIR) + "/tests/schema/validate-report.mjs", path.string()});
    EXPECT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
}

/// The facts one of tests/browser/inspect-*.mjs gathered in Chromium about a page.
inline nlohmann::json inspect_page(const std::string& script, const std::vector<std::string>& args) {
    std::vector<std::string> argv{MLAB_NODE, std::string(MLAB_SOURCE_DIR) + "/tests/browser/" + script};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = run(argv);
    EXPECT_EQ(result.exit_code, 0) << result.standard_error;
    try {
        return nlohmann::json::parse(result.standard_output);
    } catch (const nlohmann::json::exception& error) {
        ADD_FAILURE() << script << " printed no JSON: " << error.what() << "\n" << result.standard_error;
        return nlohmann::json::object();
    }
}

}  // namespace mlab::cli_testing
