#pragma once
// Stable, platform-independent hashes for ids and cache keys (not for security).

#include <cstdint>
#include <string>
#include <string_view>

namespace mlab {

/// 64-bit FNV-1a of `data`, continuing from `seed`.
std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

/// Spreads every input bit over the whole result (MurmurHash3's fmix64): ids that differ in one input
/// character then differ everywhere, not in one hex digit.
std::uint64_t mix64(std::uint64_t value);

/// `value` as 16 lower-case hex digits.
std::string to_hex(std::uint64_t value);

}  // namespace mlab
