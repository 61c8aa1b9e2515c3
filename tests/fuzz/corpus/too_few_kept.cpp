#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT: covers values below the range
TEST(Clamp, ReturnsLowBelowRange) {
    EXPECT_EQ(clamp_to(-3, 0, 10), 0);
}

// DISCARDED: duplicates the existing Clamp.KeepsValueInside
// TEST(Clamp, KeepsInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

// DISCARDED: expects 11 above a range that ends at 10
// TEST(Clamp, ReturnsHighAboveRange) {
//     EXPECT_EQ(clamp_to(12, 0, 10), 11);
// }
