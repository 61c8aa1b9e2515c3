#include <gtest/gtest.h>

#include "ranges.hpp"
#include "ranges_unittests.h"

TEST(Ranges, ClampsLowHighAndInside) {
    for (const int value : {-3, 0, 2, 5, 9}) {
        EXPECT_TRUE(clamps_like_expected(value, 0, 5, clamp_to(value, 0, 5)));
    }
}
