// `curator generate` on test programs built as real projects build them, one tests/testdata project per
// shape: a program with its own main(), other test files and helper sources (program_main); a test file
// whose fixture, helper and parameterized suite the new tests use (fixture_in_file); a Clang build whose test
// program compiles the code under test itself (clang_program). The model is a fake LLM server on 127.0.0.1
// speaking OpenAI's wire format; its replies are hand-written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "fake_llm_server.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class CuratorPrograms : public ExampleProject {
  protected:
    struct Run {
        ProcessResult process;
        json sidecar;
        std::string file;
    };

    /// `curator generate` over `source`, the model answering `reply`; the run and what it wrote.
    Run generate(const std::string& source, const std::string& header, const std::string& tests,
                 const std::string& reply, const std::vector<std::string>& extra, fs::path out = {}) {
        FakeLlmServer server;
        server.script({{200, {}, FakeLlmServer::openai(reply)}});
        if (out.empty()) {
            out = temp() / "ai" / "generated_test.cpp";
        }
        fs::create_directories(out.parent_path());
        std::vector<std::string> args{MLAB_CURATOR_BIN,
                                      "generate",
                                      "--source",
                                      source,
                                      "--header",
                                      header,
                                      "--tests",
                                      tests,
                                      "--out",
                                      out.string(),
                                      "-p",
                                      build().string(),
                                      "--provider",
                                      "openai",
                                      "--base-url",
                                      server.url() + "/v1",
                                      "--model",
                                      "fake-model",
                                      "--rounds",
                                      "1",
                                      "--runs",
                                      "3",
                                      "--test-timeout",
                                      "10"};
        args.insert(args.end(), extra.begin(), extra.end());
        ProcessOptions options;
        options.working_directory = root();
        options.timeout = std::chrono::minutes(5);
        options.environment = without_model_settings();
        options.environment["CURATOR_API_KEY"] = "sk-programs-test";
        Run run{run_process(args, options), {}, {}};
        if (run.process.exit_code == 0) {
            run.sidecar = read_json(out.string() + ".curator.json");
            run.file = read_file(out);
        }
        return run;
    }

    static const json& entry(const json& sidecar, const std::string& name) {
        for (const json& test : sidecar["tests"]) {
            if (test["name"] == name) {
                return test;
            }
        }
        throw std::runtime_error("no test " + name + " in the record");
    }

    static std::string verdict(const json& sidecar, const std::string& name) {
        return entry(sidecar, name)["funnel"]["verdict"].get<std::string>();
    }

    static json new_lines(const json& sidecar, const std::string& name, const std::string& source) {
        return entry(sidecar, name)["funnel"]["coverage"]["new_lines"][source];
    }
};

// Hand-written sample reply: tests that need the program's main() and builders.cpp's helpers to link; one
// is named as a test of the program's other test file; two read (and one writes) tests/data/, relative to
// the folder CTest runs the program in; one finds it through the CTest ENVIRONMENT, one needs the program's
// own argument.
constexpr const char* kAccountReply = R"(Here are four tests.

```cpp
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "account.hpp"
#include "builders.hpp"

TEST(Account, WithdrawAll) {
    Account account = funded(40);
    EXPECT_TRUE(account.withdraw(40));
    EXPECT_EQ(account.balance(), 0);
}

TEST(Account, RefusesOverdraft) {
    Account account = funded(100);
    EXPECT_FALSE(account.withdraw(101));
    EXPECT_EQ(account.balance(), 100);
}

TEST(Account, RejectsZeroDeposit) {
    Account account;
    EXPECT_THROW(account.deposit(0), std::invalid_argument);
}

TEST(Account, RefusedWithdrawalEmptiesTheAccount) {
    Account account = funded(10);
    account.withdraw(11);
    EXPECT_EQ(account.balance(), 0);
}

TEST(Account, OpeningBalanceCanBeWithdrawn) {
    Account account = from_file("tests/data/opening_balance.txt");
    EXPECT_TRUE(account.withdraw(250));
}

TEST(Account, SavedBalanceReadsBack) {
    std::ofstream("tests/data/saved.txt") << 75;
    EXPECT_EQ(from_file("tests/data/saved.txt").balance(), 75);
}

TEST(Account, DataFolderComesFromTheEnvironment) {
    const char* data = std::getenv("ACCOUNT_DATA");
    ASSERT_NE(data, nullptr);
    EXPECT_EQ(from_file(std::string(data) + "/opening_balance.txt").balance(), 250);
}

TEST(Account, CurrencyIsTheProgramsArgument) {
    EXPECT_EQ(currency(), "EUR");
}
```
)";

TEST_F(CuratorPrograms, OwnMainOtherTestFilesAndHelperSourcesAreLinkedWithTheNewTests) {
    open("program_main");
    const Run run =
        generate("src/account.cpp", "include/account.hpp", "tests/account_test.cpp", kAccountReply, {});
    ASSERT_EQ(run.process.exit_code, 0) << run.process.standard_output << run.process.standard_error;
    const json& record = run.sidecar;

    // Account.WithdrawAll is a test of history_test.cpp, another file of the program: renamed.
    EXPECT_EQ(verdict(record, "Account.WithdrawAllGenerated"), "passed");
    EXPECT_EQ(entry(record, "Account.WithdrawAllGenerated")["renamed_from"], "Account.WithdrawAll");
    EXPECT_EQ(verdict(record, "Account.RefusesOverdraft"), "passed");
    EXPECT_EQ(verdict(record, "Account.RejectsZeroDeposit"), "passed");
    EXPECT_EQ(verdict(record, "Account.RefusedWithdrawalEmptiesTheAccount"), "fails_on_current_code");
    // Run where CTest runs the program (the project's folder), in curator's copy of the source tree: the
    // data is found, and the file a test writes lands in the copy (the fixture checks the tree is unchanged).
    EXPECT_EQ(verdict(record, "Account.OpeningBalanceCanBeWithdrawn"), "passed");
    EXPECT_EQ(verdict(record, "Account.SavedBalanceReadsBack"), "passed");
    EXPECT_TRUE(fs::exists(build() / ".curator" / "tree" / "tests" / "data" / "saved.txt"));
    // ... with the CTest test's ENVIRONMENT and the program's own argument (EXTRA_ARGS).
    EXPECT_EQ(verdict(record, "Account.DataFolderComesFromTheEnvironment"), "passed");
    EXPECT_EQ(verdict(record, "Account.CurrencyIsTheProgramsArgument"), "passed");
    EXPECT_THAT(run.process.standard_error, HasSubstr("in curator's copy of the source tree"));

    // The existing tests are the whole program's: history_test.cpp's withdrawal lines count as covered.
    const json existing = record["funnel"]["coverage"]["src/account.cpp"]["existing_lines"];
    EXPECT_NE(std::find(existing.begin(), existing.end(), 18), existing.end()) << existing;
    EXPECT_EQ(new_lines(record, "Account.RefusesOverdraft", "src/account.cpp"), json({16}));
    EXPECT_EQ(new_lines(record, "Account.RejectsZeroDeposit", "src/account.cpp"), json({9}));

    // Built against the mutant build's program too: the deposit's boundary is a kill no existing test makes.
    EXPECT_THAT(record["funnel"]["notes"].dump(), Not(HasSubstr("not checked")));
    EXPECT_THAT(
        entry(record, "Account.RejectsZeroDeposit")["funnel"]["mutation"]["unique_kill_labels"].dump(),
        HasSubstr("ROR <= -> < at src/account.cpp:8"));
    EXPECT_THAT(entry(record, "Account.RefusesOverdraft")["needs_from_existing"], IsEmpty());
    EXPECT_THAT(run.file, Not(HasSubstr("// needs from")));
}

std::vector<std::string> test_names(const json& sidecar) {
    std::vector<std::string> names;
    for (const json& test : sidecar["tests"]) {
        names.push_back(test["name"].get<std::string>() + " " + test["funnel"]["verdict"].get<std::string>());
    }
    return names;
}

TEST_F(CuratorPrograms, AnOutputThatIsATestFileOfTheProgramIsLeftOutOfTheProgramItsTestsReplace) {
    open("program_main");
    // Written where the program's glob (tests/*_test.cpp) finds it, then configured and built into it.
    const fs::path inside = root() / "tests" / "account_ai_test.cpp";
    const std::vector<std::string> quick{"--no-mutation", "--no-coverage"};
    const Run first = generate("src/account.cpp", "include/account.hpp", "tests/account_test.cpp",
                               kAccountReply, quick, inside);
    ASSERT_EQ(first.process.exit_code, 0) << first.process.standard_output << first.process.standard_error;
    const ProcessResult configured = run({MLAB_CMAKE_COMMAND, "-S", root().string(), "-B", build().string()});
    ASSERT_TRUE(configured.succeeded()) << configured.standard_error;
    build_it();
    ASSERT_THAT(read_file(build() / "compile_commands.json"), HasSubstr("account_ai_test.cpp"));

    // Generated again into the same file: its old tests neither clash with the new ones nor link beside them.
    const Run second = generate("src/account.cpp", "include/account.hpp", "tests/account_test.cpp",
                                kAccountReply, quick, inside);
    ASSERT_EQ(second.process.exit_code, 0) << second.process.standard_output << second.process.standard_error;
    EXPECT_EQ(test_names(second.sidecar), test_names(first.sidecar));
    EXPECT_THAT(
        test_names(second.sidecar),
        ElementsAre("Account.WithdrawAllGenerated passed", "Account.RefusesOverdraft passed",
                    "Account.RejectsZeroDeposit passed",
                    "Account.RefusedWithdrawalEmptiesTheAccount fails_on_current_code",
                    "Account.OpeningBalanceCanBeWithdrawn passed", "Account.SavedBalanceReadsBack passed",
                    "Account.DataFolderComesFromTheEnvironment passed",
                    "Account.CurrencyIsTheProgramsArgument passed"));
    fs::remove(inside);  // the source tree as it was
    fs::remove(inside.string() + ".curator.json");
}

// Hand-written sample reply: tests that use the existing file's fixture (and repeat its definition), its
// helper and its parameterized suite; one parameterized test fails for one of the suite's values only, one
// test calls a member that does not exist; a typed suite of its own.
constexpr const char* kInventoryReply = R"(```cpp
#include <gtest/gtest.h>

#include "inventory.hpp"

namespace {

class InventoryTest : public ::testing::Test {
  protected:
    void SetUp() override { inventory.add("apple", 3); }

    Inventory inventory;
};

}  // namespace

TEST_F(InventoryTest, RefusesToTakeMoreThanTheStock) {
    EXPECT_FALSE(inventory.take("apple", 4));
    EXPECT_EQ(inventory.count("apple"), 3);
}

TEST(Inventory, StockedHelperAddsTheItems) {
    EXPECT_EQ(stocked("fig", 2).count("fig"), 2);
}

TEST_P(TakeLimits, LeavesTheRest) {
    Inventory inventory = stocked("pear", 5);
    ASSERT_TRUE(inventory.take("pear", GetParam()));
    EXPECT_EQ(inventory.count("pear"), 5 - GetParam());
}

TEST_P(TakeLimits, LeavesSomePears) {
    Inventory inventory = stocked("pear", 5);
    inventory.take("pear", GetParam());
    EXPECT_GT(inventory.count("pear"), 0);
}

TEST_F(InventoryTest, CountsDistinctItems) {
    EXPECT_EQ(inventory.size(), 1U);
}

template <typename T>
class CountTypes : public ::testing::Test {};

using Counts = ::testing::Types<int, long>;
TYPED_TEST_SUITE(CountTypes, Counts);

TYPED_TEST(CountTypes, AddsWhatItIsGiven) {
    Inventory inventory = stocked("plum", static_cast<int>(TypeParam{2}));
    EXPECT_EQ(inventory.count("plum"), 2);
}
```
)";

TEST_F(CuratorPrograms, NewTestsUseTheFixtureHelperAndSuiteOfTheExistingFile) {
    open("fixture_in_file");
    const Run run = generate("src/inventory.cpp", "include/inventory.hpp", "tests/inventory_test.cpp",
                             kInventoryReply, {"--no-mutation"});
    ASSERT_EQ(run.process.exit_code, 0) << run.process.standard_output << run.process.standard_error;
    const json& record = run.sidecar;

    EXPECT_EQ(verdict(record, "InventoryTest.RefusesToTakeMoreThanTheStock"), "passed");
    EXPECT_EQ(verdict(record, "Inventory.StockedHelperAddsTheItems"), "passed");
    EXPECT_EQ(verdict(record, "TakeLimits.LeavesTheRest"), "passed");
    // Run as GoogleTest names its instances (Small/TakeLimits.LeavesSomePears/0, /1, /2): the third fails.
    EXPECT_EQ(verdict(record, "TakeLimits.LeavesSomePears"), "fails_on_current_code");
    EXPECT_THAT(entry(record, "TakeLimits.LeavesSomePears")["funnel"]["problem"].get<std::string>(),
                HasSubstr("inventory.count(\"pear\")"));
    EXPECT_EQ(verdict(record, "CountTypes.AddsWhatItIsGiven"), "passed");  // CountTypes/0, CountTypes/1
    EXPECT_EQ(verdict(record, "InventoryTest.CountsDistinctItems"), "compile_error");
    EXPECT_THAT(entry(record, "InventoryTest.CountsDistinctItems")["funnel"]["problem"].get<std::string>(),
                HasSubstr("line 2 of the test"));
    EXPECT_EQ(new_lines(record, "InventoryTest.RefusesToTakeMoreThanTheStock", "src/inventory.cpp"),
              json({10}));

    // The reply's copy of the fixture is left out: the existing file's is the one compiled.
    EXPECT_THAT(record["extraction"]["notes"].dump(), HasSubstr("left out the reply's own `InventoryTest`"));
    EXPECT_THAT(run.file, Not(HasSubstr("class InventoryTest")));

    // What each test needs from the existing file, and the header saying so.
    EXPECT_THAT(entry(record, "InventoryTest.RefusesToTakeMoreThanTheStock")["needs_from_existing"],
                ElementsAre("InventoryTest"));
    EXPECT_THAT(entry(record, "Inventory.StockedHelperAddsTheItems")["needs_from_existing"],
                ElementsAre("stocked"));
    EXPECT_THAT(entry(record, "TakeLimits.LeavesTheRest")["needs_from_existing"],
                ElementsAre("stocked", "TakeLimits", "INSTANTIATE_TEST_SUITE_P(Small, TakeLimits, ...)"));
    EXPECT_THAT(run.file,
                HasSubstr("// needs from tests/inventory_test.cpp: InventoryTest, stocked, TakeLimits, "
                          "INSTANTIATE_TEST_SUITE_P(Small, TakeLimits, ...)\n"));
    // The `}  // namespace` ending the reply's fixture is not taken for a comment on the first test.
    EXPECT_THAT(run.file, Not(HasSubstr("// namespace\n\nTEST_F")));
}

// Hand-written sample reply: three tests of the taxi meter.
constexpr const char* kMeterReply = R"(```cpp
#include <gtest/gtest.h>

#include "meter.hpp"

TEST(Meter, ChargesNothingForNoDistance) {
    EXPECT_EQ(fare_cents(0), 0);
}

TEST(Meter, CapsLongRides) {
    EXPECT_EQ(fare_cents(100000), 5000);
}

TEST(Meter, ChargesExactKilometres) {
    EXPECT_EQ(fare_cents(2000), 600);
}
```
)";

TEST_F(CuratorPrograms, ClangBuildsGetLineCoverageAndASourceTheProgramCompilesIsInstrumented) {
    open("clang_program");
    const Run run = generate("src/meter.cpp", "include/meter.hpp", "tests/meter_test.cpp", kMeterReply,
                             {"--no-mutation"});
    ASSERT_EQ(run.process.exit_code, 0) << run.process.standard_output << run.process.standard_error;
    const json& record = run.sidecar;

    // The build is Clang's (and the coverage llvm-cov's: GCC's gcov reads no line of Clang's files).
    bool clang = false;
    for (const auto& entry : fs::recursive_directory_iterator(build() / "CMakeFiles")) {
        if (entry.path().filename() == "CMakeCXXCompiler.cmake") {
            clang = read_file(entry.path()).find("set(CMAKE_CXX_COMPILER_ID \"Clang\")") != std::string::npos;
        }
    }
    ASSERT_TRUE(clang) << "clang_program was not configured with Clang";
    EXPECT_THAT(record["funnel"]["notes"].dump(), Not(HasSubstr("coverage")));
    EXPECT_EQ(record["funnel"]["coverage"]["src/meter.cpp"]["executable_lines"], 9);
    EXPECT_EQ(record["funnel"]["coverage"]["src/meter.cpp"]["existing_lines"],
              json({9, 10, 13, 14, 15, 18, 19}));
    EXPECT_EQ(verdict(record, "Meter.ChargesNothingForNoDistance"), "passed");
    EXPECT_EQ(new_lines(record, "Meter.ChargesNothingForNoDistance", "src/meter.cpp"), json({11}));
    EXPECT_EQ(verdict(record, "Meter.CapsLongRides"), "passed");
    EXPECT_EQ(new_lines(record, "Meter.CapsLongRides", "src/meter.cpp"), json({16}));
    EXPECT_EQ(verdict(record, "Meter.ChargesExactKilometres"), "passed");
    EXPECT_EQ(new_lines(record, "Meter.ChargesExactKilometres", "src/meter.cpp"), json::array());
}

}  // namespace
}  // namespace mlab::cli_testing
