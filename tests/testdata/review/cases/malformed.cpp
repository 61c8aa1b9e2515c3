#include <gtest/gtest.h>

#include "clamp.hpp"

// KEEP: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// KEPT: covers values above the range

TEST(Clamp, ReturnsHighAboveRange) { EXPECT_EQ(clamp_to(12, 0, 10), 10); }

TEST(Clamp, KeepsInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

// Discarded: duplicates KeepsInside
// TEST(Clamp, Duplicate) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

// DISCARDED: the brace never closes
// TEST(Clamp, Unfinished) {
//     EXPECT_EQ(clamp_to(5, 0, 10), 5);

// KEPT: defined twice
TEST(Clamp, KeepsInside) { EXPECT_EQ(clamp_to(6, 0, 10), 6); }
