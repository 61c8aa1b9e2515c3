// End-to-end tests of the lab: `mutator lab` over googletest's samples as Debian ships them (every bug is
// checked on its own: the reference suite fails on it, the starter suite passes), and its bad input. The
// seed lab on target_app, worked through by a student, is tests/cli/test_docs.cpp: the documentation run as
// written.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/process.hpp"
#include "project_commands.hpp"

namespace mlab::cli_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSamples = "/usr/src/googletest/googletest/samples";

TEST(LabBadInput, IsOneLineOnStderrAndExitTwoWithNothingWritten) {
    const fs::path temp = make_temp_directory("mlab-lab-bad");
    const std::string out = (temp / "lab").string();
    const auto lab = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {MLAB_MUTATOR_BIN, "lab"});
        return run_in(temp, args);
    };
    expect_input_error(lab({"-p", temp.string(), "--out", out}), "--bugs: how many bugs the lab has");
    expect_input_error(lab({"-p", temp.string(), "--preset", "nope", "--out", out}),
                       "--preset nope: no such preset (known: seed-lab)");
    expect_input_error(lab({"-p", temp.string(), "--preset", "seed-lab", "--bugs", "3", "--out", out}),
                       "--bugs 3: --preset seed-lab has exactly 2 bugs");
    expect_input_error(lab({"-p", (temp / "nothing").string(), "--bugs", "2", "--out", out}),
                       (temp / "nothing").string());
    fs::create_directories(temp / "full");
    write_file_atomic(temp / "full" / "kept.txt", "the instructor's");
    expect_input_error(lab({"-p", temp.string(), "--bugs", "2", "--out", (temp / "full").string()}),
                       "already exists and is not empty");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(read_file(temp / "full" / "kept.txt"), "the instructor's");

    write_file_atomic(temp / "other.json", R"({"checker": "something-else"})");
    expect_input_error(run_in(temp, {MLAB_CURATOR_BIN, "check", "--checker", "other.json", "--no-build"}),
                       "other.json: not a lab checker");
    write_file_atomic(temp / "empty.json", R"({"checker": "mutation-lab", "curation": {"files": []}})");
    expect_input_error(run_in(temp, {MLAB_CURATOR_BIN, "check", "--checker", "empty.json", "--no-build"}),
                       "empty.json: names no curated file");
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

// ---- googletest's samples ------------------------------------------------------------------------------

TEST(LabOnGtestSamples, EveryBugIsKilledByTheReferenceSuiteAndMissedByTheStarterSuite) {
    ASSERT_TRUE(fs::is_directory(kSamples)) << "googletest's samples (Debian's googletest package)";
    const fs::path temp = make_temp_directory("mlab-lab-samples");
    const fs::path project = temp / "gtest_lab";
    fs::copy(fs::path(MLAB_TESTDATA_DIR) / "gtest_lab", project, fs::copy_options::recursive);
    fs::create_directories(project / "samples");
    for (const auto& entry : fs::directory_iterator(kSamples)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".h") || std::regex_match(name, std::regex(R"(sample[1-8](_unittest)?\.cc)"))) {
            fs::copy_file(entry.path(), project / "samples" / name);
        }
    }
    configure(project, project / "build");
    const auto before = snapshot(project, project / "build");

    const ProcessResult lab = run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "4",
                                               "--seed", "7", "--out", (temp / "lab").string(), "-q"});
    ASSERT_EQ(lab.exit_code, 0) << output_of(lab);
    EXPECT_THAT(lab.standard_output, HasSubstr("verified: the starter project builds and its"));
    EXPECT_TRUE(snapshot(project, project / "build") == before) << "the project's source tree changed";

    // The starter: samples 1 and 2 with their tests, the reference-only test files left out, one commit.
    const fs::path starter = temp / "lab" / "starter";
    EXPECT_TRUE(fs::exists(starter / "samples" / "sample1_unittest.cc"));
    EXPECT_TRUE(fs::exists(starter / "samples" / "sample4.cc"));
    for (int n = 3; n <= 8; ++n) {
        EXPECT_FALSE(fs::exists(starter / "samples" / ("sample" + std::to_string(n) + "_unittest.cc"))) << n;
    }
    EXPECT_EQ(run_in(starter, {"git", "rev-list", "--count", "HEAD"}).standard_output, "1\n");
    EXPECT_EQ(run_in(starter, {"git", "status", "--porcelain"}).standard_output, "");

    const json key = read_json(temp / "lab" / "key" / "bugs.json");
    ASSERT_EQ(key["bugs"].size(), 4U);
    EXPECT_EQ(key["droppedTestFiles"].size(), 6U);
    const json checker = read_json(temp / "lab" / "checker.json");
    EXPECT_EQ(checker["curation"]["minKept"], 2);
    for (const json& name : checker["tests"]["required"]) {
        EXPECT_THAT(name.get<std::string>(), Not(HasSubstr("Queue")));  // sample 3's and 5's tests left
    }

    // Each bug on its own, in a copy of the original project: the reference suite fails, among others with
    // the tests the key names; the starter suite passes.
    const fs::path check = temp / "check";
    fs::copy(project, check, fs::copy_options::recursive);
    fs::remove_all(check / "build");
    configure(check, check / "build");
    build(check / "build");
    std::set<std::string> files;
    for (const json& bug : key["bugs"]) {
        SCOPED_TRACE(bug["patch"].get<std::string>());
        files.insert(bug["file"].get<std::string>());
        const std::string patch = (temp / "lab" / bug["patch"].get<std::string>()).string();
        ASSERT_TRUE(run_in(check, {"patch", "-p1", "-s", "-i", patch}).succeeded());
        build(check / "build");
        const ProcessResult reference = ctest(check / "build", {"-L", "reference"});
        EXPECT_FALSE(reference.succeeded()) << "the reference suite misses " << bug["id"];
        const std::set<std::string> failed = failed_tests(reference);
        for (const json& killer : bug["caughtBy"]) {
            EXPECT_EQ(failed.count(killer.get<std::string>()), 1U) << killer << " does not fail";
        }
        const ProcessResult started = ctest(check / "build", {"-L", "starter"});
        EXPECT_TRUE(started.succeeded()) << "the starter suite catches " << bug["id"] << output_of(started);
        ASSERT_TRUE(run_in(check, {"patch", "-R", "-p1", "-s", "-i", patch}).succeeded());
    }
    EXPECT_GE(files.size(), 2U) << "the bugs are spread over files";

    // The same seed gives the same lab; too many bugs is refused, saying how many qualify.
    const ProcessResult again =
        run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "4", "--seed", "7", "--out",
                         (temp / "again").string(), "-q", "--no-verify"});
    ASSERT_EQ(again.exit_code, 0) << output_of(again);
    EXPECT_EQ(read_json(temp / "again" / "key" / "bugs.json")["bugs"], key["bugs"]);
    const ProcessResult greedy = run_in(project, {MLAB_MUTATOR_BIN, "lab", "-p", "build", "--bugs", "500",
                                                  "--out", (temp / "greedy").string(), "-q"});
    EXPECT_EQ(greedy.exit_code, 2);
    EXPECT_THAT(greedy.standard_error, HasSubstr("mutator: --bugs 500: only "));
    std::smatch qualified;
    ASSERT_TRUE(
        std::regex_search(lab.standard_output, qualified, std::regex(R"((\d+) of (\d+) mutants qualify)")));
    EXPECT_THAT(greedy.standard_error, HasSubstr(qualified[1].str() + " of the " + qualified[2].str() +
                                                 " mutants analysed qualify"));
    EXPECT_FALSE(fs::exists(temp / "greedy"));
    std::error_code ignored;
    fs::remove_all(temp, ignored);
}

}  // namespace
}  // namespace mlab::cli_testing
