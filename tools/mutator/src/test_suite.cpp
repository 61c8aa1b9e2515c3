#include "mutator/test_suite.hpp"

#include <csignal>
#include <cstring>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace mutator {
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

std::string signal_name(int signal) {
    const char* abbreviation = sigabbrev_np(signal);
    return abbreviation != nullptr ? fmt::format("signal {} (SIG{})", signal, abbreviation)
                                   : fmt::format("signal {}", signal);
}

}  // namespace

// The line a reader wants first: gtest's "file:line: Failure" and the line after it, else the last line.
std::string failure_excerpt(const std::string& output, bool or_last_line) {
    const std::vector<std::string_view> lines = mlab::split_lines(output);
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
            return mlab::shorten(text, 160);
        }
    }
    for (auto it = lines.rbegin(); or_last_line && it != lines.rend(); ++it) {
        if (it->find_first_not_of(" \t\r") != std::string::npos) {
            return mlab::shorten(*it, 160);
        }
    }
    return "";
}

std::vector<TestCase> parse_ctest_json(const std::string& json_text) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception& error) {
        throw mlab::InputError(std::string("ctest --show-only=json-v1 printed no valid JSON: ") +
                               error.what());
    }
    std::vector<TestCase> tests;
    if (!root.contains("tests") || !root["tests"].is_array()) {
        throw mlab::InputError("ctest --show-only=json-v1 printed JSON without a 'tests' list");
    }
    for (const nlohmann::json& entry : root["tests"]) {
        TestCase test;
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

std::vector<TestCase> discover_ctest_tests(const fs::path& build_dir) {
    mlab::ProcessOptions options;
    options.working_directory = build_dir;
    options.timeout = std::chrono::minutes(5);
    const mlab::ProcessResult result = mlab::run_process({"ctest", "--show-only=json-v1"}, options);
    if (!result.succeeded()) {
        throw mlab::InputError(fmt::format("ctest --show-only=json-v1 failed in {}: {}", build_dir.string(),
                                           failure_excerpt(result.standard_error + result.standard_output)));
    }
    return parse_ctest_json(result.standard_output);
}

std::vector<TestCase> tests_with_label(std::vector<TestCase> tests, const std::string& label) {
    if (label.empty()) {
        return tests;
    }
    std::erase_if(tests, [&](const TestCase& test) {
        return std::find(test.labels.begin(), test.labels.end(), label) == test.labels.end();
    });
    return tests;
}

TestOutcome judge_test(const TestCase& test, const mlab::ProcessResult& result) {
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

void locate_tests(std::vector<TestCase>& tests, const fs::path& root,
                  const std::vector<std::string>& sources) {
    static const std::regex kTestMacro(
        R"(\b(TEST|TEST_F|TEST_P|TYPED_TEST|TYPED_TEST_P)\s*\(\s*(\w+)\s*,\s*(\w+)\s*\))");
    struct Place {
        std::string file;
        unsigned line = 0;
        std::string macro;
    };
    // Suite.Name → every place a test of that name is written (one name can be in several files).
    std::map<std::string, std::vector<Place>> found;
    for (const std::string& source : sources) {
        std::string text;
        try {
            text = mlab::read_file(root / source);
        } catch (const mlab::FileError&) {
            continue;
        }
        unsigned line = 1;
        std::size_t counted = 0;
        for (auto it = std::sregex_iterator(text.begin(), text.end(), kTestMacro);
             it != std::sregex_iterator(); ++it) {
            const std::size_t at = static_cast<std::size_t>(it->position(0));
            line += static_cast<unsigned>(std::count(text.begin() + static_cast<long>(counted),
                                                     text.begin() + static_cast<long>(at), '\n'));
            counted = at;
            found[(*it)[2].str() + "." + (*it)[3].str()].push_back(Place{source, line, (*it)[1].str()});
        }
    }
    // First the names: "Suite.Name", "Prefix/Suite.Name/3" (value-parameterized), "Suite/0.Name" (typed),
    // "Prefix/Suite/0.Name", and CTest's "Suite.Name<Type>" for typed tests.
    std::vector<const std::vector<Place>*> places(tests.size(), nullptr);
    std::vector<std::string> kinds(tests.size());  // the macro the name's form asks for
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const std::string& full = tests[i].gtest_name.empty() ? tests[i].name : tests[i].gtest_name;
        const auto dot = full.find('.');
        if (dot == std::string::npos) {
            continue;
        }
        std::string suite = full.substr(0, dot);
        if (full.find('<', dot) != std::string::npos) {
            kinds[i] = "TYPED_TEST";
        } else if (full.find('/', dot) != std::string::npos) {
            kinds[i] = "TEST_P";
        }
        if (const auto slash = suite.rfind('/'); slash != std::string::npos) {
            const bool numbered = suite.find_first_not_of("0123456789", slash + 1) == std::string::npos;
            kinds[i] = numbered ? "TYPED_TEST" : "TEST_P";
            suite = numbered ? suite.substr(0, slash) : suite.substr(slash + 1);
            suite = suite.substr(suite.rfind('/') == std::string::npos ? 0 : suite.rfind('/') + 1);
        }
        std::string name = full.substr(dot + 1);
        name = name.substr(0, std::min(name.find('/'), name.find('<')));
        if (const auto it = found.find(suite + "." + name); it != found.end()) {
            places[i] = &it->second;
        }
    }
    // Then the program: a name written in several files, or not found (CTest names a typed, parameterized
    // test by its instantiation), is taken to be in a file where the same program's other tests are.
    std::map<std::string, std::map<std::string, std::size_t>> files_of_program;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (places[i] != nullptr && places[i]->size() == 1 && !tests[i].command.empty()) {
            ++files_of_program[tests[i].command.front()][places[i]->front().file];
        }
    }
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (places[i] == nullptr) {
            continue;
        }
        const auto program = tests[i].command.empty() ? files_of_program.end()
                                                      : files_of_program.find(tests[i].command.front());
        // The program's own file first, then a macro of the name's form, then the first place.
        const auto score = [&](const Place& place) {
            return (program != files_of_program.end() && program->second.count(place.file) > 0 ? 2 : 0) +
                   (!kinds[i].empty() && place.macro.starts_with(kinds[i]) ? 1 : 0);
        };
        const Place* chosen = &places[i]->front();
        for (const Place& place : *places[i]) {
            if (score(place) > score(*chosen)) {
                chosen = &place;
            }
        }
        tests[i].source_file = chosen->file;
        tests[i].source_line = chosen->line;
    }
    std::map<std::string, std::set<std::string>> all_files_of_program;
    for (const TestCase& test : tests) {
        if (!test.source_file.empty() && !test.command.empty()) {
            all_files_of_program[test.command.front()].insert(test.source_file);
        }
    }
    for (TestCase& test : tests) {
        if (!test.source_file.empty() || test.command.empty()) {
            continue;
        }
        if (const auto program = all_files_of_program.find(test.command.front());
            program != all_files_of_program.end() && program->second.size() == 1) {
            test.source_file = *program->second.begin();
            test.source_line = 0;  // the file is known, the line is not
        }
    }
}

}  // namespace mutator
