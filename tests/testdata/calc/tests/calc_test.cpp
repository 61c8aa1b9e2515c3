#include <cstdio>

#include "calc/limits.hpp"

int main() {
    int failures = 0;
    if (calc::clamp_add(2, 3, 10) != 5) ++failures;
    if (calc::clamp_add(8, 8, 10) != 10) ++failures;
    const int values[] = {1, -2, 3};
    if (calc::count_positive(values, 3) != 2) ++failures;
    if (calc::field_name() != "created_at") ++failures;
    std::printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
