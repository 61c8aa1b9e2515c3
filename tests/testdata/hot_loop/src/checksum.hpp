#pragma once
#include <cstddef>
#include <cstdint>

std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc = 0);
std::uint32_t adler32(const unsigned char* data, std::size_t size);
