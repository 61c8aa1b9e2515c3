#include "mlab/common/ctest.hpp"

#include <csignal>
#include <cstring>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/errors.hpp"
#include "mlab/common/text.hpp"

namespace mlab {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> string_list(const nlohmann::json& value) {
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const nlohmann::json& item : value) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    } else if (value.is_string()) {
        out.push_back(value.get<std::string>());
    }
    return out;
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& output) {
    for (const std::string& pattern : patterns) {
        try {
            if (std::regex_search(output, std::regex(pattern))) {
                return true;
            }
        } catch (const std::regex_error&) {
            if (output.find(pattern) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::string signal_name(int signal) {
    const char* abbreviation = sigabbrev_np(signal);
    return abbreviation != nullptr ? fmt::format("signal {} (SIG{})", signal, abbreviation)
                                   : fmt::format("signal {}", signal);
}

// The line a reader wants first: gtest's "file:line: Failure" and the line after it, else the last line.
std::string failure_excerpt(const std::string& output, bool or_last_line) {
    const std::vector<std::string_view> lines = split_lines(output);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string line(lines[i]);
        if (line.size() > 9 && line.compare(line.size() - 9, 9, ": Failure") == 0) {
            std::string file_line = line.substr(0, line.size() - 9);
            if (const auto slash = file_line.rfind('/'); slash != std::string::npos) {
                file_line = file_line.substr(slash + 1);
            }
            std::string text = file_line;
            if (i + 1 < lines.size()) {
                text += ": " + std::string(lines[i + 1]);
            }
            return shorten(text, 160);
        }
    }
    for (auto it = lines.rbegin(); or_last_line && it != lines.rend(); ++it) {
        if (it->find_first_not_of(" \t\r") != std::string::npos) {
            return shorten(*it, 160);
        }
    }
    return "";
}

std::vector<CTestTest> parse_ctest_json(const std::string& json_text) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception& error) {
        throw InputError(std::string("ctest --show-only=json-v1 printed no valid JSON: ") + error.what());
    }
    std::vector<CTestTest> tests;
    if (!root.contains("tests") || !root["tests"].is_array()) {
        throw InputError("ctest --show-only=json-v1 printed JSON without a 'tests' list");
    }
    for (const nlohmann::json& entry : root["tests"]) {
        CTestTest test;
        test.name = entry.value("name", "");
        test.command = string_list(entry.value("command", nlohmann::json::array()));
        bool disabled = false;
        for (const nlohmann::json& property : entry.value("properties", nlohmann::json::array())) {
            const std::string name = property.value("name", "");
            const nlohmann::json& value = property["value"];
            if (name == "WORKING_DIRECTORY" && value.is_string()) {
                test.working_directory = value.get<std::string>();
            } else if (name == "ENVIRONMENT") {
                for (const std::string& assignment : string_list(value)) {
                    const auto equals = assignment.find('=');
                    if (equals != std::string::npos) {
                        test.environment[assignment.substr(0, equals)] = assignment.substr(equals + 1);
                    }
                }
            } else if (name == "LABELS") {
                test.labels = string_list(value);
            } else if (name == "TIMEOUT" && value.is_number() && value.get<double>() > 0) {
                test.timeout = std::chrono::milliseconds(static_cast<long>(value.get<double>() * 1000));
            } else if (name == "WILL_FAIL" && value.is_boolean()) {
                test.will_fail = value.get<bool>();
            } else if (name == "DISABLED" && value.is_boolean()) {
                disabled = value.get<bool>();
            } else if (name == "PASS_REGULAR_EXPRESSION") {
                test.pass_patterns = string_list(value);
            } else if (name == "FAIL_REGULAR_EXPRESSION") {
                test.fail_patterns = string_list(value);
            } else if (name == "SKIP_REGULAR_EXPRESSION") {
                test.skip_patterns = string_list(value);
            } else if (name == "RUN_SERIAL" && value.is_boolean()) {
                test.run_serial = value.get<bool>();
            } else if (name == "RESOURCE_LOCK") {
                test.resource_locks = string_list(value);
            } else if (name.starts_with("FIXTURES_") && !string_list(value).empty()) {
                test.fixtures = true;
            } else if (name == "PROCESSORS" && value.is_number() && value.get<double>() >= 1) {
                test.processors = static_cast<unsigned>(value.get<double>());
            }
        }
        if (!disabled && !test.name.empty() && !test.command.empty()) {
            tests.push_back(std::move(test));
        }
    }
    return tests;
}

std::vector<CTestTest> list_ctest_tests(const fs::path& build_dir) {
    ProcessOptions options;
    options.timeout = std::chrono::minutes(5);
    const ProcessResult result =
        run_process({"ctest", "--test-dir", build_dir.string(), "--show-only=json-v1"}, options);
    if (!result.succeeded()) {
        throw InputError(fmt::format("ctest --show-only=json-v1 failed in {}: {}", build_dir.string(),
                                     failure_excerpt(result.standard_error + result.standard_output)));
    }
    return parse_ctest_json(result.standard_output);
}

TestOutcome judge_test(const CTestTest& test, const ProcessResult& result) {
    TestOutcome outcome;
    outcome.duration = result.duration;
    if (result.timed_out) {
        outcome.verdict = TestVerdict::TimedOut;
        outcome.reason = fmt::format("timed out after {} ms", result.duration.count());
        return outcome;
    }
    const std::string output = result.standard_output + result.standard_error;
    if (result.signal != 0) {
        outcome.verdict = TestVerdict::Crashed;
        outcome.reason = signal_name(result.signal);
        if (const std::string excerpt = failure_excerpt(output, false); !excerpt.empty()) {
            outcome.reason += ": " + excerpt;
        }
        return outcome;
    }
    if (!test.skip_patterns.empty() && matches_any(test.skip_patterns, output)) {
        outcome.verdict = TestVerdict::Passed;
        return outcome;
    }
    bool passed =
        test.pass_patterns.empty() ? result.exit_code == 0 : matches_any(test.pass_patterns, output);
    if (passed && matches_any(test.fail_patterns, output)) {
        passed = false;
    }
    if (test.will_fail) {
        passed = !passed;
    }
    outcome.verdict = passed ? TestVerdict::Passed : TestVerdict::Failed;
    if (!passed) {
        outcome.reason = fmt::format("exit code {}", result.exit_code);
        if (const std::string excerpt = failure_excerpt(output); !excerpt.empty()) {
            outcome.reason += ": " + excerpt;
        }
    }
    return outcome;
}

std::string gtest_failure_message(const std::string& output, std::size_t width) {
    std::string message;
    bool inside = false;
    for (std::string_view line : split_lines(output)) {
        if (line.find(": Failure") != std::string_view::npos) {
            inside = true;
            continue;
        }
        if (inside) {
            if (line.rfind("[  FAILED  ]", 0) == 0 || line.rfind("[       OK ]", 0) == 0) {
                break;
            }
            message += std::string(line) + " ";
        }
    }
    if (!message.empty()) {
        return shorten(fold_whitespace(message), width);
    }
    for (std::string_view line : split_lines(output)) {
        if (line.find("exception") != std::string_view::npos ||
            line.find("Failure") != std::string_view::npos) {
            return shorten(fold_whitespace(line), width);
        }
    }
    return "";
}

}  // namespace mlab
