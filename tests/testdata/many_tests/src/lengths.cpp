#include "lengths.hpp"

std::optional<long> parse_number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    long value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<long> parse_length(std::string_view text) {
    long scale = 1;
    std::size_t unit = 2;
    if (text.ends_with("mm")) {
        scale = 1;
    } else if (text.ends_with("cm")) {
        scale = 10;
    } else if (text.ends_with("m")) {
        scale = 1000;
        unit = 1;
    } else {
        return std::nullopt;
    }
    const std::optional<long> number = parse_number(text.substr(0, text.size() - unit));
    if (!number) {
        return std::nullopt;
    }
    return *number * scale;
}

std::string format_length(long millimetres) {
    if (millimetres != 0 && millimetres % 1000 == 0) {
        return std::to_string(millimetres / 1000) + "m";
    }
    if (millimetres != 0 && millimetres % 10 == 0) {
        return std::to_string(millimetres / 10) + "cm";
    }
    return std::to_string(millimetres) + "mm";
}

long clamp_length(long millimetres, long low, long high) {
    if (millimetres < low) {
        return low;
    }
    if (millimetres > high) {
        return high;
    }
    return millimetres;
}
