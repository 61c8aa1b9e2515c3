#include "checksums.hpp"

#include <cstddef>

namespace {

const std::uint32_t kPolynomial = 0xEDB88320u;
const std::size_t kNibbles = 16;
// A lookup table the compiler builds: its numbers are never a run-time choice.
const std::uint8_t kNibbleBits[kNibbles] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};

// Uses its argument twice: once as a number, once pasted into a name.
#define NIBBLE(value, n) ((static_cast<unsigned>(value) >> (n)) & kMask_##n)
const unsigned kMask_4 = 0xFu;

struct Range {
    std::uint8_t low, high;
};

}  // namespace

std::uint32_t crc32(const std::string& data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const unsigned char byte : data) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 1u) != 0 ? (crc >> 1) ^ kPolynomial : crc >> 1;
        }
    }
    return ~crc;
}

int bit_count(std::uint8_t value) {
    const unsigned low_mask = 0xFu;
    return kNibbleBits[value & low_mask] + kNibbleBits[NIBBLE(value, 4)];
}

std::uint8_t checked_byte(int value) {
    const Range range{0, 255};
    if (__builtin_expect(value < range.low, 0)) {
        return range.low;
    }
    return value > range.high ? range.high : static_cast<std::uint8_t>(value);
}

int unused_parity(int value) {
    return bit_count(static_cast<std::uint8_t>(value)) % 2;
}
