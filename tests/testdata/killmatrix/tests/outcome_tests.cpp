#include <gtest/gtest.h>

#include "outcomes.hpp"

TEST(Adult, EighteenIsAdult) {
    EXPECT_TRUE(is_adult(18));
}

TEST(Adult, CountsAdults) {
    const int ages[] = {17, 18, 40};
    EXPECT_EQ(count_adults(ages, 3), 2U);
}

TEST(Adult, ChildIsNot) {
    EXPECT_FALSE(is_adult(3));
}

TEST(Clamp, KeepsSmallValues) {
    EXPECT_EQ(clamp_percent(42), 42);
}

TEST(Clamp, CapsLargeValues) {
    EXPECT_EQ(clamp_percent(250), 100);
}

TEST(Steps, CountsUp) {
    EXPECT_EQ(steps_to(5), 5U);
}

TEST(ValueOr, UsesFallbackForNull) {
    EXPECT_EQ(value_or(nullptr, 7), 7);
}

TEST(ValueOr, ReadsValue) {
    const int value = 3;
    EXPECT_EQ(value_or(&value, 7), 3);
}

TEST(Greeting, SaysHi) {
    EXPECT_EQ(greeting(), "hi");
}

TEST(Code, IsAb) {
    EXPECT_EQ(code(), "ab");
}
