#include "outcomes.hpp"

bool is_adult(int age) {
    return age >= 18;
}

std::size_t count_adults(const int* ages, std::size_t count) {
    std::size_t adults = 0;
    for (std::size_t i = 0; i != count; ++i) {
        if (is_adult(ages[i])) {
            ++adults;
        }
    }
    return adults;
}

int clamp_percent(int value) {
    if (value > 100) {
        return 100;
    }
    return value;
}

int never_called(int value) {
    return value * 2;
}

unsigned steps_to(unsigned target) {
    unsigned steps = 0;
    for (unsigned i = 0; i != target; i += 1) {
        ++steps;
    }
    return steps;
}

int value_or(const int* p, int fallback) {
    if (p == nullptr) {
        return fallback;
    }
    return *p;
}

std::string greeting() {
    char text[] = "hi";
    return text;
}

std::string code() {
    char text[3] = "ab";
    return text;
}

// mutator: off
int debug_only(int value) {
    return value - 1;
}
// mutator: on
