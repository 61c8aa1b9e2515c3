#pragma once
// Test helpers, named outside the usual test globs.

#include <gtest/gtest.h>

inline int expected_clamp(int value, int low, int high) {
    if (value < low) {
        return low;
    }
    return value > high ? high : value;
}

inline ::testing::AssertionResult clamps_like_expected(int value, int low, int high, int got) {
    if (got == expected_clamp(value, low, high)) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "clamp_to(" << value << ") gave " << got;
}
