#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "checksum.hpp"

namespace {

// Tens of megabytes of a fixed pattern: each TEST takes about a second, like a real codec's suite.
const std::vector<unsigned char>& big_input() {
    static const std::vector<unsigned char> data = [] {
        std::vector<unsigned char> bytes(48u << 20);
        std::uint32_t x = 12345;
        for (unsigned char& byte : bytes) {
            x = x * 1103515245U + 12345U;
            byte = static_cast<unsigned char>(x >> 16);
        }
        return bytes;
    }();
    return data;
}

const unsigned char* text(const char* s) { return reinterpret_cast<const unsigned char*>(s); }

}  // namespace

TEST(Crc32, KnownValue) { EXPECT_EQ(crc32(text("123456789"), 9), 0xCBF43926U); }
TEST(Crc32, Empty) { EXPECT_EQ(crc32(text(""), 0), 0U); }
TEST(Crc32, Incremental) {
    const std::uint32_t first = crc32(text("1234"), 4);
    EXPECT_EQ(crc32(text("56789"), 5, first), 0xCBF43926U);
}
TEST(Crc32, Megabytes) {
    const auto& data = big_input();
    std::uint32_t crc = 0;
    for (int round = 0; round < 4; ++round) {
        crc = crc32(data.data(), data.size(), crc);
    }
    EXPECT_NE(crc, 0U);
    EXPECT_EQ(crc, crc32(data.data(), data.size(), crc32(data.data(), data.size(), crc32(data.data(), data.size(), crc32(data.data(), data.size())))));
}
TEST(Adler32, KnownValue) { EXPECT_EQ(adler32(text("Wikipedia"), 9), 0x11E60398U); }
TEST(Adler32, Megabytes) {
    const auto& data = big_input();
    const std::uint32_t first = adler32(data.data(), data.size());
    EXPECT_EQ(first, adler32(data.data(), data.size()));
    EXPECT_NE(first, 1U);
}
