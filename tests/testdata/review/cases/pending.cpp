#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// REVIEW: pending
// evidence: compiles; passes 5/5; covers no line the existing tests miss
TEST(Clamp, KeepsInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

// KEPT: covers values above the range
TEST(Clamp, ReturnsHighAboveRange) { EXPECT_EQ(clamp_to(12, 0, 10), 10); }

// DISCARDED: duplicates KeepsInside
// TEST(Clamp, Duplicate) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }
