#include <gtest/gtest.h>

#include "clamp.hpp"

TEST(Clamp, KeepsValueInside) { EXPECT_EQ(clamp_to(5, 0, 10), 5); }
