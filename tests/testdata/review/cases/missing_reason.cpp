#include <gtest/gtest.h>

#include "clamp.hpp"

// KEPT:
TEST(Clamp, ReturnsLowBelowRange) { EXPECT_EQ(clamp_to(-3, 0, 10), 0); }

// KEPT: a value inside the range comes back unchanged
TEST(Clamp, KeepsInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }

// DISCARDED:
// TEST(Clamp, Duplicate) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }
