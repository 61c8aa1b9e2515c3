#include <gtest/gtest.h>

#include "ranges.hpp"
#include "ranges_unittests.h"

TEST(Ranges, ClampsLowHighAndInside) {
    for (const int value : {-3, 0, 2, 5, 9}) {
        EXPECT_EQ(clamp_to(value, 0, 5), expected_clamp(value, 0, 5)) << value;
    }
}
