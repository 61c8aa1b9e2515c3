#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) {
    EXPECT_EQ(clamp_to(-3, 0, 10), 0);
}

// KEPT: covers values above the range
TEST(Clamp, ReturnsHighAboveRange) {
    EXPECT_EQ(clamp_to(12, 0, 10), 10);
}

// DISCARDED: duplicates the existing Clamp.KeepsValueInside
TEST(Clamp, KeepsInside) {
    EXPECT_EQ(clamp_to(5, 0, 10), 5);
}

// KEPT: a kept test must run
// TEST(Clamp, KeepsHighBound) { EXPECT_EQ(clamp_to(10, 0, 10), 10); }
