// `mutator run` on the shapes real projects have (tests/testdata/<shape>/README.md names each): a run either
// measures a score that is right, or stops with one line and exit code 2. Plain CTest projects, so each
// test builds in seconds.

#include <csignal>
#include <thread>

#include <fcntl.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <spawn.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "workflows.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using mlab::ProcessResult;
using mlab::cli_testing::ExampleProject;
using mlab::cli_testing::expect_input_error;
using mlab::cli_testing::run;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using mlab::cli_testing::read_json;

// status → how many mutants of the report have it.
std::map<std::string, int> statuses(const json& report) {
    std::map<std::string, int> out;
    for (const auto& [file, entry] : report["files"].items()) {
        for (const json& mutant : entry["mutants"]) {
            ++out[mutant["status"].get<std::string>()];
        }
    }
    return out;
}

// A `mutator run` started in the background, for the tests that interrupt it or run a second one beside it.
class BackgroundRun {
  public:
    BackgroundRun(const std::vector<std::string>& args, const fs::path& cwd) {
        std::vector<std::string> argv{MLAB_MUTATOR_BIN};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> pointers;
        for (std::string& arg : argv) {
            pointers.push_back(arg.data());
        }
        pointers.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        EXPECT_EQ(posix_spawn(&pid_, MLAB_MUTATOR_BIN, &actions, nullptr, pointers.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
    }
    ~BackgroundRun() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            wait();
        }
    }
    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;

    pid_t pid() const { return pid_; }
    /// The exit code, or 128 + the signal.
    int wait() {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

  private:
    pid_t pid_ = -1;
};

// Waits up to `seconds` for `done()`.
template <typename Done>
bool eventually(Done done, int seconds = 60) {
    for (int i = 0; i < seconds * 20; ++i) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

class Shapes : public ExampleProject {};

// "FILE:LINE RULE" of each mutant of `report` with this status, and its statusReason when `with_reason`.
std::vector<std::string> mutants_with(const json& report, const std::string& status, bool with_reason) {
    std::vector<std::string> out;
    for (const auto& [file, entry] : report["files"].items()) {
        for (const json& mutant : entry["mutants"]) {
            if (mutant["status"] == status) {
                out.push_back(fmt::format("{}:{} {}{}", fs::path(file).filename().string(),
                                          mutant["location"]["start"]["line"].get<int>(),
                                          mutant["mutatorName"].get<std::string>(),
                                          with_reason ? " " + mutant.value("statusReason", "") : ""));
            }
        }
    }
    return out;
}

// Survivors worth a reader's time (tests/testdata/equivalent/README.md): rules leave nonsense mutants out,
// compiling the survivors sets the equivalent ones and duplicates aside (cached for the next run), a
// header's mutant that only today's callers make the same stays, and --harden turns a read past the end into
// a kill.
TEST_F(Shapes, EquivalentDuplicateAndHiddenMutantsAreSetAside) {
    open("equivalent");
    const fs::path out = temp() / "mutants";
    const std::vector<std::string> run_args{"run",   "-q",         "-p",        build().string(),
                                            "--out", out.string(), "--reports", "json,markdown"};
    const ProcessResult first = mutator(run_args);
    ASSERT_EQ(first.exit_code, 0) << first.standard_error << first.standard_output;
    EXPECT_THAT(first.standard_output, HasSubstr("Survived 6, NoCoverage 0, CompileError 0, RuntimeError 0, "
                                                 "Ignored 8 (7 equivalent, 1 duplicate)"));
    EXPECT_THAT(first.standard_output,
                HasSubstr("skipped: 28 (3 arid call, 11 assertion, 4 constant initializer, 4 default member "
                          "initializer, 6 macro)"));
    EXPECT_THAT(first.standard_error, HasSubstr("equivalence: 7 of 14 survivors equivalent, 1 duplicate"));
    const json report = read_json(out / "mutation-report.json");
    const std::string kEquivalent = "equivalent: the compiler generates the same code";
    const std::string duplicate_of = [&] {
        for (const json& mutant : report["files"]["src/codec.cpp"]["mutants"]) {
            if (mutant["location"]["start"]["line"] == 75 && mutant["mutatorName"] == "ROR.gt_to_ge") {
                return mutant["id"].get<std::string>();
            }
        }
        return std::string("(none)");
    }();
    EXPECT_THAT(
        mutants_with(report, "Ignored", true),
        ElementsAre("codec.cpp:14 AOR.add_to_sub " + kEquivalent,
                    "codec.cpp:48 RVR.to_default " + kEquivalent, "codec.cpp:59 ROR.lt_to_le " + kEquivalent,
                    "codec.cpp:59 CR.int_to_one " + kEquivalent, "codec.cpp:62 ROR.gt_to_ge " + kEquivalent,
                    "codec.cpp:62 CR.int_decrement " + kEquivalent, "codec.cpp:70 RVR.to_zero " + kEquivalent,
                    "codec.cpp:75 CR.int_decrement duplicate: the compiler generates the same code as " +
                        duplicate_of));
    // The boundary of `above` is a real gap and kept; Window::clear() is called only by the destructor, but a
    // new test could call it: its mutants are not set aside.
    EXPECT_THAT(mutants_with(report, "Survived", false),
                ElementsAre("codec.cpp:75 ROR.gt_to_ge", "codec.cpp:78 ROR.lt_to_le",
                            "codec.hpp:27 SDL.remove_call", "codec.hpp:32 SDL.remove_call",
                            "codec.hpp:33 CR.int_to_one", "codec.hpp:33 CR.int_decrement"));
    // No mutant at all on the capacity hints, the assertion, the literal-zero product, the default values.
    for (const json& mutant : report["files"]["src/codec.cpp"]["mutants"]) {
        const int line = mutant["location"]["start"]["line"];
        EXPECT_THAT(std::vector<int>({20, 26, 32, 36, 38, 55}), Not(::testing::Contains(line)))
            << mutant.dump();
        EXPECT_FALSE(line == 14 && mutant["mutatorName"] == "AOR.mul_to_div") << mutant.dump();
    }
    EXPECT_EQ(report["files"]["src/codec.hpp"]["mutants"].size(), 11U) << "none on Header's = 0";
    EXPECT_THAT(mlab::read_file(out / "mutation-report.md"),
                HasSubstr("Of the ignored, 7 equivalent and 1 duplicate"));

    // The next run compiles nothing: each unit's code and each mutant's are in the results store.
    const ProcessResult again = mutator(run_args);
    ASSERT_EQ(again.exit_code, 0) << again.standard_error;
    EXPECT_THAT(again.standard_error, HasSubstr("(0 compiles, "));
    EXPECT_EQ(mutants_with(read_json(out / "mutation-report.json"), "Ignored", true),
              mutants_with(report, "Ignored", true));

    // Two shards judge as one run: a mutant's code does not depend on the other mutants a shard builds, and
    // the merge finds the duplicates among the shards' survivors (each shard holds one of the pair at 75).
    std::vector<std::string> shard_dirs;
    for (const std::string shard : {"1/2", "2/2"}) {
        shard_dirs.push_back((temp() / ("shard-" + shard.substr(0, 1))).string());
        const ProcessResult part = mutator({"run", "-q", "-p", build().string(), "--out", shard_dirs.back(),
                                            "--reports", "json", "--shard", shard});
        ASSERT_EQ(part.exit_code, 0) << part.standard_error;
    }
    const ProcessResult merged =
        mutator({"merge", shard_dirs[0], shard_dirs[1], "--out", (temp() / "merged").string()});
    ASSERT_EQ(merged.exit_code, 0) << merged.standard_error;
    const json merged_report = read_json(temp() / "merged" / "mutation-report.json");
    EXPECT_EQ(mutants_with(merged_report, "Ignored", true), mutants_with(report, "Ignored", true));
    EXPECT_EQ(mutants_with(merged_report, "Survived", false), mutants_with(report, "Survived", false));

    // With --no-equivalence: every survivor is reported.
    std::vector<std::string> plain_args = run_args;
    plain_args.emplace_back("--no-equivalence");
    const ProcessResult plain = mutator(plain_args);
    ASSERT_EQ(plain.exit_code, 0) << plain.standard_error;
    EXPECT_THAT(plain.standard_output,
                HasSubstr("Survived 14, NoCoverage 0, CompileError 0, RuntimeError 0, Ignored 0\n"));
    EXPECT_THAT(plain.standard_error, Not(HasSubstr("equivalence:")));

    // --harden: the read one past the end in byte_at aborts in the standard library's assertion.
    const ProcessResult hardened = mutator({"run", "-q", "-p", build().string(), "--out",
                                            (temp() / "hardened").string(), "--reports", "json", "--harden"});
    ASSERT_EQ(hardened.exit_code, 0) << hardened.standard_error;
    const json hardened_report = read_json(temp() / "hardened" / "mutation-report.json");
    EXPECT_THAT(mutants_with(hardened_report, "Killed", false),
                ::testing::Contains("codec.cpp:78 ROR.lt_to_le"));
    EXPECT_EQ(hardened_report["config"]["harden"], true);
    EXPECT_THAT(mutants_with(hardened_report, "Survived", false),
                Not(::testing::Contains("codec.cpp:78 ROR.lt_to_le")));
}

// A relative --out (as docs/student.md and the CI examples write it) measures the same score as an absolute
// one; constants the compiler folds are skipped, not counted NoCoverage.
TEST_F(Shapes, ConstTablesRelativeOutAndFoldedConstants) {
    open("const_tables");
    const fs::path relative_out = temp() / "mutants";
    const ProcessResult relative = run(
        {MLAB_MUTATOR_BIN, "run", "-q", "-p", "const_tables/build", "--out", "mutants", "--reports", "json"},
        temp());
    ASSERT_EQ(relative.exit_code, 0) << relative.standard_error << relative.standard_output;
    EXPECT_THAT(relative.standard_output, HasSubstr("constant initializer"));
    EXPECT_THAT(relative.standard_output, HasSubstr("narrowing"));
    EXPECT_THAT(relative.standard_output, HasSubstr("pasted or stringized macro argument"));
    EXPECT_THAT(relative.standard_output, HasSubstr("constant argument of a builtin"));
    const json report = read_json(relative_out / "mutation-report.json");
    const std::map<std::string, int> counts = statuses(report);
    EXPECT_GT(counts.count("Killed") ? counts.at("Killed") : 0, 10);
    EXPECT_EQ(counts.count("CompileError"), 0U) << "no mutant that cannot compile by construction";
    // NoCoverage only where no test reaches: unused_parity, and nothing on the lines of the constants
    // (the anonymous namespace at the top of the file).
    const std::string source = mlab::read_file(root() / "src" / "checksums.cpp");
    const auto line_of = [&](const std::string& text) {
        return 1 + static_cast<int>(std::count(source.begin(),
                                               source.begin() + static_cast<long>(source.find(text)), '\n'));
    };
    const int constants_end = line_of("}  // namespace");
    const int unused_begin = line_of("int unused_parity");
    const json& mutants = report["files"]["src/checksums.cpp"]["mutants"];
    int unreached = 0;
    for (const json& mutant : mutants) {
        const int line = mutant["location"]["start"]["line"];
        EXPECT_GT(line, constants_end) << "a mutant of a folded constant: " << mutant.dump();
        if (mutant["status"] == "NoCoverage") {
            ++unreached;
            EXPECT_GT(line, unused_begin) << "NoCoverage outside unused_parity: " << mutant.dump();
        }
    }
    EXPECT_GT(unreached, 0);

    // The same run with an absolute --out: the same statuses.
    const ProcessResult absolute = mutator(
        {"run", "-q", "-p", build().string(), "--out", (temp() / "absolute").string(), "--reports", "json"});
    ASSERT_EQ(absolute.exit_code, 0) << absolute.standard_error;
    EXPECT_EQ(statuses(read_json(temp() / "absolute" / "mutation-report.json")), counts);
}

// Tests that clear their environment cannot record coverage: no score, one line, exit 2.
TEST_F(Shapes, EnvClearingTestStopsTheRunInsteadOfAScore) {
    open("env_clearing");
    const ProcessResult result = mutator({"run", "-q", "-p", "build", "--out", (temp() / "out").string()});
    expect_input_error(result, "coverage self-check failed: none of the 1 tests ran instrumented code");
    EXPECT_THAT(result.standard_output, Not(HasSubstr("mutation score")));
    EXPECT_FALSE(fs::exists(temp() / "out" / "mutation-report.json"));
}

// cmake -S cpp, tests reading ../test_data/: the mutant build mirrors the git top level (else --root), and
// a mirror that lists fewer tests than the user's build stops the run, naming the missing tests.
TEST_F(Shapes, SubfolderProjectWhoseTestsReadTheRepositorysData) {
    open("subfolder_data", "cpp");
    build_it();
    // Outside git and without --root the copy holds cpp/ only: one test is not even listed there.
    const ProcessResult outside =
        mutator({"run", "-q", "-p", "build", "--out", (temp() / "no-git").string()});
    expect_input_error(outside, "self-check failed: the mutant build lists 2 tests, ");
    EXPECT_THAT(outside.standard_error, HasSubstr("lists 3; missing: 'words.with_data'"));
    EXPECT_THAT(outside.standard_error, HasSubstr("pass --root"));
    EXPECT_FALSE(fs::exists(temp() / "no-git" / "mutation-report.json"));
    // --root names what the tests reach.
    const ProcessResult rooted = mutator(
        {"run", "-q", "-p", "build", "--root", root().string(), "--out", (temp() / "rooted").string()});
    ASSERT_EQ(rooted.exit_code, 0) << rooted.standard_error << rooted.standard_output;
    EXPECT_THAT(rooted.standard_output, HasSubstr("mutation score"));
    // In a git repository its top level is mirrored without --root.
    ASSERT_TRUE(run({"git", "init", "-q", root().string()}).succeeded());
    const ProcessResult in_git = mutator({"run", "-q", "-p", "build", "--out", (temp() / "git").string()});
    fs::remove_all(root() / ".git");  // not part of the snapshot the fixture compares
    ASSERT_EQ(in_git.exit_code, 0) << in_git.standard_error << in_git.standard_output;
    const std::map<std::string, int> counts = statuses(read_json(temp() / "git" / "mutation-report.json"));
    EXPECT_GT(counts.at("Killed"), 0);
    EXPECT_EQ(counts, statuses(read_json(temp() / "rooted" / "mutation-report.json")));
}

// A copy of the project inside a build folder of its git repository (as curator's funnel makes one) is its
// own root: the mirror leaves build folders out, so widening to the git top level would lose the copy.
TEST_F(Shapes, ACopyInsideABuildFolderOfTheRepositoryIsItsOwnRoot) {
    open("const_tables");
    ASSERT_TRUE(run({"git", "init", "-q", root().string()}).succeeded());
    const fs::path copy = build() / "copy";
    fs::create_directories(copy);
    for (const char* part : {"CMakeLists.txt", "src", "tests"}) {
        fs::copy(root() / part, copy / part, fs::copy_options::recursive);
    }
    ASSERT_TRUE(run({MLAB_CMAKE_COMMAND, "-S", copy.string(), "-B", (copy / "build").string(), "-G",
                     MLAB_CMAKE_GENERATOR})
                    .succeeded());
    const ProcessResult result = run(
        {MLAB_MUTATOR_BIN, "run", "-q", "-p", (copy / "build").string(), "--out", (temp() / "out").string()},
        copy);
    fs::remove_all(root() / ".git");
    ASSERT_EQ(result.exit_code, 0) << result.standard_error << result.standard_output;
    EXPECT_THAT(result.standard_output, HasSubstr("mutation score"));
}

// RUN_SERIAL, RESOURCE_LOCK and a private TMPDIR keep tests that share a file apart; two tests that share
// one and say nothing pass because they are run alone once they fail beside each other.
TEST_F(Shapes, SharedTemporaryFilesAreKeptApart) {
    open("shared_tmp");
    const ProcessResult result =
        mutator({"run", "-j", "2", "-p", "build", "--out", (temp() / "out").string(), "--reports", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error << result.standard_output;
    EXPECT_THAT(result.standard_error,
                HasSubstr("failed beside other tests but passed alone, so from now on run alone (as "
                          "RUN_SERIAL): store.undeclared_"));  // whichever wrote first
    const std::map<std::string, int> counts = statuses(read_json(temp() / "out" / "mutation-report.json"));
    EXPECT_GT(counts.at("Killed"), 0);
    EXPECT_EQ(counts.count("RuntimeError"), 0U);
}

// Two runs into one --out at once: the second is refused, naming the first one's pid.
TEST_F(Shapes, SecondRunIntoTheSameOutIsRefused) {
    open("const_tables");
    const fs::path out = temp() / "out";
    BackgroundRun first({"run", "-q", "-p", "build", "--out", out.string()}, root());
    ASSERT_TRUE(eventually([&] {
        return fs::exists(out / ".lock") &&
               mlab::read_file(out / ".lock") == std::to_string(first.pid()) + "\n";
    }));
    const ProcessResult second = mutator({"run", "-q", "-p", "build", "--out", out.string()});
    expect_input_error(second, "in use by another run (pid " + std::to_string(first.pid()) + ")");
    EXPECT_EQ(first.wait(), 0);
}

// Ctrl-C during the mutant build stops the compilers at once; the run exits 130.
TEST_F(Shapes, InterruptDuringTheBuildStopsTheCompilers) {
    open("const_tables");
    const fs::path out = temp() / "out";
    BackgroundRun running({"run", "-q", "-p", "build", "--out", out.string()}, root());
    ASSERT_TRUE(eventually([&] { return fs::exists(out / "logs" / "configure.args"); }));
    const auto started = std::chrono::steady_clock::now();
    kill(running.pid(), SIGINT);
    EXPECT_EQ(running.wait(), 130);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    // Nothing the build started is left running.
    const ProcessResult left = run({"pgrep", "-f", (out / "build").string()});
    EXPECT_NE(left.exit_code, 0) << left.standard_output;
}

// Test helpers named outside the globs are known by the build: built only into a test program.
TEST_F(Shapes, TestHelpersNamedOutsideTheGlobsAreNotMutated) {
    open("test_helpers");
    const ProcessResult listed = mutator({"list", "-p", "build"});
    ASSERT_EQ(listed.exit_code, 0) << listed.standard_error;
    EXPECT_THAT(listed.standard_output, HasSubstr("src/ranges.cpp:4:15  ROR"));
    EXPECT_THAT(listed.standard_output, Not(HasSubstr("ranges_test_main.cc")));
    EXPECT_THAT(listed.standard_output, Not(HasSubstr("ranges_unittests.h")));
    EXPECT_THAT(listed.standard_output, HasSubstr(" test code"));
}

// A mutant the shared build cannot hold and that does not compile alone is a CompileError from a syntax
// check of its unit; a build error that names no site's line is traced to its site by bisection.
TEST_F(Shapes, FallbackMutantsAreCheckedAloneAndUnmatchedErrorsBisected) {
    open("fallback");
    const ProcessResult result = mutator({"run", "-p", "build", "--out", (temp() / "out").string(),
                                          "--reports", "json", "--operators", "SLR,AOR.mul_to_div,ROR"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error << result.standard_output;
    EXPECT_THAT(result.standard_error, HasSubstr("checking each alone (syntax only)"));
    const json report = read_json(temp() / "out" / "mutation-report.json");
    const json& mutants = report["files"]["src/names.cpp"]["mutants"];
    std::map<std::string, std::string> by_rule;
    for (const json& mutant : mutants) {
        by_rule[mutant["mutatorName"].get<std::string>()] =
            mutant["status"].get<std::string>() + " " + mutant.value("statusReason", "");
    }
    EXPECT_THAT(by_rule.at("SLR.configured_pair"), HasSubstr("CompileError"));
    EXPECT_THAT(by_rule.at("SLR.configured_pair"), HasSubstr("too long"));
    EXPECT_THAT(by_rule.at("AOR.mul_to_div"), HasSubstr("Killed"));

    // The same with a build that rejects `value * 2`'s switch with an error on line 1.
    const ProcessResult bisected =
        mutator({"run", "-p", "build", "--out", (temp() / "bisect").string(), "--reports", "json",
                 "--operators", "AOR.mul_to_div,ROR", "--build-cmd", "sh break_at.sh build-mutants",
                 "--test-cmd", "build-mutants/names_test"});
    ASSERT_EQ(bisected.exit_code, 0) << bisected.standard_error << bisected.standard_output;
    EXPECT_THAT(bisected.standard_error, HasSubstr("finding the site among 3 that breaks the build"));
    EXPECT_THAT(bisected.standard_error, HasSubstr("1 mutants compile alone; building each on its own"));
    const std::map<std::string, int> counts = statuses(read_json(temp() / "bisect" / "mutation-report.json"));
    EXPECT_EQ(counts.at("Killed") + (counts.count("Survived") ? counts.at("Survived") : 0), 3);
}

// Two labels on gtest-discovered tests, in the form docs/lab.md gives: each label is read.
TEST_F(Shapes, DiscoveredTestsCarryTwoLabels) {
    open("test_helpers");
    build_it();
    for (const std::string label : {"starter", "reference"}) {
        SCOPED_TRACE(label);
        const fs::path out = temp() / ("out-" + label);
        const ProcessResult result = mutator(
            {"run", "-q", "-p", "build", "--out", out.string(), "--test-label", label, "--reports", "json"});
        ASSERT_EQ(result.exit_code, 0) << result.standard_error << result.standard_output;
        const json report = read_json(out / "mutation-report.json");
        ASSERT_EQ(report["testFiles"].size(), 1U) << report["testFiles"].dump();
        EXPECT_THAT(report["testFiles"].dump(), HasSubstr("Ranges.ClampsLowHighAndInside"));
        EXPECT_GT(statuses(report).at("Killed"), 0);
    }
}

// A list option takes one value per flag: the path after it stays a path.
TEST_F(Shapes, ListOptionsDoNotSwallowPaths) {
    open("const_tables");
    const ProcessResult listed = mutator({"list", "-p", "build", "--disable", "CR", "src/checksums.cpp"});
    ASSERT_EQ(listed.exit_code, 0) << listed.standard_error;
    EXPECT_THAT(listed.standard_output, HasSubstr("ROR"));
    EXPECT_THAT(listed.standard_output, Not(HasSubstr(" CR.")));
}

// The disk fills up mid-run (here a file-size limit with SIGXFSZ ignored, so writes fail as on a full disk:
// the results store's log outgrows it among the mutants): one line and exit code 2, not an abort; the
// results stored so far are kept, and --resume, once there is room, finishes without running them again.
TEST_F(Shapes, ADiskFullMidRunKeepsTheResultsAndResumeFinishes) {
    open("const_tables");
    const fs::path out = temp() / "out";
    const std::string command = std::string("trap '' XFSZ; ulimit -f 400; exec ") + MLAB_MUTATOR_BIN +
                                " run -q -p build --out " + out.string() + " --reports json";
    const ProcessResult full = run({"bash", "-c", command}, root());
    expect_input_error(full, "cannot use the results store " + (out / "results.db").string());
    EXPECT_THAT(full.standard_error, Not(HasSubstr("terminate")));
    const ProcessResult resumed =
        mutator({"run", "-p", "build", "--out", out.string(), "--reports", "json", "--resume"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.standard_error;
    EXPECT_THAT(resumed.standard_error, HasSubstr("results reused from earlier runs"));
    const std::map<std::string, int> counts = statuses(read_json(out / "mutation-report.json"));
    EXPECT_EQ(counts.count("Pending"), 0U);
    EXPECT_GT(counts.at("Killed"), 10);
}

// docs/examples/github-actions-mutation.yml's steps, run as written (bash -e, in the project's folder; the
// action's step with the workflow's inputs, a relative out folder) on a project of the const_tables shape:
// the gate passes, and the summary and the SARIF report are written.
TEST_F(Shapes, TheMutationWorkflowRunsAsWritten) {
    namespace ci = mlab::cli_testing;
    open("const_tables");
    const ci::WorkflowJob job = ci::github_job(
        YAML::LoadFile((fs::path(MLAB_SOURCE_DIR) / "docs/examples/github-actions-mutation.yml").string()),
        "mutation");
    const ci::Runner runner(root(), temp() / "summary.md");
    const ProcessResult built = runner.run(job.script("Build the project"), job.environment);
    ASSERT_EQ(built.exit_code, 0) << built.standard_output << built.standard_error;
    // The action's step with the workflow's inputs (its out folder relative, as the workflow has it).
    const ProcessResult result =
        runner.run(ci::action_step(job.step("Mutation testing").with, "Mutation testing"), job.environment);
    EXPECT_EQ(result.exit_code, 0) << result.standard_output << result.standard_error;
    EXPECT_THAT(mlab::read_file(temp() / "summary.md"), HasSubstr("src/checksums.cpp"));
    EXPECT_TRUE(fs::exists(root() / job.step("Upload SARIF").with.at("sarif_file")));
    const std::map<std::string, int> counts =
        statuses(read_json(root() / "mutants" / "mutation-report.json"));
    EXPECT_GT(counts.at("Killed"), 10);
    fs::remove_all(root() /
                   "mutants");  // the workflow's output, not part of the sources the fixture compares
}

// Numbers out of range name their bounds as a person writes them.
TEST(BadNumbers, NameReadableBounds) {
    const fs::path here = mlab::make_temp_directory("mlab-numbers");
    const ProcessResult factor =
        run({MLAB_MUTATOR_BIN, "run", "-p", here.string(), "--out", "out", "--timeout-factor", "-1"}, here);
    expect_input_error(factor, "--timeout-factor: -1: must be a number above 0");
    EXPECT_LT(factor.standard_error.size(), 120U) << factor.standard_error;
    expect_input_error(
        run({MLAB_MUTATOR_BIN, "run", "-p", here.string(), "--out", "out", "--break", "200"}, here),
        "--break: 200: must be between 0 and 100");
    EXPECT_FALSE(fs::exists(here / "out"));
    fs::remove_all(here);
}

}  // namespace
