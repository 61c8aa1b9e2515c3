#include <gtest/gtest.h>

#include "lengths.hpp"

class RoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(RoundTrip, FormatsThenParsesBack) {
    const long millimetres = GetParam();
    EXPECT_EQ(parse_length(format_length(millimetres)), millimetres);
}

INSTANTIATE_TEST_SUITE_P(Lengths, RoundTrip, ::testing::Range(0, 1000));

TEST(Parse, Millimetres) { EXPECT_EQ(parse_length("12mm"), 12); }
TEST(Parse, Centimetres) { EXPECT_EQ(parse_length("3cm"), 30); }
TEST(Parse, Metres) { EXPECT_EQ(parse_length("2m"), 2000); }
TEST(Parse, NoUnit) { EXPECT_EQ(parse_length("12"), std::nullopt); }
TEST(Parse, NoNumber) { EXPECT_EQ(parse_length("cm"), std::nullopt); }
TEST(Parse, NotADigit) { EXPECT_EQ(parse_length("1x2mm"), std::nullopt); }
TEST(Parse, Zero) { EXPECT_EQ(parse_length("0mm"), 0); }
TEST(Format, Metres) { EXPECT_EQ(format_length(3000), "3m"); }
TEST(Format, Centimetres) { EXPECT_EQ(format_length(40), "4cm"); }
TEST(Format, Millimetres) { EXPECT_EQ(format_length(7), "7mm"); }
TEST(Format, Zero) { EXPECT_EQ(format_length(0), "0mm"); }
TEST(Clamp, Inside) { EXPECT_EQ(clamp_length(5, 0, 10), 5); }
TEST(Clamp, Below) { EXPECT_EQ(clamp_length(-5, 0, 10), 0); }
TEST(Clamp, Above) { EXPECT_EQ(clamp_length(50, 0, 10), 10); }
TEST(Number, Digits) { EXPECT_EQ(parse_number("907"), 907); }
TEST(Number, Empty) { EXPECT_EQ(parse_number(""), std::nullopt); }
TEST(Number, Letters) { EXPECT_EQ(parse_number("a1"), std::nullopt); }
TEST(Number, Colon) { EXPECT_EQ(parse_number("1:"), std::nullopt); }
TEST(Number, Slash) { EXPECT_EQ(parse_number("/1"), std::nullopt); }
TEST(Number, Nine) { EXPECT_EQ(parse_number("9"), 9); }
TEST(Number, Zero) { EXPECT_EQ(parse_number("0"), 0); }
TEST(Number, Long) { EXPECT_EQ(parse_number("123456789"), 123456789); }
TEST(Number, LeadingZero) { EXPECT_EQ(parse_number("007"), 7); }
TEST(Number, Space) { EXPECT_EQ(parse_number(" 7"), std::nullopt); }
TEST(Number, Minus) { EXPECT_EQ(parse_number("-7"), std::nullopt); }
TEST(Number, Plus) { EXPECT_EQ(parse_number("+7"), std::nullopt); }
TEST(Number, Dot) { EXPECT_EQ(parse_number("7.5"), std::nullopt); }
TEST(Number, Ten) { EXPECT_EQ(parse_number("10"), 10); }
TEST(Number, Hundred) { EXPECT_EQ(parse_number("100"), 100); }
TEST(Number, Thousand) { EXPECT_EQ(parse_number("1000"), 1000); }
