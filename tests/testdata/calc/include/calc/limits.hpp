#pragma once
#include <string>

namespace calc {

inline bool within(int value, int max) { return value <= max; }

int clamp_add(int a, int b, int max);
int count_positive(const int* values, int n);
std::string field_name();
void report(int value);

}  // namespace calc
