#pragma once
#include <optional>
#include <string>
#include <string_view>

// Lengths in millimetres, parsed from and formatted to "12mm", "3cm", "2m".
std::optional<long> parse_number(std::string_view text);
std::optional<long> parse_length(std::string_view text);
std::string format_length(long millimetres);
long clamp_length(long millimetres, long low, long high);
