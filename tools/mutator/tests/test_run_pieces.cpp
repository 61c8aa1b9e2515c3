// Unit tests of the pieces `mutator run` is made of: the schemata rewriter (compiled and run for real),
// CTest's JSON, test verdicts, diff parsing, shards, build diagnostics and report merging.

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "mutator/changed_lines.hpp"
#include "mutator/gtest_program.hpp"
#include "mutator/mutant_build.hpp"
#include "mutator/report.hpp"
#include "mutator/run.hpp"
#include "mutator/schemata.hpp"
#include "mutator/test_suite.hpp"
#include "operator_test_support.hpp"
#include "run/equivalence.hpp"

namespace mutator {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Compiles `code` rewritten with every site of `operators` switched in, and returns the program's output
// for each active mutant number (0: none), so a test sees the schemata behave, not just look right.
class SchemataProgram {
  public:
    /// `copy_bodies`: function bodies that may be held twice are (each its own function number, from 1).
    SchemataProgram(const std::string& code, const std::vector<std::string>& operators,
                    bool copy_bodies = false) {
        dir_ = mlab::make_temp_directory("mlab-schemata");
        const fs::path source = dir_ / "program.cpp";
        mlab::write_file_atomic(source, code);
        list_ = find_sites_in_code(code, testing::settings_for(operators));
        std::vector<NumberedSite> numbered;
        for (std::size_t i = 0; i < list_.sites.size(); ++i) {
            const MutationSite& site = list_.sites[i];
            std::uint32_t function = 0;
            if (copy_bodies && site.body_length > 0) {
                function = functions_.try_emplace(site.body_offset, functions_.size() + 1).first->second;
            }
            numbered.push_back({&list_.sites[i], static_cast<std::uint32_t>(i + 1), function});
        }
        mlab::write_file_atomic(dir_ / "runtime.h", schemata_runtime_header());
        rewritten_ =
            rewrite_with_schemata(code, numbered, {}, source.string(), (dir_ / "runtime.h").string());
        mlab::write_file_atomic(dir_ / "rewritten.cpp", rewritten_);
        compiled_ = mlab::run_process({"g++", "-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                       (dir_ / "rewritten.cpp").string(), "-o", (dir_ / "program").string()});
    }
    ~SchemataProgram() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    bool compiled() const { return compiled_.succeeded(); }
    std::string diagnostics() const { return compiled_.standard_error; }
    const std::string& rewritten() const { return rewritten_; }
    const SiteList& sites() const { return list_; }

    std::string output(std::uint32_t active, const fs::path& coverage = {}) const {
        return output_in(active, function_of(active), coverage);
    }
    /// The output with mutant `active` and the function number `function` named active.
    std::string output_in(std::uint32_t active, std::uint32_t function, const fs::path& coverage = {}) const {
        mlab::ProcessOptions options;
        options.environment[kActiveMutantVariable] = std::to_string(active);
        options.environment[kActiveFunctionVariable] = std::to_string(function);
        if (!coverage.empty()) {
            options.environment[kCoverageFileVariable] = coverage.string();
        }
        return mlab::run_process({(dir_ / "program").string()}, options).standard_output;
    }
    fs::path dir() const { return dir_; }
    std::uint32_t function_of(std::uint32_t active) const {
        if (active == 0 || active > list_.sites.size()) {
            return 0;
        }
        const auto it = functions_.find(list_.sites[active - 1].body_offset);
        return it == functions_.end() || list_.sites[active - 1].body_length == 0 ? 0 : it->second;
    }

  private:
    fs::path dir_;
    SiteList list_;
    std::map<std::uint32_t, std::uint32_t> functions_;  // body offset → function number
    std::string rewritten_;
    mlab::ProcessResult compiled_;
};

// The site number of the only site of `rule` on `line` of a SchemataProgram's code.
std::uint32_t number_of(const SchemataProgram& program, const std::string& rule, unsigned line) {
    std::uint32_t found = 0;
    for (std::size_t i = 0; i < program.sites().sites.size(); ++i) {
        const MutationSite& site = program.sites().sites[i];
        if (site.rule == rule && site.line == line) {
            EXPECT_EQ(found, 0U) << "two sites of " << rule << " on line " << line;
            found = static_cast<std::uint32_t>(i + 1);
        }
    }
    EXPECT_NE(found, 0U) << "no site of " << rule << " on line " << line;
    return found;
}

// Compiler equivalence on code in a string, compiled as `mutator run` compiles a unit: optimised, the
// mirror's wrapper reading the plain copy, or the file with one mutant applied, instead of the schemata.
TEST(Equivalence, TheSameCodeAsNoMutantIsEquivalentAndTheSameAsAnotherIsADuplicate) {
    const std::string code = R"(int clamp_latitude(int lat) {
    if (lat < 0) {
        lat = 0;
    }
    return lat;
}
bool above(int x) { return x > 5; }
int main(int argc, char**) { return clamp_latitude(argc) + above(argc); }
)";
    const SchemataProgram program(code, {"ROR", "CR"}, true);
    ASSERT_TRUE(program.compiled()) << program.diagnostics();
    const fs::path original = program.dir() / "program.cpp";
    mlab::write_file_atomic(program.dir() / "wrapper.cpp",
                            equivalence_wrapper(program.rewritten(), original));
    mlab::write_file_atomic(program.dir() / plain_copy_path(original).filename(),
                            plain_copy(code, original.string()));
    const CompileUnit unit{program.dir() / "wrapper.cpp",
                           program.dir(),
                           {"g++", "-std=c++17", "-O0", "-g", "-Werror", "-MD", "-MF", "wrapper.d", "-o",
                            "wrapper.o", "-c", "wrapper.cpp"},
                           "wrapper.o",
                           program.dir() / "wrapper.d"};
    std::vector<std::string> command = assembly_command(unit);
    EXPECT_THAT(command, Not(Contains("-O0")));
    EXPECT_THAT(command, Not(Contains("-Werror")));
    EXPECT_THAT(command, Not(Contains("-MF")));
    EXPECT_THAT(command, Contains("-O2"));
    mlab::ProcessOptions options;
    options.working_directory = program.dir();
    // Without MLAB_EQUIVALENCE the wrapper is the schemata file: the switches are in its code.
    const mlab::ProcessResult schemata = mlab::run_process(command, options);
    ASSERT_TRUE(schemata.succeeded()) << schemata.standard_error;
    EXPECT_THAT(schemata.standard_output, HasSubstr("mlab_schemata"));
    command.emplace_back("-DMLAB_EQUIVALENCE");
    const auto code_of = [&](std::uint32_t mutant) {
        std::vector<std::string> compile = command;
        if (mutant != 0) {
            const fs::path text = program.dir() / "one-mutant.cpp";
            mlab::write_file_atomic(
                text, rewrite_with_one_mutant(code, program.sites().sites[mutant - 1], original.string()));
            compile.push_back("-D" + equivalence_macro(original));
            compile.push_back("-DMLAB_EQUIVALENCE_TEXT=\"" + text.string() + "\"");
        }
        const mlab::ProcessResult compiled = mlab::run_process(compile, options);
        EXPECT_TRUE(compiled.succeeded()) << compiled.standard_error;
        EXPECT_THAT(compiled.standard_output, Not(HasSubstr("mlab_schemata")));
        return normalized_assembly(compiled.standard_output);
    };
    const std::string plain = code_of(0);
    ASSERT_THAT(plain, HasSubstr("clamp_latitude"));
    EXPECT_THAT(exported_functions(plain), ElementsAre("above", "clamp_latitude", "main"));
    // lat <= 0 sets 0 to 0: the same code. lat > 0 does not.
    EXPECT_EQ(code_of(number_of(program, "ROR.lt_to_le", 2)), plain);
    EXPECT_NE(code_of(number_of(program, "ROR.lt_to_ge", 2)), plain);
    // x >= 5 and x > 4: the same code as each other, not as the original.
    const std::string boundary = code_of(number_of(program, "ROR.gt_to_ge", 7));
    EXPECT_NE(boundary, plain);
    EXPECT_EQ(code_of(number_of(program, "CR.int_decrement", 7)), boundary);
}

TEST(Equivalence, ComparesCodeWithoutLabelNumbersFileNamesOrComments) {
    EXPECT_EQ(normalized_assembly(
                  "\t.file\t\"a.cpp\"\nf:\n.LFB3:\n\tjmp\t.L7\n.L7:\n\tret\n\t.ident\t\"GCC 12\"\n"),
              normalized_assembly("\t.file\t\"b.cpp\"\n# a comment\nf:\n.LFB9:\n\tjmp\t.L2\n.L2:\n\tret\n"));
    EXPECT_NE(normalized_assembly("f:\n\tjmp\t.L7\n.L7:\n\tret\n.L8:\n"),
              normalized_assembly("f:\n\tjmp\t.L8\n.L7:\n\tret\n.L8:\n"));
    EXPECT_NE(normalized_assembly("\tmovl\t$1, %eax\n"), normalized_assembly("\tmovl\t$2, %eax\n"));
}

TEST(Equivalence, FindsTheFunctionsAnyCallerMayCall) {
    const std::string assembly =
        "\t.weak\t_ZN5QueueIiE5ClearEv\n\t.type\t_ZN5QueueIiE5ClearEv, @function\n_ZN5QueueIiE5ClearEv:\n"
        "\tret\n"
        "\t.type\t_ZL6helperi.constprop.0, @function\n_ZL6helperi.constprop.0:\n\tret\n"
        "\t.type\t_ZL6helperi, @function\n_ZL6helperi:\n\tret\n"
        "\t.globl\tcounter\n\t.type\tcounter, @object\ncounter:\n\t.long\t1\n"
        "\t.globl\tmain\n\t.type\tmain, @function\nmain:\n\tret\n";
    EXPECT_THAT(exported_functions(assembly), ElementsAre("Queue::Clear", "main"));
    EXPECT_EQ(function_name("_ZNK23PreCalculatedPrimeTable7IsPrimeEi"), "PreCalculatedPrimeTable::IsPrime");
    EXPECT_EQ(function_name("_ZN12_GLOBAL__N_16decodeERKSt6vectorIhSaIhEE"), "(anonymous namespace)::decode");
}

TEST(Equivalence, ReadsWhichUnitsIncludeAHeader) {
    EXPECT_THAT(
        dependency_file_inputs("obj/a.o: ../src/a.cpp /usr/include/x.h \\\n  ../src/my\\ file.h\n"
                               "../src/a.cpp:\n",
                               "/b/build"),
        ElementsAre(fs::path("/b/src/a.cpp"), fs::path("/usr/include/x.h"), fs::path("/b/src/my file.h")));
    const auto deps = ninja_dependencies(
        "CMakeFiles/t.dir/a.cpp.o: #deps 2, deps mtime 1700000000 (VALID)\n    ../a.cpp\n    "
        "/usr/include/x.h\n\n"
        "CMakeFiles/t.dir/b.cpp.o: #deps 1, deps mtime 1700000000 (STALE)\n    /s/b.cpp\n\n",
        "/s/build");
    ASSERT_EQ(deps.size(), 2U);
    EXPECT_THAT(deps.at("CMakeFiles/t.dir/a.cpp.o"),
                ElementsAre(fs::path("/s/a.cpp"), fs::path("/usr/include/x.h")));
    EXPECT_THAT(deps.at("CMakeFiles/t.dir/b.cpp.o"), ElementsAre(fs::path("/s/b.cpp")));
}

TEST(Schemata, EveryMutantIsARunTimeChoiceAndNoneActiveIsTheOriginal) {
    const std::string code = R"(#include <cstdio>
int clamp(int v, int hi) {
    if (v > hi) {
        return hi;
    }
    return v + 1;
}
int main() { std::printf("%d %d\n", clamp(5, 3), clamp(3, 3)); }
)";
    const SchemataProgram program(code, {"ROR.gt_to_ge", "AOR.add_to_sub"});
    ASSERT_TRUE(program.compiled()) << program.diagnostics() << program.rewritten();
    ASSERT_EQ(program.sites().sites.size(), 2U);
    EXPECT_EQ(program.output(0), "3 4\n");  // the original
    EXPECT_EQ(program.output(1), "3 3\n");  // v >= hi
    EXPECT_EQ(program.output(2), "3 2\n");  // v - 1
    EXPECT_THAT(program.rewritten(), HasSubstr("(mlab_mut_on(1) ? (v >= hi) : (v > hi))"));
}

TEST(Schemata, NestedSitesAndStatementsEachSwitchAlone) {
    const std::string code = R"(#include <cstdio>
void notify(int v) { std::printf("log %d\n", v); }
int f(int a, int b) {
    notify(a + b);
    return a < b + 2;
}
int main() { std::printf("%d\n", f(1, 0)); }
)";
    const SchemataProgram program(code, {"ROR.lt_to_le", "AOR.add_to_sub", "SDL"});
    ASSERT_TRUE(program.compiled()) << program.diagnostics() << program.rewritten();
    std::map<std::string, std::uint32_t> number;
    for (std::size_t i = 0; i < program.sites().sites.size(); ++i) {
        const MutationSite& site = program.sites().sites[i];
        number[site.rule + "@" + std::to_string(site.line) + ":" + std::to_string(site.column)] =
            static_cast<std::uint32_t>(i + 1);
    }
    EXPECT_EQ(program.output(0), "log 1\n1\n");
    EXPECT_EQ(program.output(number.at("SDL.remove_call@4:5")), "1\n");         // the call is gone
    EXPECT_EQ(program.output(number.at("AOR.add_to_sub@4:14")), "log 1\n1\n");  // 1 - 0 is 1 too
    EXPECT_EQ(program.output(number.at("AOR.add_to_sub@5:18")), "log 1\n0\n");  // 1 < 0 - 2
    EXPECT_EQ(program.output(number.at("ROR.lt_to_le@5:14")), "log 1\n1\n");    // 1 <= 2
}

TEST(Schemata, KeepsLineNumbersAndRecordsReachedSites) {
    const std::string code =
        "#include <cstdio>\nint g(int a,\n      int b) {\n    return a\n        < b;\n}\n"
        "int unused(int a) { return a < 1; }\n"
        "int main() { std::printf(\"%d\\n\", __LINE__ + g(1, 2)); }\n";
    const SchemataProgram program(code, {"ROR.lt_to_le"});
    ASSERT_TRUE(program.compiled()) << program.diagnostics() << program.rewritten();
    EXPECT_EQ(program.output(0), "9\n");  // __LINE__ 8, as in the original, plus g's 1
    const fs::path coverage = program.dir() / "coverage.txt";
    program.output(0, coverage);
    // 0: the program started (the self-check's marker); site 1 (in g) reached once; site 2 (unused) never.
    EXPECT_EQ(mlab::read_file(coverage), "0\n1\n");
}

TEST(Schemata, BracedElementsKeepTheirTypeAndStartUpCodeIsSwitchable) {
    const std::string code = R"(#include <cstdio>
#include <cstdint>
#include <vector>
static std::vector<int> table = {7, 8};
int main() {
    std::uint8_t bytes[] = {200, 3};
    std::printf("%d %d %d\n", bytes[0], bytes[1], table[0]);
}
)";
    // g++ -Werror: a run-time choice of int in {...} of uint8_t would be a narrowing error without the cast.
    const SchemataProgram program(code, {"CR.int_increment"});
    ASSERT_TRUE(program.compiled()) << program.diagnostics() << program.rewritten();
    std::map<std::string, std::uint32_t> number;
    for (std::size_t i = 0; i < program.sites().sites.size(); ++i) {
        const MutationSite& site = program.sites().sites[i];
        number[std::to_string(site.line) + ":" + site.original] = static_cast<std::uint32_t>(i + 1);
    }
    EXPECT_EQ(program.sites().sites[number.at("6:200") - 1].schemata_cast, "unsigned char");
    EXPECT_EQ(program.output(0), "200 3 7\n");
    EXPECT_EQ(program.output(number.at("6:200")), "201 3 7\n");
    // A table built at start-up (dynamic initialization) is a run-time choice too, and its site is reached.
    EXPECT_EQ(program.output(number.at("4:7")), "200 3 8\n");
    const fs::path coverage = program.dir() / "coverage.txt";
    program.output(0, coverage);
    EXPECT_THAT(mlab::read_file(coverage), HasSubstr(std::to_string(number.at("4:7")) + "\n"));
}

TEST(Schemata, ABodyHeldTwiceRunsItsOriginalUnlessItsMutantIsActive) {
    const std::string code = R"(#include <cstdio>
int scale(int v) {
    int out = v * 2;
    for (int i = 0; i < 3; ++i) {
        out += i;
    }
    return out;
}
int with_label(int v) {
    if (v > 5) {
        goto done;
    }
    v = v + 1;
done:
    return v;
}
int main() { std::printf("%d %d %d\n", scale(1), with_label(1), __LINE__); }
)";
    const SchemataProgram program(code, {"AOR.mul_to_div", "ROR.gt_to_ge", "AOR.add_to_sub"}, true);
    ASSERT_TRUE(program.compiled()) << program.diagnostics() << program.rewritten();
    std::map<std::string, std::uint32_t> number;
    for (std::size_t i = 0; i < program.sites().sites.size(); ++i) {
        const MutationSite& site = program.sites().sites[i];
        number[site.function + ":" + site.rule] = static_cast<std::uint32_t>(i + 1);
    }
    const std::uint32_t in_scale = number.at("scale:AOR.mul_to_div");
    const std::uint32_t in_label = number.at("with_label:ROR.gt_to_ge");
    // scale is held twice; a body with a label only once (a second copy would define the label twice).
    EXPECT_GT(program.sites().sites[in_scale - 1].body_length, 0U);
    EXPECT_EQ(program.sites().sites[in_label - 1].body_length, 0U);
    EXPECT_THAT(program.rewritten(), HasSubstr("{ if (mlab_fn_on(1)) {"));
    EXPECT_EQ(program.output(0), "5 2 17\n");         // the original, __LINE__ as written
    EXPECT_EQ(program.output(in_scale), "3 2 17\n");  // v / 2 + 0 + 1 + 2
    // The same mutant with its function not named active: the untouched copy runs, not the switch.
    EXPECT_EQ(program.output_in(in_scale, 0), "5 2 17\n");
    EXPECT_EQ(program.output(in_label), "5 2 17\n");  // 1 >= 5 is false too
    // Recording coverage runs the instrumented copies: every reached site is recorded.
    const fs::path coverage = program.dir() / "coverage.txt";
    program.output(0, coverage);
    EXPECT_THAT(mlab::read_file(coverage), HasSubstr("\n" + std::to_string(in_scale) + "\n"));
    EXPECT_THAT(mlab::read_file(coverage), HasSubstr("\n" + std::to_string(in_label) + "\n"));
}

TEST(Schemata, ProbeOnlyRecordsAndLeavesTheCodeAsItWas) {
    const std::string code = "int f(int a) { return a + 1; }\n";
    SiteList list = find_sites_in_code(code, testing::settings_for({"AOR.add_to_sub"}));
    ASSERT_EQ(list.sites.size(), 1U);
    const std::string rewritten = rewrite_with_schemata(code, {{&list.sites[0], 7}}, {7}, "/p/f.cpp", "/r.h");
    EXPECT_THAT(rewritten, HasSubstr("(mlab_mut_reach(7), (a + 1))"));
    EXPECT_THAT(rewritten, HasSubstr("#include \"/r.h\"\n#line 1 \"/p/f.cpp\"\n"));
}

TEST(GtestProgram, ReadsTheListOfTests) {
    const std::string listed =
        "Running main() from gtest_main.cc\nStack.\n  StartsEmpty\n  PushThenPop\n"
        "Counts/PushMany.  # TypeParam\n  SizeCounts/0  # GetParam() = 1\n"
        "Typed/0.  # TypeParam = short\n  TopIsLastPushed\n";
    EXPECT_THAT(parse_gtest_list(listed),
                ElementsAre("Stack.StartsEmpty", "Stack.PushThenPop", "Counts/PushMany.SizeCounts/0",
                            "Typed/0.TopIsLastPushed"));
}

TEST(GtestProgram, OneTestPerFilterMayShareAProcessWhenOnlyItsExitCodeJudgesIt) {
    std::vector<TestCase> tests(4);
    for (TestCase& test : tests) {
        test.command = {"/b/t", "--gtest_filter=S.A", "--gtest_also_run_disabled_tests"};
        test.skip_patterns = {"\\[  SKIPPED \\]"};
    }
    tests[1].command[1] = "--gtest_filter=S.B";
    tests[2].will_fail = true;
    tests[3].fixtures = true;
    mark_gtest_tests(tests);
    EXPECT_EQ(tests[0].gtest_name, "S.A");
    EXPECT_FALSE(tests[0].batch_key.empty());
    EXPECT_EQ(tests[0].batch_key, tests[1].batch_key);
    EXPECT_TRUE(tests[2].batch_key.empty());  // WILL_FAIL: CTest's judgement, in a process of its own
    EXPECT_TRUE(tests[3].batch_key.empty());  // a fixture's setup or cleanup belongs to CTest's order
    EXPECT_THAT(batch_command(tests[0], {"S.A", "S.B"}, "/o.json"),
                ElementsAre("/b/t", "--gtest_also_run_disabled_tests", "--gtest_filter=S.A:S.B",
                            "--gtest_output=json:/o.json"));
}

TEST(GtestProgram, ReadsVerdictsFromTheReportOrFromWhatACrashedRunPrinted) {
    const std::string report = R"({"testsuites": [{"name": "S", "testsuite": [
        {"name": "A", "status": "RUN", "result": "COMPLETED"},
        {"name": "B", "status": "RUN", "result": "COMPLETED",
         "failures": [{"failure": "/src/t.cpp:12\nExpected equality of these values:\n  1\n  2", "type": ""}]},
        {"name": "C", "status": "RUN", "result": "SKIPPED"}]}]})";
    const BatchVerdicts read = read_batch_verdicts(report, "");
    EXPECT_EQ(read.judged.at("S.A").verdict, TestVerdict::Passed);
    EXPECT_EQ(read.judged.at("S.B").verdict, TestVerdict::Failed);
    EXPECT_EQ(read.judged.at("S.B").reason, "exit code 1: t.cpp:12: Expected equality of these values:");
    EXPECT_EQ(read.judged.at("S.C").verdict, TestVerdict::Passed);
    const std::string printed =
        "[ RUN      ] S.A\n[       OK ] S.A (0 ms)\n[ RUN      ] S.B\n"
        "/src/t.cpp:3: Failure\nValue of: x\n[  FAILED  ] S.B (1 ms)\n[ RUN      ] S.C\n";
    const BatchVerdicts crashed = read_batch_verdicts("", printed);
    EXPECT_EQ(crashed.judged.size(), 2U);
    EXPECT_EQ(crashed.judged.at("S.B").reason, "exit code 1: t.cpp:3: Value of: x");
    ASSERT_TRUE(crashed.in_flight.has_value());
    EXPECT_EQ(*crashed.in_flight, "S.C");
}

TEST(Estimate, ALongRunNamesTheLeversThatCutIt) {
    // 40 mutants of 1 min each on 2 jobs: 20 min, no levers; 400: 3.3 h, with the costliest files.
    std::vector<PlannedMutant> planned(40, PlannedMutant{"src/a.cpp", std::chrono::minutes(1), 50});
    std::vector<std::string> notes = estimate_notes(planned, 2);
    ASSERT_EQ(notes.size(), 1U);
    EXPECT_EQ(notes[0],
              "estimated cost: 40 mutants to run, 50 covering tests each on average, ~40 min of tests, "
              "~20 min on 2 jobs");
    planned.resize(400, PlannedMutant{"src/b.cpp", std::chrono::minutes(1), 50});
    notes = estimate_notes(planned, 2);
    ASSERT_EQ(notes.size(), 2U);
    EXPECT_THAT(notes[0], HasSubstr("~6.7 h of tests, ~3.3 h on 2 jobs"));
    EXPECT_THAT(notes[1], HasSubstr("--shard K/8 on a CI matrix of 8 jobs: ~25 min each"));
    EXPECT_THAT(notes[1], HasSubstr("--since <revision>"));
    EXPECT_THAT(notes[1], HasSubstr("costliest: src/b.cpp 90%, src/a.cpp 10%"));
    EXPECT_THAT(notes[1], HasSubstr("--fail-fast: a killed mutant stops at its first killing test instead of "
                                    "running all 50"));
    EXPECT_TRUE(estimate_notes({}, 2).empty());
}

TEST(CtestJson, ReadsCommandsDirectoriesEnvironmentLabelsAndTimeouts) {
    const std::string json = R"({"kind": "ctestInfo", "version": {"major": 1}, "tests": [
      {"name": "Suite.A", "command": ["/b/t", "--gtest_filter=Suite.A"], "properties": [
        {"name": "WORKING_DIRECTORY", "value": "/b"}, {"name": "LABELS", "value": ["unit", "starter"]},
        {"name": "TIMEOUT", "value": 2.5}, {"name": "ENVIRONMENT", "value": ["K=V=W"]}]},
      {"name": "Off", "command": ["/b/t"], "properties": [{"name": "DISABLED", "value": true}]},
      {"name": "NoCommand", "properties": []}]})";
    const std::vector<TestCase> tests = parse_ctest_json(json);
    ASSERT_EQ(tests.size(), 1U);
    EXPECT_EQ(tests[0].name, "Suite.A");
    EXPECT_EQ(tests[0].working_directory, "/b");
    EXPECT_THAT(tests[0].labels, ElementsAre("unit", "starter"));
    EXPECT_EQ(tests[0].timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(tests[0].environment.at("K"), "V=W");
    EXPECT_EQ(tests_with_label(tests, "starter").size(), 1U);
    EXPECT_TRUE(tests_with_label(tests, "e2e").empty());
    EXPECT_THROW(parse_ctest_json("not json"), mlab::InputError);
}

TEST(TestVerdicts, AreJudgedAsCtestJudgesThem) {
    TestCase test;
    mlab::ProcessResult failed;
    failed.exit_code = 1;
    failed.standard_output = "[ RUN ] A.B\n/src/t.cpp:12: Failure\nExpected equality of these values:\n";
    EXPECT_EQ(judge_test(test, failed).verdict, TestVerdict::Failed);
    EXPECT_EQ(judge_test(test, failed).reason, "exit code 1: t.cpp:12: Expected equality of these values:");
    mlab::ProcessResult crashed;
    crashed.signal = 6;
    EXPECT_EQ(judge_test(test, crashed).verdict, TestVerdict::Crashed);
    EXPECT_EQ(judge_test(test, crashed).reason, "signal 6 (SIGABRT)");
    mlab::ProcessResult passed;
    passed.exit_code = 0;
    EXPECT_EQ(judge_test(test, passed).verdict, TestVerdict::Passed);
    test.will_fail = true;
    EXPECT_EQ(judge_test(test, passed).verdict, TestVerdict::Failed);
    test.will_fail = false;
    test.fail_patterns = {"LEAK"};
    passed.standard_error = "LEAK of 8 bytes";
    EXPECT_EQ(judge_test(test, passed).verdict, TestVerdict::Failed);
    mlab::ProcessResult hung;
    hung.timed_out = true;
    EXPECT_EQ(judge_test(test, hung).verdict, TestVerdict::TimedOut);
}

TEST(ChangedLines, ComeFromTheNewSideOfEachHunk) {
    const std::string diff =
        "diff --git a/src/a.cpp b/src/a.cpp\n--- a/src/a.cpp\n+++ b/src/a.cpp\n"
        "@@ -3 +3 @@\n-x\n+y\n@@ -10,0 +11,2 @@\n+p\n+q\n@@ -20,3 +22,0 @@\n-gone\n"
        "--- a/old.cpp\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n";
    const ChangedLines changed = parse_unified_zero_diff(diff, "");
    ASSERT_EQ(changed.size(), 1U);
    EXPECT_THAT(changed.at("src/a.cpp"), ElementsAre(3U, 11U, 12U));
    MutationSite site;
    site.file = "src/a.cpp";
    site.line = site.end_line = 12;
    EXPECT_TRUE(site_changed(site, changed));
    site.line = site.end_line = 13;
    EXPECT_FALSE(site_changed(site, changed));
}

TEST(Shards, AreKOfNWithOneBasedK) {
    EXPECT_EQ(parse_shard("2/4"), std::make_pair(2U, 4U));
    EXPECT_THROW(parse_shard("0/4"), mlab::InputError);
    EXPECT_THROW(parse_shard("5/4"), mlab::InputError);
    EXPECT_THROW(parse_shard("1-4"), mlab::InputError);
}

TEST(BuildDiagnostics, PointAtErrorsAndTheInstantiationsBehindThem) {
    const std::string log =
        "FAILED: x.o\n/p/a.cpp:12:5: error: no match\n/p/b.hpp:3:1: warning: unused\n"
        "/p/c.cpp:40:9:   required from here\n/p/d.cpp:7: note: see\n";
    const std::vector<DiagnosticLocation> found = error_locations(log);
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].file, "/p/a.cpp");
    EXPECT_EQ(found[0].line, 12U);
    EXPECT_EQ(found[1].file, "/p/c.cpp");
    EXPECT_EQ(first_error(log), "/p/a.cpp:12:5: error: no match");
}

nlohmann::ordered_json shard_report(const std::string& id, const std::string& status,
                                    std::vector<std::string> killed_by) {
    nlohmann::ordered_json mutant{
        {"id", id},
        {"mutatorName", "ROR.lt_to_le"},
        {"location", {{"start", {{"line", 1}, {"column", 1}}}, {"end", {{"line", 1}, {"column", 2}}}}},
        {"status", status},
        {"killedBy", killed_by},
        {"coveredBy", killed_by}};
    return nlohmann::ordered_json{
        {"schemaVersion", "2"},
        {"projectRoot", "/p"},
        {"files", {{"a.cpp", {{"language", "cpp"}, {"source", "x"}, {"mutants", {mutant}}}}}},
        {"performance", {{"setup", 1}, {"initialRun", 2}, {"mutation", 3}}}};
}

TEST(ReportPerformance, ThePhasesAddUpToTheSchemasSumsAndTheTotal) {
    ReportInput input;
    input.root = "/p";
    using std::chrono::milliseconds;
    input.times = PhaseTimes{milliseconds(1),  milliseconds(2),  milliseconds(4),  milliseconds(8),
                             milliseconds(16), milliseconds(32), milliseconds(64), milliseconds(128)};
    const nlohmann::ordered_json performance = make_report(input)["performance"];
    EXPECT_EQ(performance["setup"], 1 + 2 + 4);
    EXPECT_EQ(performance["initialRun"], 8 + 16);
    EXPECT_EQ(performance["mutation"], 32 + 64 + 128);
    EXPECT_EQ(performance["total"], 255);
    EXPECT_EQ(performance["phases"]["equivalence"], 64);
    EXPECT_EQ(performance["phases"].size(), 8U);

    // Shards' phases add up; a report without phases (an older one) counts its sums as build, baseline,
    // mutants.
    auto shard = make_report(input);
    auto older = shard;
    older["performance"] = {{"setup", 1000}, {"initialRun", 2000}, {"mutation", 3000}};
    const auto merged = merge_reports({shard, shard, older});
    EXPECT_EQ(merged["performance"]["phases"]["scan"], 2);
    EXPECT_EQ(merged["performance"]["phases"]["build"], 4 + 4 + 1000);
    EXPECT_EQ(merged["performance"]["phases"]["baseline"], 16 + 16 + 2000);
    EXPECT_EQ(merged["performance"]["phases"]["mutants"], 32 + 32 + 3000);
    EXPECT_EQ(merged["performance"]["total"], 255 + 255 + 6000);
    EXPECT_EQ(summarize_report(merged).times.total().count(), 255 + 255 + 6000);

    // A report whose phases are not numbers is bad input, as any other report field is.
    EXPECT_NO_THROW(check_report(shard, "shard.json"));
    auto bad = shard;
    bad["performance"]["phases"]["build"] = "long";
    EXPECT_THROW(check_report(bad, "shard.json"), mlab::InputError);
}

TEST(MergeReports, KilledWinsAndKillersAreUnited) {
    const auto merged =
        merge_reports({shard_report("m1", "Survived", {}), shard_report("m1", "Killed", {"T.a"}),
                       shard_report("m1", "Killed", {"T.b"})});
    const auto& mutant = merged["files"]["a.cpp"]["mutants"][0];
    EXPECT_EQ(mutant["status"], "Killed");
    EXPECT_EQ(mutant["killedBy"], nlohmann::ordered_json({"T.a", "T.b"}));
    EXPECT_EQ(merged["performance"]["mutation"], 9);
    auto other = shard_report("m1", "Killed", {});
    other["projectRoot"] = "/elsewhere";
    EXPECT_THROW(merge_reports({shard_report("m1", "Killed", {}), other}), mlab::InputError);
}

}  // namespace
}  // namespace mutator
