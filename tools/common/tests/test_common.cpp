#include <csignal>
#include <filesystem>

#include <gtest/gtest.h>

#include "mlab/common/files.hpp"
#include "mlab/common/glob.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"

namespace mlab {
namespace {

TEST(Fnv1a64, MatchesTheReferenceVectors) {
    EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Mix64, SpreadsAOneBitChangeOverManyBits) {
    const std::uint64_t a = mix64(fnv1a64("site-1"));
    const std::uint64_t b = mix64(fnv1a64("site-2"));
    EXPECT_GE(__builtin_popcountll(a ^ b), 16);
    EXPECT_EQ(mix64(0), 0U);
    EXPECT_EQ(mix64(42), mix64(42));
}

TEST(ToHex, PadsToSixteenDigits) {
    EXPECT_EQ(to_hex(0), "0000000000000000");
    EXPECT_EQ(to_hex(0xabcULL), "0000000000000abc");
    EXPECT_EQ(to_hex(0xffffffffffffffffULL), "ffffffffffffffff");
}

class FilesTest : public ::testing::Test {
  protected:
    void SetUp() override { dir_ = make_temp_directory("mlab-common-test"); }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(FilesTest, WritesAndReadsBackExactly) {
    const std::string content("line one\n\0binary\xff", 18);
    write_file_atomic(dir_ / "out.txt", content);
    EXPECT_EQ(read_file(dir_ / "out.txt"), content);
}

TEST_F(FilesTest, ReplacesAnExistingFileAndLeavesNoTemporary) {
    write_file_atomic(dir_ / "out.txt", "old");
    write_file_atomic(dir_ / "out.txt", "new");
    EXPECT_EQ(read_file(dir_ / "out.txt"), "new");
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) {
        ++entries;
    }
    EXPECT_EQ(entries, 1);
}

TEST_F(FilesTest, ReadingAMissingFileNamesIt) {
    try {
        read_file(dir_ / "missing.txt");
        FAIL() << "expected FileError";
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("missing.txt: cannot read"), std::string::npos)
            << error.what();
    }
}

TEST_F(FilesTest, AFailedWriteLeavesNoTemporaryFileBehind) {
    // The target is a non-empty directory, so the final rename fails even for root.
    std::filesystem::create_directories(dir_ / "target" / "inside");
    EXPECT_THROW(write_file_atomic(dir_ / "target", "new"), FileError);
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) {
        ++entries;
    }
    EXPECT_EQ(entries, 1);
    EXPECT_TRUE(std::filesystem::is_directory(dir_ / "target" / "inside"));
}

TEST_F(FilesTest, WritingIntoAMissingDirectoryNamesThePath) {
    try {
        write_file_atomic(dir_ / "no" / "such" / "out.txt", "x");
        FAIL() << "expected FileError";
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("out.txt: cannot write"), std::string::npos) << error.what();
    }
}

TEST(GlobMatch, SingleStarStaysInOneDirectory) {
    EXPECT_TRUE(glob_match("src/*.cpp", "src/a.cpp"));
    EXPECT_FALSE(glob_match("src/*.cpp", "src/sub/a.cpp"));
    EXPECT_TRUE(glob_match("*_test.*", "a_test.cc"));
    EXPECT_FALSE(glob_match("*_test.*", "dir/a_test.cc"));
}

TEST(GlobMatch, DoubleStarCrossesDirectoriesOrNone) {
    EXPECT_TRUE(glob_match("**/tests/**", "tests/a.cpp"));
    EXPECT_TRUE(glob_match("**/tests/**", "x/y/tests/z/a.cpp"));
    EXPECT_FALSE(glob_match("**/tests/**", "x/contests/a.cpp"));
    EXPECT_TRUE(glob_match("**/*_test.*", "a/b/c_test.cpp"));
    EXPECT_TRUE(glob_match("**/*_test.*", "c_test.cpp"));
}

TEST(GlobMatch, QuestionMarkIsOneCharacter) {
    EXPECT_TRUE(glob_match("a?c", "abc"));
    EXPECT_FALSE(glob_match("a?c", "ac"));
    EXPECT_FALSE(glob_match("a?c", "a/c"));
}

TEST(GlobMatch, NamesMayCrossSeparators) {
    EXPECT_TRUE(glob_match("spdlog::*", "spdlog::details::log", GlobStar::CrossesSlash));
    EXPECT_FALSE(glob_match("spdlog::*", "std::log", GlobStar::CrossesSlash));
    EXPECT_TRUE(glob_match("log_*", "log_event", GlobStar::CrossesSlash));
    EXPECT_FALSE(glob_match("log_*", "catalog_event", GlobStar::CrossesSlash));
}

TEST(FoldWhitespace, TurnsRunsIntoOneSpaceAndTrims) {
    EXPECT_EQ(fold_whitespace("  a <\n\t  b  "), "a < b");
    EXPECT_EQ(fold_whitespace(""), "");
    EXPECT_EQ(fold_whitespace("abc"), "abc");
}

TEST(SplitLines, DropsLineBreaksAndNoEmptyLastLine) {
    EXPECT_EQ(split_lines("a\n\nb\n"), (std::vector<std::string_view>{"a", "", "b"}));
    EXPECT_EQ(split_lines("a"), (std::vector<std::string_view>{"a"}));
    EXPECT_TRUE(split_lines("").empty());
}

TEST(Shorten, CutsWithAnEllipsisOnlyWhenTooLong) {
    EXPECT_EQ(shorten("abcdef", 6), "abcdef");
    EXPECT_EQ(shorten("abcdefg", 6), "abc...");
}

TEST(Text, WrapBreaksAtSpacesAndIndentsTheFollowingLines) {
    EXPECT_EQ(wrap("one two three four", 9, "  "), "one two\n  three\n  four");
    EXPECT_EQ(wrap("  a   b  ", 80, "    "), "a b");
    EXPECT_EQ(wrap("short averyveryverylongword end", 10, "> "), "short\n> averyveryverylongword\n> end");
    EXPECT_EQ(wrap("", 10, "  "), "");
}

TEST(ReplaceAll, ReplacesEveryOccurrenceAndNeverItsOwnOutput) {
    EXPECT_EQ(replace_all("a {x} b {x}", "{x}", "1"), "a 1 b 1");
    EXPECT_EQ(replace_all("aa", "a", "aa"), "aaaa");
    EXPECT_EQ(replace_all("none", "{x}", "1"), "none");
}

TEST(RunProcess, CollectsOutputErrorAndExitCode) {
    const ProcessResult result = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
    EXPECT_EQ(result.standard_output, "out\n");
    EXPECT_EQ(result.standard_error, "err\n");
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_FALSE(result.succeeded());
}

TEST(RunProcess, PassesInputEnvironmentAndWorkingDirectory) {
    ProcessOptions options;
    options.standard_input = "hello";
    options.environment["MLAB_TEST_VALUE"] = "42";
    options.working_directory = "/";
    const ProcessResult result = run_process({"sh", "-c", "cat; echo \" $MLAB_TEST_VALUE $(pwd)\""}, options);
    EXPECT_EQ(result.standard_output, "hello 42 /\n");
    EXPECT_TRUE(result.succeeded());
}

TEST(RunProcess, KillsAProcessThatRunsPastItsTimeout) {
    ProcessOptions options;
    options.timeout = std::chrono::milliseconds(200);
    const ProcessResult result = run_process({"sh", "-c", "sleep 30 & sleep 30"}, options);
    EXPECT_TRUE(result.timed_out);
    EXPECT_LT(result.duration.count(), 5000);
}

TEST(RunProcess, ReportsTheSignalThatEndedTheProcess) {
    const ProcessResult result = run_process({"sh", "-c", "kill -SEGV $$"});
    EXPECT_EQ(result.signal, SIGSEGV);
    EXPECT_EQ(result.exit_code, -1);
}

TEST(RunProcess, NamesAProgramThatCannotStart) {
    try {
        run_process({"/no/such/program"});
        FAIL() << "expected an error";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("/no/such/program"), std::string::npos);
    }
}

}  // namespace
}  // namespace mlab
