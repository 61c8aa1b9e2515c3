// End-to-end tests of `mutator run` and `mutator merge` over tests/testdata/killmatrix, whose mutants have
// known outcomes (see its README), and over target_app's lab mutant.

#include <csignal>
#include <set>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <spawn.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "report_checks.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using mlab::ProcessResult;
using mlab::cli_testing::expect_input_error;
using mlab::cli_testing::expect_valid_report;
using mlab::cli_testing::run;
using mlab::cli_testing::snapshot;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

using mlab::cli_testing::read_json;

// The mutants of one file with this rule at this line.
std::vector<json> mutants_at(const json& report, unsigned line, const std::string& rule,
                             const std::string& file = "src/outcomes.cpp") {
    std::vector<json> found;
    for (const json& mutant : report["files"][file]["mutants"]) {
        if (mutant["location"]["start"]["line"] == line && mutant["mutatorName"] == rule) {
            found.push_back(mutant);
        }
    }
    return found;
}

json the_mutant(const json& report, unsigned line, const std::string& rule,
                const std::string& file = "src/outcomes.cpp") {
    const std::vector<json> found = mutants_at(report, line, rule, file);
    EXPECT_EQ(found.size(), 1U) << rule << " at line " << line;
    return found.empty() ? json::object() : found.front();
}

// What must be equal between two runs of the same mutants: id → status, killedBy, coveredBy.
std::map<std::string, std::string> outcomes(const json& report) {
    std::map<std::string, std::string> out;
    for (const auto& [file, entry] : report["files"].items()) {
        for (const json& mutant : entry["mutants"]) {
            out[mutant["id"].get<std::string>()] = mutant["status"].get<std::string>() +
                                                   " killedBy=" + mutant["killedBy"].dump() +
                                                   " coveredBy=" + mutant["coveredBy"].dump();
        }
    }
    return out;
}

// Equal outcomes, and on a difference the mutants that differ (not two whole maps).
void expect_same_outcomes(const json& actual, const json& expected) {
    const auto a = outcomes(actual);
    const auto b = outcomes(expected);
    EXPECT_EQ(a.size(), b.size());
    for (const auto& [id, outcome] : b) {
        const auto it = a.find(id);
        EXPECT_TRUE(it != a.end() && it->second == outcome)
            << id << ": expected " << outcome << ", got " << (it == a.end() ? "nothing" : it->second);
    }
}

// One copy of the killmatrix project and one full run of it, shared by the tests of this suite.
class KillMatrixRun : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        temp_ = new fs::path(mlab::make_temp_directory("mlab-run"));
        root_ = new fs::path(*temp_ / "killmatrix");
        fs::copy(fs::path(MLAB_TESTDATA_DIR) / "killmatrix", *root_, fs::copy_options::recursive);
        const ProcessResult configured = run({MLAB_CMAKE_COMMAND, "-S", root_->string(), "-B",
                                              (*root_ / "build").string(), "-G", MLAB_CMAKE_GENERATOR});
        ASSERT_TRUE(configured.succeeded()) << configured.standard_output << configured.standard_error;
        before_ = new std::map<std::string, std::string>(snapshot(*root_, *root_ / "build"));
    }

    static void TearDownTestSuite() {
        EXPECT_TRUE(snapshot(*root_, *root_ / "build") == *before_) << "the source tree changed";
        std::error_code ignored;
        fs::remove_all(*temp_, ignored);
        delete full_;
        delete before_;
        delete root_;
        delete temp_;
    }

    static ProcessResult mutator(std::vector<std::string> args) {
        args.insert(args.begin(), MLAB_MUTATOR_BIN);
        return run(args, *root_);
    }

    static fs::path out(const std::string& name) { return *temp_ / ("out-" + name); }
    // The full run, made on first use: ctest runs each test in a process of its own.
    static const ProcessResult& full() {
        if (full_ == nullptr) {
            full_ = new ProcessResult(mutator({"run", "-p", "build", "--out", out("full").string()}));
        }
        return *full_;
    }
    static json full_report() {
        full();
        return read_json(out("full") / "mutation-report.json");
    }

    static fs::path* temp_;
    static fs::path* root_;
    static std::map<std::string, std::string>* before_;
    static ProcessResult* full_;
};

fs::path* KillMatrixRun::temp_ = nullptr;
fs::path* KillMatrixRun::root_ = nullptr;
std::map<std::string, std::string>* KillMatrixRun::before_ = nullptr;
ProcessResult* KillMatrixRun::full_ = nullptr;

// One run, every known outcome of the project's README (one test: each ctest test is a process of its own,
// and the run is what costs).
TEST_F(KillMatrixRun, EveryMutantHasItsKnownOutcome) {
    {
        SCOPED_TRACE("FinishesWithASummary");
        ASSERT_EQ(full().exit_code, 0) << full().standard_error;
        EXPECT_THAT(full().standard_output, HasSubstr("mutation score: "));
        EXPECT_THAT(full().standard_output, HasSubstr("surviving mutants:\n"));
        EXPECT_THAT(full().standard_output,
                    HasSubstr("src/outcomes.cpp:18:17  CR.int_increment  100 -> 101 in clamp_percent"));
        EXPECT_THAT(full().standard_output,
                    HasSubstr("report: " + (out("full") / "mutation-report.json").string()));
        expect_valid_report(out("full") / "mutation-report.json");
    }
    {
        SCOPED_TRACE("BoundaryMutantIsKilledByExactlyTheTwoTestsThatCheckEighteen");
        const json mutant = the_mutant(full_report(), 4, "ROR.ge_to_gt");
        EXPECT_EQ(mutant["status"], "Killed");
        EXPECT_THAT(mutant["killedBy"].get<std::vector<std::string>>(),
                    UnorderedElementsAre("Adult.CountsAdults", "Adult.EighteenIsAdult"));
        EXPECT_THAT(mutant["coveredBy"].get<std::vector<std::string>>(),
                    UnorderedElementsAre("Adult.ChildIsNot", "Adult.CountsAdults", "Adult.EighteenIsAdult"));
        EXPECT_THAT(mutant["statusReason"].get<std::string>(), HasSubstr("outcome_tests.cpp:"));
    }
    {
        SCOPED_TRACE("UncheckedBoundarySurvives");
        const json mutant = the_mutant(full_report(), 18, "CR.int_increment");
        EXPECT_EQ(mutant["status"], "Survived");
        EXPECT_TRUE(mutant["killedBy"].empty());
        EXPECT_THAT(mutant["coveredBy"].get<std::vector<std::string>>(),
                    UnorderedElementsAre("Clamp.CapsLargeValues", "Clamp.KeepsSmallValues"));
    }
    {
        SCOPED_TRACE("ABoundaryThatChangesNothingIsEquivalent");
        const json mutant = the_mutant(full_report(), 18, "ROR.gt_to_ge");
        EXPECT_EQ(mutant["status"], "Ignored");
        EXPECT_EQ(mutant["statusReason"], "equivalent: the compiler generates the same code");
    }
    {
        SCOPED_TRACE("CodeNoTestReachesIsNoCoverage");
        const json report = full_report();
        std::size_t seen = 0;
        for (const json& mutant : report["files"]["src/outcomes.cpp"]["mutants"]) {
            if (mutant["location"]["start"]["line"] == 25) {
                EXPECT_EQ(mutant["status"], "NoCoverage") << mutant.dump();
                EXPECT_TRUE(mutant["coveredBy"].empty());
                ++seen;
            }
        }
        EXPECT_EQ(seen, 5U);
    }
    {
        SCOPED_TRACE("EndlessLoopIsTimeout");
        const json mutant = the_mutant(full_report(), 30, "CR.int_to_zero");
        EXPECT_EQ(mutant["status"], "Timeout");
        EXPECT_THAT(mutant["statusReason"].get<std::string>(), HasSubstr("Steps.CountsUp ran longer than"));
    }
    {
        SCOPED_TRACE("CrashIsAKillWithTheSignalInTheReason");
        const json mutant = the_mutant(full_report(), 37, "ROR.eq_to_ne");
        EXPECT_EQ(mutant["status"], "Killed");
        EXPECT_THAT(mutant["statusReason"].get<std::string>(), HasSubstr("signal 11 (SIGSEGV)"));
        EXPECT_THAT(mutant["killedBy"].get<std::vector<std::string>>(),
                    UnorderedElementsAre("ValueOr.ReadsValue", "ValueOr.UsesFallbackForNull"));
    }
    {
        SCOPED_TRACE("MutantTheSchemataCannotHoldIsBuiltOnItsOwn");
        const json mutant = the_mutant(full_report(), 44, "SLR.configured_pair");
        EXPECT_EQ(mutant["status"], "Killed");
        EXPECT_THAT(mutant["killedBy"].get<std::vector<std::string>>(),
                    UnorderedElementsAre("Greeting.SaysHi"));
        EXPECT_THAT(full().standard_error, HasSubstr("did not compile in the shared build"));
    }
    {
        SCOPED_TRACE("MutantThatDoesNotCompileIsCompileError");
        const json mutant = the_mutant(full_report(), 49, "SLR.configured_pair");
        EXPECT_EQ(mutant["status"], "CompileError");
        EXPECT_THAT(mutant["statusReason"].get<std::string>(), HasSubstr("too long"));
    }
    {
        SCOPED_TRACE("SuppressedCodeIsIgnored");
        const json report = full_report();
        std::size_t ignored = 0;
        for (const json& mutant : report["files"]["src/outcomes.cpp"]["mutants"]) {
            if (mutant["description"].get<std::string>().find("debug_only") != std::string::npos) {
                EXPECT_EQ(mutant["status"], "Ignored");
                ++ignored;
            }
        }
        EXPECT_GT(ignored, 0U);
    }
    {
        SCOPED_TRACE("ThePhasesAddUpToTheRunsWallTime");
        const json performance = full_report()["performance"];
        long sum = 0;
        for (const char* phase :
             {"scan", "select", "build", "tests", "baseline", "mutants", "equivalence", "report"}) {
            ASSERT_TRUE(performance["phases"].contains(phase)) << performance.dump();
            sum += performance["phases"][phase].get<long>();
        }
        EXPECT_EQ(performance["total"].get<long>(), sum);
        EXPECT_EQ(performance["setup"].get<long>() + performance["initialRun"].get<long>() +
                      performance["mutation"].get<long>(),
                  sum);
        EXPECT_GT(performance["phases"]["scan"].get<long>(), 0);
        // Only the process starting and the reports after the JSON fall outside them.
        const long wall = full().duration.count();
        EXPECT_LE(sum, wall);
        EXPECT_GE(sum, wall - std::max(2000L, wall / 10))
            << "phases " << sum << " ms of a run of " << wall << " ms";
        EXPECT_THAT(full().standard_output,
                    HasSubstr(fmt::format("time: {:.1f} s (scan ", static_cast<double>(sum) / 1000.0)));
    }
    {
        SCOPED_TRACE("ReportIsSchemaVersionTwoWithEveryTest");
        const json report = full_report();
        EXPECT_EQ(report["schemaVersion"], "2");
        EXPECT_EQ(report["files"]["src/outcomes.cpp"]["language"], "cpp");
        EXPECT_EQ(report["files"]["src/outcomes.cpp"]["source"],
                  mlab::read_file(*root_ / "src/outcomes.cpp"));
        const json& tests = report["testFiles"]["tests/outcome_tests.cpp"]["tests"];
        ASSERT_EQ(tests.size(), 10U);
        EXPECT_EQ(tests[0]["id"], "Adult.EighteenIsAdult");
        EXPECT_EQ(tests[0]["location"]["start"]["line"], 5);
        for (const json& mutant : report["files"]["src/outcomes.cpp"]["mutants"]) {
            EXPECT_TRUE(mutant["killedBy"].is_array() && mutant["coveredBy"].is_array()) << mutant.dump();
            const json& start = mutant["location"]["start"];
            const json& end = mutant["location"]["end"];
            EXPECT_TRUE(end["line"] > start["line"] || end["column"] > start["column"]) << mutant.dump();
        }
    }
}

TEST_F(KillMatrixRun, SecondRunReusesEveryResultAndGatesOnTheScore) {
    ASSERT_EQ(full().exit_code, 0) << full().standard_error;
    const json first = full_report();
    const ProcessResult again =
        mutator({"run", "-p", "build", "--out", out("full").string(), "--break", "99"});
    EXPECT_EQ(again.exit_code, 1) << again.standard_error;
    EXPECT_THAT(again.standard_error, HasSubstr("results reused from earlier runs"));
    EXPECT_THAT(again.standard_error, HasSubstr("is below the break threshold 99%"));
    expect_same_outcomes(read_json(out("full") / "mutation-report.json"), first);
}

TEST_F(KillMatrixRun, ShardsMergedEqualOneFullRun) {
    for (const char* shard : {"1/2", "2/2"}) {
        const ProcessResult part = mutator(
            {"run", "-p", "build", "--out", out(std::string("shard") + shard[0]).string(), "--shard", shard});
        ASSERT_EQ(part.exit_code, 0) << part.standard_error;
    }
    const json one = read_json(out("shard1") / "mutation-report.json");
    const json two = read_json(out("shard2") / "mutation-report.json");
    EXPECT_FALSE(outcomes(one).empty());
    EXPECT_FALSE(outcomes(two).empty());
    const ProcessResult merged =
        mutator({"merge", out("shard1").string(), out("shard2").string(), "--out", out("merged").string()});
    ASSERT_EQ(merged.exit_code, 0) << merged.standard_error;
    EXPECT_THAT(merged.standard_output, HasSubstr("mutation score: "));
    expect_same_outcomes(read_json(out("merged") / "mutation-report.json"), full_report());
    for (const char* folder : {"shard1", "shard2", "merged"}) {
        expect_valid_report(out(folder) / "mutation-report.json");
    }
    EXPECT_TRUE(fs::exists(out("merged") / "mutation-report.html"));
    EXPECT_TRUE(fs::exists(out("merged") / "mutation-report.md"));
}

TEST_F(KillMatrixRun, SigkillThenResumeGivesTheSameReport) {
    const fs::path killed_out = out("killed");
    const std::vector<std::string> args{MLAB_MUTATOR_BIN,    "run",    "-p", "build", "--out",
                                        killed_out.string(), "--jobs", "1"};
    std::vector<char*> argv;
    for (const std::string& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, root_->c_str());
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ASSERT_EQ(spawned, 0);
    // Once the baseline is recorded the mutants run; the three endless-loop mutants alone take 3 s with
    // one job, so a kill 1.5 s later lands in the middle of the execution phase.
    for (int i = 0; i < 1200 && !fs::exists(killed_out / "baseline.json"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(fs::exists(killed_out / "baseline.json"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0) << "the run ended before it could be killed";
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);

    const ProcessResult without_resume = mutator({"run", "-q", "-p", "build", "--out", killed_out.string()});
    expect_input_error(without_resume, "holds an unfinished run: add --resume");
    const ProcessResult resumed = mutator({"run", "-p", "build", "--out", killed_out.string(), "--resume"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.standard_error;
    EXPECT_THAT(resumed.standard_error, HasSubstr("results reused from earlier runs"));
    expect_same_outcomes(read_json(killed_out / "mutation-report.json"), full_report());
    expect_valid_report(killed_out / "mutation-report.json");
}

TEST_F(KillMatrixRun, BadShardIsAnInputError) {
    expect_input_error(mutator({"run", "-p", "build", "-q", "--out", out("bad").string(), "--shard", "3/2"}),
                       "--shard '3/2': expected K/N");
}

TEST_F(KillMatrixRun, UnknownLabelIsAnInputError) {
    expect_input_error(mutator({"run", "-p", "build", "-q", "--out", out("label").string(), "--test-label",
                                "no-such-label"}),
                       "--test-label 'no-such-label': no test carries this label");
}

TEST_F(KillMatrixRun, FailingBaselineStopsTheRunNamingTheTest) {
    expect_input_error(mutator({"run", "-p", "build", "-q", "--out", out("baseline").string(), "--build-cmd",
                                "true", "--test-cmd", "exit 3"}),
                       "baseline: test 'test-command' fails with no mutant active (exit code 3)");
}

TEST_F(KillMatrixRun, HangingBaselineStopsTheRun) {
    expect_input_error(mutator({"run", "-p", "build", "-q", "--out", out("hang").string(), "--build-cmd",
                                "true", "--test-cmd", "sleep 30", "--baseline-timeout", "1"}),
                       "did not finish within 1 s with no mutant active");
}

TEST_F(KillMatrixRun, ProjectThatDoesNotBuildIsAnInputError) {
    expect_input_error(mutator({"run", "-p", "build", "-q", "--out", out("nobuild").string(), "--build-cmd",
                                "echo 'main.cpp:1:1: error: broken' >&2; exit 1"}),
                       "the project does not build before any mutation: main.cpp:1:1: error: broken");
}

TEST_F(KillMatrixRun, ReadOnlyOutputFolderIsAnInputError) {
    if (geteuid() == 0) {
        GTEST_SKIP() << "root writes into read-only folders";
    }
    const fs::path locked = out("locked");
    fs::create_directories(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    const ProcessResult result = mutator({"run", "-q", "-p", "build", "--out", (locked / "out").string()});
    fs::permissions(locked, fs::perms::owner_all);
    expect_input_error(result, "cannot create the output folder");
}

TEST_F(KillMatrixRun, MergeOfAFolderWithoutAReportIsAnInputError) {
    fs::create_directories(out("empty"));
    expect_input_error(mutator({"merge", out("empty").string(), "--out", out("merged-empty").string()}),
                       (out("empty") / "mutation-report.json").string());
    EXPECT_FALSE(fs::exists(out("merged-empty") / "mutation-report.json"));
}

TEST_F(KillMatrixRun, NotACMakeBuildIsAnInputError) {
    const fs::path plain = out("plain");
    fs::create_directories(plain);
    fs::copy_file(*root_ / "build" / "compile_commands.json", plain / "compile_commands.json");
    expect_input_error(mutator({"run", "-q", "-p", plain.string(), "--root", root_->string(), "--out",
                                out("plain-out").string()}),
                       "not a CMake build folder");
}

}  // namespace

namespace {

// The lab's boundary bug: `<=` → `<` in filter_by_max_item_id. The starter suite never tests the
// boundary, so the mutant survives it; the reference suite kills it.
TEST(TargetAppLab, BoundaryMutantSurvivesTheStarterSuiteAndDiesUnderTheReferenceSuite) {
    const fs::path temp = mlab::make_temp_directory("mlab-lab");
    const fs::path source = MLAB_TARGET_APP_DIR;
    const auto before = snapshot(source, source / "build");
    const ProcessResult configured = run({MLAB_CMAKE_COMMAND, "-S", source.string(), "-B",
                                          (temp / "build").string(), "-G", MLAB_CMAKE_GENERATOR});
    ASSERT_TRUE(configured.succeeded()) << configured.standard_output << configured.standard_error;
    const auto lab_mutant = [&](const std::string& label) {
        const ProcessResult result = run({MLAB_MUTATOR_BIN, "run", "-q", "-p", (temp / "build").string(),
                                          "--out", (temp / "out").string(), "--test-label", label,
                                          (source / "src" / "interaction.cpp").string()});
        EXPECT_EQ(result.exit_code, 0) << result.standard_error;
        expect_valid_report(temp / "out" / "mutation-report.json");
        return the_mutant(read_json(temp / "out" / "mutation-report.json"), 9, "ROR.le_to_lt",
                          "src/interaction.cpp");
    };
    const json starter = lab_mutant("starter");
    EXPECT_EQ(starter["status"], "Survived");
    EXPECT_FALSE(starter["coveredBy"].empty());
    const json reference = lab_mutant("reference");
    EXPECT_EQ(reference["status"], "Killed");
    EXPECT_THAT(reference["killedBy"].get<std::vector<std::string>>(),
                ::testing::Contains("FilterByMaxItemIdEdges.IncludesInteractionAtBoundary"));
    EXPECT_TRUE(snapshot(source, source / "build") == before) << "target_app's source tree changed";
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

}  // namespace
