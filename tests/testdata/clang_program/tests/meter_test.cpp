#include <gtest/gtest.h>

#include "meter.hpp"

TEST(Meter, ChargesAStartedKilometre) {
    EXPECT_EQ(fare_cents(1), 450);
}
