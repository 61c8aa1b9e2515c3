#include "mutator/gtest_program.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mlab/common/ctest.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFilterFlag = "--gtest_filter=";
// Linux refuses one argument longer than 32 pages (MAX_ARG_STRLEN): a filter stays well under it.
constexpr std::size_t kFilterLimit = 100000;

bool simple_gtest_name(std::string_view name) {
    return !name.empty() && name.find('.') != std::string_view::npos &&
           name.find_first_of("*?:- ") == std::string_view::npos;
}

// gtest's skip pattern, the one gtest_discover_tests sets: a skipped TEST passes, as in the JSON report.
bool only_gtest_skip_patterns(const std::vector<std::string>& patterns) {
    return std::all_of(patterns.begin(), patterns.end(), [](const std::string& pattern) {
        return pattern.find("SKIPPED") != std::string::npos;
    });
}

bool may_share_a_process(const TestCase& test) {
    return !test.will_fail && test.pass_patterns.empty() && test.fail_patterns.empty() &&
           only_gtest_skip_patterns(test.skip_patterns) && !test.run_serial && test.resource_locks.empty() &&
           test.processors <= 1 && !test.fixtures;
}

std::string batch_key_of(const TestCase& test) {
    std::string key = test.working_directory.string();
    for (const std::string& argument : test.command) {
        if (!mlab::is_gtest_selection_argument(argument)) {
            key += '\x1f' + argument;
        }
    }
    for (const auto& [name, value] : test.environment) {
        key += '\x1e' + name + '=' + value;
    }
    return key;
}

std::string gtest_name_of_line(std::string_view line) {
    // "[       OK ] Suite.Name (0 ms)", "[  FAILED  ] Prefix/Suite.Name/0, where GetParam() = 3 (0 ms)"
    const auto close = line.find("] ");
    if (close == std::string_view::npos) {
        return "";
    }
    std::string_view rest = line.substr(close + 2);
    rest = rest.substr(0, std::min(rest.find(" ("), rest.find(", where ")));
    return mlab::trim(rest);
}

TestOutcome failed_outcome(const std::string& excerpt) {
    TestOutcome outcome;
    outcome.verdict = TestVerdict::Failed;
    outcome.reason = "exit code 1";
    if (!excerpt.empty()) {
        outcome.reason += ": " + excerpt;
    }
    return outcome;
}

}  // namespace

std::vector<std::string> parse_gtest_list(const std::string& output) {
    std::vector<std::string> names;
    std::string suite;
    for (const std::string_view raw : mlab::split_lines(output)) {
        std::string_view line = raw.substr(0, raw.find('#'));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            continue;
        }
        if (line.front() != ' ') {
            // "Suite." opens a suite; any other line (a banner such as "Running main() from ...") is not
            // part of the list.
            suite = line.back() == '.' && line.find(' ') == std::string_view::npos ? std::string(line) : "";
            continue;
        }
        const std::string test = mlab::trim(line);
        if (!suite.empty() && !test.empty() && test.find(' ') == std::string::npos) {
            names.push_back(suite + std::string(test));
        }
    }
    return names;
}

void mark_gtest_tests(std::vector<TestCase>& tests) {
    for (TestCase& test : tests) {
        std::string filter;
        std::size_t filters = 0;
        for (const std::string& argument : test.command) {
            if (argument.starts_with(kFilterFlag)) {
                filter = argument.substr(kFilterFlag.size());
                ++filters;
            }
        }
        if (filters != 1 || !simple_gtest_name(filter)) {
            continue;
        }
        test.gtest_name = filter;
        test.batch_key = may_share_a_process(test) ? batch_key_of(test) : "";
    }
}

std::vector<std::string> open_up_gtest_programs(std::vector<TestCase>& tests) {
    std::vector<std::string> opened;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> listed;  // test index → its TESTs
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const TestCase& test = tests[i];
        const bool filtered = std::any_of(test.command.begin(), test.command.end(), [](const std::string& a) {
            return a.starts_with(kFilterFlag) || a == "--gtest_list_tests";
        });
        // A gtest program has gtest's flags compiled in.
        if (filtered || !test.gtest_name.empty() || !may_share_a_process(test) ||
            !fs::path(test.command.front()).is_absolute() ||
            !mlab::file_contains(test.command.front(), "gtest_list_tests")) {
            continue;
        }
        mlab::ProcessOptions process;
        process.working_directory = test.working_directory;
        process.environment = test.environment;
        process.timeout = std::chrono::seconds(60);
        std::vector<std::string> command = test.command;
        command.emplace_back("--gtest_list_tests");
        mlab::ProcessResult result;
        try {
            result = mlab::run_process(command, process);
        } catch (const std::runtime_error&) {
            continue;
        }
        if (!result.succeeded()) {
            continue;
        }
        std::vector<std::string> names = parse_gtest_list(result.standard_output);
        const bool with_disabled = std::find(test.command.begin(), test.command.end(),
                                             "--gtest_also_run_disabled_tests") != test.command.end();
        std::erase_if(names, [&](const std::string& name) {
            const auto dot = name.find('.');
            return !with_disabled && (name.starts_with("DISABLED_") || name.find("/DISABLED_") < dot ||
                                      name.compare(dot + 1, 9, "DISABLED_") == 0);
        });
        if (!names.empty()) {
            listed.emplace_back(i, std::move(names));
        }
    }
    if (listed.empty()) {
        return opened;
    }
    // A TEST keeps its gtest name unless two programs (or a CTest test) hold that name.
    std::map<std::string, std::size_t> uses;
    std::set<std::size_t> replaced;
    for (const auto& [index, names] : listed) {
        replaced.insert(index);
        for (const std::string& name : names) {
            ++uses[name];
        }
    }
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (replaced.count(i) == 0) {
            ++uses[tests[i].name];
        }
    }
    std::vector<TestCase> out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (next < listed.size() && listed[next].first == i) {
            const TestCase& whole = tests[i];
            opened.push_back(whole.name);
            for (const std::string& name : listed[next].second) {
                TestCase test = whole;
                test.name = uses[name] > 1 ? whole.name + ":" + name : name;
                test.command.push_back(std::string(kFilterFlag) + name);
                test.gtest_name = name;
                test.batch_key = batch_key_of(test);
                out.push_back(std::move(test));
            }
            ++next;
        } else {
            out.push_back(std::move(tests[i]));
        }
    }
    tests = std::move(out);
    return opened;
}

std::vector<std::string> batch_command(const TestCase& first, const std::vector<std::string>& gtest_names,
                                       const std::string& json_file) {
    std::vector<std::string> command;
    for (const std::string& argument : first.command) {
        if (!mlab::is_gtest_selection_argument(argument)) {
            command.push_back(argument);
        }
    }
    std::string filter(kFilterFlag);
    for (std::size_t i = 0; i < gtest_names.size(); ++i) {
        filter += (i > 0 ? ":" : "") + gtest_names[i];
    }
    command.push_back(filter);
    command.push_back("--gtest_output=json:" + json_file);
    return command;
}

std::vector<std::vector<std::size_t>> filter_chunks(const std::vector<std::string>& gtest_names) {
    std::vector<std::vector<std::size_t>> chunks;
    std::size_t length = 0;
    for (std::size_t i = 0; i < gtest_names.size(); ++i) {
        if (chunks.empty() || length + gtest_names[i].size() + 1 > kFilterLimit) {
            chunks.emplace_back();
            length = 0;
        }
        chunks.back().push_back(i);
        length += gtest_names[i].size() + 1;
    }
    return chunks;
}

BatchVerdicts read_batch_verdicts(const std::string& json_text, const std::string& output) {
    BatchVerdicts verdicts;
    if (!json_text.empty()) {
        try {
            const nlohmann::json root = nlohmann::json::parse(json_text);
            for (const nlohmann::json& suite : root.value("testsuites", nlohmann::json::array())) {
                for (const nlohmann::json& test : suite.value("testsuite", nlohmann::json::array())) {
                    const std::string name = suite.value("name", "") + "." + test.value("name", "");
                    if (test.value("status", "RUN") != "RUN") {
                        continue;  // NOTRUN: not judged
                    }
                    const nlohmann::json failures = test.value("failures", nlohmann::json::array());
                    if (failures.empty() || !failures.is_array()) {
                        verdicts.judged[name].verdict = TestVerdict::Passed;
                        continue;
                    }
                    // "path/file.cpp:12\nExpected ..." reads as gtest prints it: "path/file.cpp:12: Failure".
                    std::string text = failures.front().value("failure", "");
                    const auto newline = text.find('\n');
                    text = newline == std::string::npos
                               ? text + ": Failure"
                               : text.substr(0, newline) + ": Failure" + text.substr(newline);
                    verdicts.judged[name] = failed_outcome(failure_excerpt(text));
                }
            }
            return verdicts;
        } catch (const nlohmann::json::exception&) {
            verdicts.judged.clear();  // a report cut short: read the printed lines instead
        }
    }
    std::string running;
    std::size_t running_from = 0;
    const std::vector<std::string_view> lines = mlab::split_lines(output);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.starts_with("[ RUN      ] ")) {
            running = gtest_name_of_line(line);
            running_from = i;
            continue;
        }
        const bool ok = line.starts_with("[       OK ] ");
        const bool skipped = line.starts_with("[  SKIPPED ] ");
        const bool failed = line.starts_with("[  FAILED  ] ");
        if (!ok && !skipped && !failed) {
            continue;
        }
        const std::string name = gtest_name_of_line(line);
        if (name != running) {
            continue;  // the summary's list of failed TESTs
        }
        if (failed) {
            std::string segment;
            for (std::size_t j = running_from; j < i; ++j) {
                segment += std::string(lines[j]) + "\n";
            }
            verdicts.judged[name] = failed_outcome(failure_excerpt(segment, false));
        } else {
            verdicts.judged[name].verdict = TestVerdict::Passed;
        }
        running.clear();
    }
    if (!running.empty()) {
        verdicts.in_flight = running;
    }
    return verdicts;
}

}  // namespace mutator
