#include <filesystem>

#include <gtest/gtest.h>

#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"

namespace mlab {
namespace {

TEST(Fnv1a64, MatchesTheReferenceVectors) {
    EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
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

}  // namespace
}  // namespace mlab
