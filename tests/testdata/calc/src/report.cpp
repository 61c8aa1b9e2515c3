#include <cstdio>
#include <vector>

#include "calc/limits.hpp"

namespace calc {

static std::vector<int> history;

std::string field_name() { return "created_at"; }

void report(int value) {
    std::printf("value %d\n", value + 1);
    history.push_back(value);
    if (within(value, 10)) {
        history.clear();
    }
}

}  // namespace calc
