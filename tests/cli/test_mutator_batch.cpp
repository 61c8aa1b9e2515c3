// `mutator run` at the speed of the tests: the TESTs of one gtest program share a process per mutant, a
// program registered as one CTest test is reported per TEST, and the kill matrix is the one a process per
// test gives (tests/testdata/{killmatrix,one_ctest,many_tests}).

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using mlab::ProcessResult;
using mlab::cli_testing::ExampleProject;
using mlab::cli_testing::read_json;
using mlab::cli_testing::run;
using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// mutant id → "status killedBy... | coveredBy..." for every mutant of a report.
std::map<std::string, std::string> kill_matrix(const json& report) {
    std::map<std::string, std::string> out;
    for (const auto& [file, entry] : report["files"].items()) {
        for (const json& mutant : entry["mutants"]) {
            std::vector<std::string> killers = mutant.value("killedBy", std::vector<std::string>{});
            std::vector<std::string> covering = mutant.value("coveredBy", std::vector<std::string>{});
            std::sort(killers.begin(), killers.end());
            std::sort(covering.begin(), covering.end());
            std::string row = mutant["status"].get<std::string>();
            for (const std::string& killer : killers) {
                row += " " + killer;
            }
            row += " |";
            for (const std::string& test : covering) {
                row += " " + test;
            }
            out[mutant["id"].get<std::string>()] = row;
        }
    }
    return out;
}

class Batching : public ExampleProject {
  protected:
    // The kill matrix of one run with `extra` options, into OUT named `out`.
    std::map<std::string, std::string> matrix(const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args{"run",       "-q",  "-p", "build", "--out", (temp() / out).string(),
                                      "--reports", "json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const ProcessResult result = mutator(args);
        EXPECT_EQ(result.exit_code, 0) << result.standard_error << result.standard_output;
        return kill_matrix(read_json(temp() / out / "mutation-report.json"));
    }

    void expect_same_matrix(std::vector<std::string> extra = {}) {
        const auto batched = matrix("batched", extra);
        extra.emplace_back("--one-process-per-test");
        const auto alone = matrix("alone", extra);
        ASSERT_FALSE(batched.empty());
        EXPECT_EQ(batched, alone);
    }
};

TEST_F(Batching, KillMatrixOfKillmatrixIsTheOneOfAProcessPerTest) {
    // Killed, Survived, a Timeout (a loop that never ends) and a crash (SIGSEGV) inside a batch.
    open("killmatrix");
    expect_same_matrix();
}

TEST_F(Batching, KillMatrixOfOneCTestTestIsTheOneOfAProcessPerTest) {
    open("one_ctest");
    expect_same_matrix();
}

TEST_F(Batching, KillMatrixOfAThousandTestsIsTheOneOfAProcessPerTest) {
    // One shard of the mutants: a process per TEST is the slow way this compares against.
    open("many_tests");
    build_it();
    expect_same_matrix({"--shard", "2/12"});
}

TEST_F(Batching, AProgramRegisteredAsOneCTestTestIsReportedPerTest) {
    open("one_ctest");
    const ProcessResult result =
        mutator({"run", "-p", "build", "--out", (temp() / "out").string(), "--reports", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    EXPECT_THAT(result.standard_error, HasSubstr("1 gtest programs registered as one CTest test each (all)"));
    const json report = read_json(temp() / "out" / "mutation-report.json");
    std::map<std::string, json> tests;
    for (const auto& [file, entry] : report["testFiles"].items()) {
        for (const json& test : entry["tests"]) {
            tests[test["name"].get<std::string>()] = test;
            tests[test["name"].get<std::string>()]["file"] = file;
        }
    }
    // Plain, value-parameterized and typed TESTs, each found where it is written; no DISABLED_ one; the
    // CTest test that ran one TEST by filter stays as it is.
    for (const std::string name : {"Stack.StartsEmpty", "TopOr.EmptyGivesFallback",
                                   "Counts/PushMany.SizeCounts/2", "Typed/1.TopIsLastPushed", "smoke"}) {
        EXPECT_EQ(tests.count(name), 1U) << name;
    }
    EXPECT_EQ(tests.count("all"), 0U);
    EXPECT_EQ(tests.count("Stack.DISABLED_NotRun"), 0U);
    EXPECT_EQ(tests["TopOr.EmptyGivesFallback"]["file"], "tests/stack_tests.cpp");
    EXPECT_EQ(tests["TopOr.EmptyGivesFallback"]["location"]["start"]["line"], 23);
    EXPECT_EQ(tests["Typed/1.TopIsLastPushed"]["file"], "tests/stack_tests.cpp");
    // `top == nullptr` → `!=` dereferences null: the batch crashes in one TEST, which is named.
    bool crash_named = false;
    for (const json& mutant : report["files"]["src/stack.cpp"]["mutants"]) {
        if (mutant["mutatorName"] == "ROR.eq_to_ne" && mutant["location"]["start"]["line"] == 30) {
            EXPECT_THAT(mutant["statusReason"].get<std::string>(),
                        HasSubstr("TopOr.EmptyGivesFallback: signal 11 (SIGSEGV)"));
            EXPECT_THAT(mutant["killedBy"], Contains("TopOr.EmptyGivesFallback"));
            crash_named = true;
        }
    }
    EXPECT_TRUE(crash_named);
}

TEST_F(Batching, TimeoutsAndCostArePrintedAfterTheBaseline) {
    open("killmatrix");
    const ProcessResult result =
        mutator({"run", "-p", "build", "--out", (temp() / "out").string(), "--reports", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    EXPECT_THAT(result.standard_error, HasSubstr("timeouts: 3 x baseline time + "));
    EXPECT_THAT(result.standard_error, HasSubstr("estimated cost: "));
    // A margin the user sets replaces the measured one, and stays part of what a stored result means.
    const ProcessResult fixed = mutator({"run", "-p", "build", "--out", (temp() / "out").string(),
                                         "--reports", "json", "--timeout-margin", "0.5"});
    ASSERT_EQ(fixed.exit_code, 0) << fixed.standard_error;
    EXPECT_THAT(fixed.standard_error, Not(HasSubstr("timeouts: ")));
    EXPECT_THAT(fixed.standard_error, Not(HasSubstr("results reused")));
}

TEST_F(Batching, TheUsersCompilerLauncherRunsInTheMutantBuild) {
    open("one_ctest");
    const fs::path launcher = temp() / "count-compiles.sh";
    const fs::path log = temp() / "compiles.log";
    mlab::write_file_atomic(launcher, "#!/bin/sh\necho \"$@\" >> '" + log.string() + "'\nexec \"$@\"\n");
    fs::permissions(launcher, fs::perms::owner_all);
    const ProcessResult configured = run({MLAB_CMAKE_COMMAND, "-S", root().string(), "-B", build().string(),
                                          "-DCMAKE_CXX_COMPILER_LAUNCHER=" + launcher.string()});
    ASSERT_TRUE(configured.succeeded()) << configured.standard_error;
    const ProcessResult result =
        mutator({"run", "-q", "-p", "build", "--out", (temp() / "out").string(), "--reports", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.standard_error;
    // The mutant build compiled the schemata copies through the launcher, with our -Wno-error last.
    const std::string compiles = mlab::read_file(log);
    EXPECT_THAT(compiles, HasSubstr((temp() / "out").string()));
    EXPECT_THAT(compiles, HasSubstr("-Wno-error"));
}

}  // namespace
