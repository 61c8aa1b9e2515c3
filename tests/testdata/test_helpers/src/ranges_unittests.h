#pragma once
// Test helpers, named outside the usual test globs.

inline int expected_clamp(int value, int low, int high) {
    if (value < low) {
        return low;
    }
    return value > high ? high : value;
}
