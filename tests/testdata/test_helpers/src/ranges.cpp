#include "ranges.hpp"

int clamp_to(int value, int low, int high) {
    if (value < low) {
        return low;
    }
    return value > high ? high : value;
}
