#pragma once
#include <cstdint>
#include <string>

std::uint32_t crc32(const std::string& data);
int bit_count(std::uint8_t value);
std::uint8_t checked_byte(int value);
int unused_parity(int value);
