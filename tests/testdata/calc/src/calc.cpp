#include "calc/limits.hpp"

#define TWICE(x) ((x) * 2)

namespace calc {

int clamp_add(int a, int b, int max) {
    const int sum = a + b;
    if (!within(sum, max) && max > 0) {
        return max;
    }
    // mutator: ignore-next-line
    const int unused = sum - 1;
    return TWICE(sum) / 2 + unused * 0;
}

int count_positive(const int* values, int n) {
    int count = 0;
    for (int i = 0; i < n; ++i) {
        if (values[i] > 0 || values[i] == -1) {
            count += 1;
        }
    }
    return count;
}

}  // namespace calc
