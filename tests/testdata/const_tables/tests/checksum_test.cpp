// A plain test program: exit code 0 when every check holds.
#include <cstdio>

#include "checksums.hpp"

int main() {
    int failures = 0;
    const auto check = [&](bool ok, const char* what) {
        if (!ok) {
            std::printf("FAILED: %s\n", what);
            ++failures;
        }
    };
    check(crc32("123456789") == 0xCBF43926u, "crc32 of the check string");
    check(crc32("") == 0u, "crc32 of nothing");
    check(bit_count(0) == 0, "bit_count(0)");
    check(bit_count(0xFF) == 8, "bit_count(0xFF)");
    check(bit_count(0x15) == 3, "bit_count(0x15)");
    check(checked_byte(-5) == 0, "checked_byte below");
    check(checked_byte(0) == 0, "checked_byte at 0");
    check(checked_byte(300) == 255, "checked_byte above");
    check(checked_byte(255) == 255, "checked_byte at 255");
    check(checked_byte(77) == 77, "checked_byte inside");
    return failures == 0 ? 0 : 1;
}
