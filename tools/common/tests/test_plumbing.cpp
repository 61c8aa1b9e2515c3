// The plumbing both tools share: copying a project, configuring and building a copy, CTest's view of a
// test, compiler diagnostics, the worker pool, and how a command's failures end.

#include <atomic>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "mlab/common/cmake_build.hpp"
#include "mlab/common/ctest.hpp"
#include "mlab/common/diagnostics.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/mutant_switch.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/project_copy.hpp"
#include "mlab/common/worker_pool.hpp"

namespace mlab {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    write_file_atomic(path, content);
}

class TreeCopyTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = make_temp_directory("mlab-plumbing-test");
        from_ = dir_ / "project";
        to_ = dir_ / "copy";
        write(from_ / "CMakeLists.txt", "project(p)\n");
        write(from_ / "src" / "a.cpp", "int a;\n");
        write(from_ / ".git" / "HEAD", "ref\n");
        write(from_ / ".curator" / "ledger.json", "{}\n");
        write(from_ / "build" / "CMakeCache.txt", "CMAKE_GENERATOR:INTERNAL=Ninja\n");
        write(from_ / "out" / "report.json", "{}\n");
        write(from_ / "mutants" / "results.db", "");  // an earlier mutator run's output folder
        write(from_ / "mutants" / "src" / "CMakeLists.txt", "project(p)\n");
        write(from_ / "merged" / "mutation-report.json", "{}\n");  // a merge's: reports only, copied
        fs::create_symlink("src/a.cpp", from_ / "link.cpp");
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_, from_, to_;
};

TEST_F(TreeCopyTest, LeavesOutVersionControlReviewsBuildFoldersOtherRunsAndSkippedFolders) {
    TreeCopy rules;
    rules.skipped_folders = {canonical_or_same(from_ / "out")};
    sync_tree(from_, to_, rules);
    EXPECT_EQ(read_file(to_ / "src" / "a.cpp"), "int a;\n");
    EXPECT_TRUE(fs::is_symlink(to_ / "link.cpp"));
    EXPECT_EQ(fs::read_symlink(to_ / "link.cpp"), "src/a.cpp");
    EXPECT_FALSE(fs::exists(to_ / ".git"));
    EXPECT_FALSE(fs::exists(to_ / ".curator"));
    EXPECT_FALSE(fs::exists(to_ / "build"));
    EXPECT_FALSE(fs::exists(to_ / "out"));
    EXPECT_FALSE(fs::exists(to_ / "mutants"));
    EXPECT_TRUE(fs::exists(to_ / "merged" / "mutation-report.json"));
}

TEST_F(TreeCopyTest, RewritesOnlyWhatChangedAndRemovesWhatLeft) {
    sync_tree(from_, to_);
    const auto untouched = fs::last_write_time(to_ / "CMakeLists.txt");
    write(to_ / "build" / "CMakeCache.txt", "made in the copy\n");  // a build folder in the copy stays
    fs::remove(from_ / "src" / "a.cpp");
    write(from_ / "src" / "b.cpp", "int b;\n");
    TreeCopy rules;
    rules.replacements[from_ / "src" / "b.cpp"] = "int b = 1;\n";
    rules.dropped = {"link.cpp"};
    rules.added[from_ / "src" / ".b.cpp.plain"] = "int b;\n";
    rules.added[from_ / "gone" / "c.cpp"] = "int c;\n";  // a folder the copy does not hold
    sync_tree(from_, to_, rules);
    EXPECT_EQ(read_file(to_ / "src" / ".b.cpp.plain"), "int b;\n");
    EXPECT_FALSE(fs::exists(to_ / "gone"));
    EXPECT_FALSE(fs::exists(from_ / "src" / ".b.cpp.plain"));
    rules.added.clear();
    sync_tree(from_, to_, rules);
    EXPECT_FALSE(fs::exists(to_ / "src" / ".b.cpp.plain"));  // no longer added: removed
    EXPECT_EQ(fs::last_write_time(to_ / "CMakeLists.txt"), untouched);
    EXPECT_FALSE(fs::exists(to_ / "src" / "a.cpp"));
    EXPECT_FALSE(fs::exists(fs::symlink_status(to_ / "link.cpp")));
    EXPECT_EQ(read_file(to_ / "src" / "b.cpp"), "int b = 1;\n");
    EXPECT_EQ(read_file(from_ / "src" / "b.cpp"), "int b;\n");  // the original is only read
    EXPECT_TRUE(fs::exists(to_ / "build" / "CMakeCache.txt"));
}

TEST_F(TreeCopyTest, ConfiguresACopyLikeTheUsersBuild) {
    write(from_ / "build" / "CMakeCache.txt",
          "CMAKE_GENERATOR:INTERNAL=Ninja\nCMAKE_BUILD_TYPE:STRING=Debug\nDATA:PATH=" + from_.string() +
              "/data\nLAUNCH:STRING=ccache\n");
    const std::vector<std::string> command =
        configure_copy_command({from_ / "build", from_, to_, dir_ / "copy-build", {"LAUNCH"}, {"-DEXTRA=1"}});
    const std::vector<std::string> expected{"cmake",
                                            "-S",
                                            to_.string(),
                                            "-B",
                                            (dir_ / "copy-build").string(),
                                            "-G",
                                            "Ninja",
                                            "-DCMAKE_BUILD_TYPE:STRING=Debug",
                                            "-DDATA:PATH=" + to_.string() + "/data",
                                            "-DEXTRA=1",
                                            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"};
    EXPECT_EQ(command, expected);
    EXPECT_EQ(cmake_generator_of(from_ / "build"), "Ninja");
    try {
        cmake_generator_of(from_ / "src", "use --build-cmd");
        FAIL() << "not a build folder";
    } catch (const InputError& error) {
        EXPECT_EQ(std::string(error.what()), (from_ / "src").string() +
                                                 ": not a CMake build folder (no CMakeCache.txt with "
                                                 "CMAKE_GENERATOR); use --build-cmd");
    }
}

TEST_F(TreeCopyTest, BuildsTargetsAndKeepsGoingWithTheGeneratorsFlag) {
    BuildRequest request{from_ / "build", {"a", "b"}, 3, true, std::chrono::minutes(1), nullptr};
    const std::vector<std::string> expected{
        "cmake", "--build", (from_ / "build").string(), "--target", "a", "b", "--parallel", "3", "--",
        "-k",    "0"};
    EXPECT_EQ(build_command(request), expected);
    request.keep_going = false;
    request.targets.clear();
    request.jobs = 0;
    EXPECT_EQ(build_command(request),
              (std::vector<std::string>{"cmake", "--build", (from_ / "build").string(), "--parallel", "1"}));
}

TEST(FindProgram, LooksInPathAndTakesAPathAsItIs) {
    EXPECT_FALSE(mlab::find_program("sh").empty());
    EXPECT_EQ(mlab::find_program("/bin/sh"), "/bin/sh");
    EXPECT_EQ(mlab::find_program("mlab-no-such-program-xyz"), "");
    EXPECT_EQ(mlab::find_program("/nonexistent/sh"), "");
    EXPECT_EQ(mlab::find_program(""), "");
}

TEST(RelativeInside, IsTheFolderOrBelowIt) {
    EXPECT_EQ(relative_inside("/a/b/c.cpp", "/a"), fs::path("b/c.cpp"));
    EXPECT_TRUE(is_inside("/a", "/a"));
    EXPECT_FALSE(is_inside("/ab/c", "/a"));
    EXPECT_FALSE(is_inside("/c", "/a/b"));
}

ProcessResult exited(int code, std::string output) {
    ProcessResult result;
    result.exit_code = code;
    result.standard_output = std::move(output);
    return result;
}

TEST(JudgeTest, JudgesAsCTestDoes) {
    const CTestTest plain;
    EXPECT_EQ(judge_test(plain, exited(0, "")).verdict, TestVerdict::Passed);
    const TestOutcome failed = judge_test(plain, exited(1, "t.cpp:3: Failure\nExpected: 1\n"));
    EXPECT_EQ(failed.verdict, TestVerdict::Failed);
    EXPECT_EQ(failed.reason, "exit code 1: t.cpp:3: Expected: 1");
    CTestTest inverted;
    inverted.will_fail = true;
    EXPECT_EQ(judge_test(inverted, exited(1, "")).verdict, TestVerdict::Passed);
    CTestTest pattern;
    pattern.pass_patterns = {"all good"};
    EXPECT_EQ(judge_test(pattern, exited(1, "all good")).verdict, TestVerdict::Passed);
    ProcessResult crashed;
    crashed.signal = 11;
    EXPECT_EQ(judge_test(plain, crashed).verdict, TestVerdict::Crashed);
    EXPECT_EQ(judge_test(plain, crashed).reason, "signal 11 (SIGSEGV)");
}

TEST(GtestFailureMessage, FoldsTheWholeAssertion) {
    EXPECT_EQ(
        gtest_failure_message("[ RUN ] A.b\nt.cpp:3: Failure\nExpected equality of these values:\n  f(1)\n"
                              "    Which is: 2\n  3\n[  FAILED  ] A.b (0 ms)\n"),
        "Expected equality of these values: f(1) Which is: 2 3");
    EXPECT_EQ(gtest_failure_message("unknown file: Failure\nC++ exception with description \"boom\"\n"),
              "C++ exception with description \"boom\"");
    EXPECT_EQ(gtest_failure_message("nothing to see\n"), "");
}

TEST(ParseCTestJson, ReadsTheProperties) {
    const std::vector<CTestTest> tests = parse_ctest_json(R"({"tests": [
        {"name": "a", "command": ["/bin/a", "--x"], "properties": [
            {"name": "WORKING_DIRECTORY", "value": "/w"}, {"name": "ENVIRONMENT", "value": ["K=V"]},
            {"name": "LABELS", "value": ["unit"]}, {"name": "TIMEOUT", "value": 2.5},
            {"name": "RESOURCE_LOCK", "value": ["db"]}, {"name": "FIXTURES_REQUIRED", "value": ["f"]}]},
        {"name": "off", "command": ["/bin/b"], "properties": [{"name": "DISABLED", "value": true}]},
        {"name": "no_command"}]})");
    ASSERT_EQ(tests.size(), 1U);
    EXPECT_EQ(tests[0].command, (std::vector<std::string>{"/bin/a", "--x"}));
    EXPECT_EQ(tests[0].working_directory, fs::path("/w"));
    EXPECT_EQ(tests[0].environment.at("K"), "V");
    EXPECT_EQ(tests[0].timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(tests[0].resource_locks, std::vector<std::string>{"db"});
    EXPECT_TRUE(tests[0].fixtures);
    EXPECT_EQ(tests_with_label(tests, "unit").size(), 1U);
    EXPECT_TRUE(tests_with_label(tests, "other").empty());
    EXPECT_THROW(parse_ctest_json("not json"), InputError);
}

TEST(CompileErrors, ReadsGccAndClangErrorLines) {
    const std::string log =
        "In file included from /p/a.cpp:2:\n"
        "/p/a.h:7:3: error: 'x' was not declared in this scope\n"
        "/p/a.cpp:12:5: fatal error: missing.h: No such file or directory\n"
        "/p/t.h:4:   required from here\n"
        "/p/a.cpp:1:1: warning: unused\n";
    const std::vector<CompileError> errors = compile_errors(log);
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].file, "/p/a.h");
    EXPECT_EQ(errors[0].line, 7U);
    EXPECT_EQ(errors[1].message, "missing.h: No such file or directory");
    EXPECT_EQ(error_locations(log).size(), 3U);
    EXPECT_EQ(first_error_line(log), "/p/a.h:7:3: error: 'x' was not declared in this scope");
    EXPECT_EQ(first_error_line("collect2:  error:\tld returned 1"), "collect2: error: ld returned 1");
    EXPECT_EQ(first_error_line("all fine\n"), "");
}

TEST(ParallelFor, RunsEveryJobAndRethrowsTheFirstFailureInTheCaller) {
    std::atomic<int> sum{0};
    parallel_for(100, 4, [&](std::size_t i) { sum += static_cast<int>(i); });
    EXPECT_EQ(sum.load(), 4950);
    std::atomic<int> ran{0};
    EXPECT_THROW(parallel_for(1000, 0,
                              [&](std::size_t i) {
                                  ++ran;
                                  if (i == 3) {
                                      throw std::runtime_error("disk full");
                                  }
                              }),
                 std::runtime_error);
    EXPECT_LT(ran.load(), 1000);
    EXPECT_EQ(jobs_or_cores(3), 3U);
    EXPECT_GE(jobs_or_cores(0), 1U);
}

TEST(ReportFailure, EveryExceptionIsOneLineAndItsExitCode) {
    const auto line_of = [](std::exception_ptr error, int expected) {
        std::ostringstream out;
        EXPECT_EQ(report_failure("tool", error, out), expected);
        return out.str();
    };
    EXPECT_EQ(line_of(std::make_exception_ptr(InputError("a.json: not JSON\nmore")), kExitInputError),
              "tool: a.json: not JSON\n");
    EXPECT_EQ(line_of(std::make_exception_ptr(Interrupted()), kExitInterrupted), "tool: interrupted\n");
    EXPECT_EQ(line_of(std::make_exception_ptr(fs::filesystem_error("cannot copy", std::error_code())),
                      kExitInputError)
                  .rfind("tool: filesystem error: cannot copy", 0),
              0U);
    EXPECT_EQ(line_of(std::make_exception_ptr(42), kExitInputError), "tool: an unexpected error\n");
}

TEST_F(TreeCopyTest, SwitchTablesAndCoverageFilesRoundTrip) {
    EXPECT_FALSE(read_switches(switches_file(dir_ / "run")).has_value());  // a run that wrote none
    SwitchTable table;
    table.by_id["de95052f9dc5"] = {17, 4};
    table.by_id["a24476744a9a"] = {18, 0};
    fs::create_directories(dir_ / "run" / "schemata");
    write_switches(switches_file(dir_ / "run"), table);
    const std::optional<SwitchTable> read = read_switches(switches_file(dir_ / "run"));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->by_id.at("de95052f9dc5").number, 17U);
    EXPECT_EQ(read->by_id.at("de95052f9dc5").function, 4U);
    EXPECT_EQ(read->by_id.at("a24476744a9a").function, 0U);
    const std::map<std::string, std::string> environment = switch_environment(read->by_id.at("de95052f9dc5"));
    EXPECT_EQ(environment.at(kActiveMutantVariable), "17");
    EXPECT_EQ(environment.at(kActiveFunctionVariable), "4");
    write(dir_ / "run" / "schemata" / "switches.json",
          R"({"version": 1, "mutants": {"x": {"number": "seven"}}})");
    EXPECT_THROW(read_switches(switches_file(dir_ / "run")), InputError);

    // The start marker and whole lines of digits; a line cut by a killed process is not a number.
    write(dir_ / "coverage.txt", "0\n5\n12\n0\n3x\n1234567890123\n7");
    EXPECT_EQ(read_coverage_file(dir_ / "coverage.txt"), (std::set<std::uint32_t>{0, 5, 7, 12}));
    EXPECT_TRUE(read_coverage_file(dir_ / "missing.txt").empty());
}

}  // namespace
}  // namespace mlab
