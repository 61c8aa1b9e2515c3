#pragma once

#include <cstddef>
#include <string>

bool is_adult(int age);
std::size_t count_adults(const int* ages, std::size_t count);
int clamp_percent(int value);
int never_called(int value);
unsigned steps_to(unsigned target);
int value_or(const int* p, int fallback);
std::string greeting();
std::string code();
int debug_only(int value);
