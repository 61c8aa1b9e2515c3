#include <gtest/gtest.h>

#include "clamp.hpp"

// The decision forms students write instead of `// KEPT: <reason>`: each gets a message naming the form.

/* KEPT: covers values below the range */
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// KEPT - covers values above the range
TEST(Clamp, ReturnsHighAboveRange) { EXPECT_EQ(clamp_to(12, 0, 10), 10); }

TEST(Clamp, KeepsInside) {  // KEPT: a value inside the range comes back unchanged
    EXPECT_EQ(clamp_to(5, 0, 10), 5);
}

// Discarded. duplicates the existing Clamp.KeepsValueInside
// TEST(Clamp, KeepsValueInsideAgain) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }
