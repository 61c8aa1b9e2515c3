#include "mutator/test_suite.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "mlab/common/files.hpp"
#include "mlab/common/text.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

std::vector<TestCase> as_test_cases(std::vector<mlab::CTestTest> tests) {
    std::vector<TestCase> out;
    out.reserve(tests.size());
    for (mlab::CTestTest& test : tests) {
        TestCase& added = out.emplace_back();
        static_cast<mlab::CTestTest&>(added) = std::move(test);
    }
    return out;
}

}  // namespace

std::vector<TestCase> parse_ctest_json(const std::string& json_text) {
    return as_test_cases(mlab::parse_ctest_json(json_text));
}

std::vector<TestCase> discover_ctest_tests(const fs::path& build_dir) {
    return as_test_cases(mlab::list_ctest_tests(build_dir));
}

namespace {

// Where a TEST/TEST_F/TEST_P/TYPED_TEST is written.
struct Place {
    std::string file;
    unsigned line = 0;
    std::string macro;
};
using PlacesByName = std::map<std::string, std::vector<Place>>;

// Suite.Name → every place a test of that name is written (one name can be in several files).
PlacesByName test_macros_in(const fs::path& root, const std::vector<std::string>& sources) {
    static const std::regex kTestMacro(
        R"(\b(TEST|TEST_F|TEST_P|TYPED_TEST|TYPED_TEST_P)\s*\(\s*(\w+)\s*,\s*(\w+)\s*\))");
    PlacesByName found;
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
    return found;
}

// A test's name as written (Suite.Name) and the macro its form asks for: "Suite.Name",
// "Prefix/Suite.Name/3" (value-parameterized), "Suite/0.Name" (typed), "Prefix/Suite/0.Name", and CTest's
// "Suite.Name<Type>" for typed tests. Empty name: not a gtest name.
std::pair<std::string, std::string> written_name(const TestCase& test) {
    const std::string& full = test.gtest_name.empty() ? test.name : test.gtest_name;
    const auto dot = full.find('.');
    if (dot == std::string::npos) {
        return {};
    }
    std::string suite = full.substr(0, dot);
    std::string kind;
    if (full.find('<', dot) != std::string::npos) {
        kind = "TYPED_TEST";
    } else if (full.find('/', dot) != std::string::npos) {
        kind = "TEST_P";
    }
    if (const auto slash = suite.rfind('/'); slash != std::string::npos) {
        const bool numbered = suite.find_first_not_of("0123456789", slash + 1) == std::string::npos;
        kind = numbered ? "TYPED_TEST" : "TEST_P";
        suite = numbered ? suite.substr(0, slash) : suite.substr(slash + 1);
        suite = suite.substr(suite.rfind('/') == std::string::npos ? 0 : suite.rfind('/') + 1);
    }
    std::string name = full.substr(dot + 1);
    name = name.substr(0, std::min(name.find('/'), name.find('<')));
    return {suite + "." + name, kind};
}

// Of the places a name is written, the one in a file the program's other tests are in, then one whose
// macro matches the name's form, then the first.
const Place& best_place(const std::vector<Place>& places,
                        const std::map<std::string, std::size_t>* program_files, const std::string& kind) {
    const auto score = [&](const Place& place) {
        return (program_files != nullptr && program_files->count(place.file) > 0 ? 2 : 0) +
               (!kind.empty() && place.macro.starts_with(kind) ? 1 : 0);
    };
    const Place* chosen = &places.front();
    for (const Place& place : places) {
        if (score(place) > score(*chosen)) {
            chosen = &place;
        }
    }
    return *chosen;
}

// A test whose name is not found (CTest names a typed, parameterized test by its instantiation) is in
// its program's file when all the program's other located tests are in one file; its line is unknown.
void locate_by_program(std::vector<TestCase>& tests) {
    std::map<std::string, std::set<std::string>> files_of_program;
    for (const TestCase& test : tests) {
        if (!test.source_file.empty() && !test.command.empty()) {
            files_of_program[test.command.front()].insert(test.source_file);
        }
    }
    for (TestCase& test : tests) {
        if (!test.source_file.empty() || test.command.empty()) {
            continue;
        }
        if (const auto program = files_of_program.find(test.command.front());
            program != files_of_program.end() && program->second.size() == 1) {
            test.source_file = *program->second.begin();
            test.source_line = 0;
        }
    }
}

}  // namespace

void locate_tests(std::vector<TestCase>& tests, const fs::path& root,
                  const std::vector<std::string>& sources) {
    const PlacesByName found = test_macros_in(root, sources);
    std::vector<const std::vector<Place>*> places(tests.size(), nullptr);
    std::vector<std::string> kinds(tests.size());
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const auto [name, kind] = written_name(tests[i]);
        kinds[i] = kind;
        if (const auto it = found.find(name); !name.empty() && it != found.end()) {
            places[i] = &it->second;
        }
    }
    // A name written in several files is taken to be in a file where the same program's other tests are.
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
        const Place& chosen =
            best_place(*places[i], program == files_of_program.end() ? nullptr : &program->second, kinds[i]);
        tests[i].source_file = chosen.file;
        tests[i].source_line = chosen.line;
    }
    locate_by_program(tests);
}

}  // namespace mutator
