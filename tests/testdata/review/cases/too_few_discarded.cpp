#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// FIXED: expected 11 above a range that ends at 10; corrected to 10
TEST(Clamp, ReturnsHighAboveRange) {
    EXPECT_EQ(clamp_to(12, 0, 10), 10);
}
