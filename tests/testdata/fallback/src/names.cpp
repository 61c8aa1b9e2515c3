#include "names.hpp"

#include <cstring>

int code_length() {
    char code[3] = "ab";
    return static_cast<int>(std::strlen(code));
}

int twice(int value) {
    return value * 2;
}

int clamp_low(int value, int low) {
    return value < low ? low : value;
}
