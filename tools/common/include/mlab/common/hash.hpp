#pragma once
// Stable, platform-independent hashes for ids and cache keys (not for security).

#include <cstdint>
#include <string>
#include <string_view>

namespace mlab {

/// 64-bit FNV-1a of `data`, continuing from `seed`.
std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

/// `value` as 16 lower-case hex digits.
std::string to_hex(std::uint64_t value);

}  // namespace mlab
