#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// KEPT: covers values above the range
TEST(Clamp, ReturnsHighAboveRange) { EXPECT_EQ(clamp_to(12, 0, 10), 10); }

// A test discarded with `#if 0` instead of `// ` lines, and a kept one left inside it.
#if 0
// DISCARDED: duplicates the existing Clamp.KeepsValueInside
TEST(Clamp, KeepsInside) {
    EXPECT_EQ(clamp_to(5, 0, 10), 5);
}

// KEPT: the high bound is inside the range
TEST(Clamp, KeepsHighBound) { EXPECT_EQ(clamp_to(10, 0, 10), 10); }
#endif
