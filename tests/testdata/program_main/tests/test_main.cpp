// The test program's own main(): it is linked with GTest::gtest, not gtest_main, and takes an argument of
// its own (`--currency=EUR`, from gtest_discover_tests' EXTRA_ARGS) after GoogleTest's.
#include <gtest/gtest.h>

#include <string>

#include "builders.hpp"

namespace {
std::string the_currency = "none";
}  // namespace

const std::string& currency() {
    return the_currency;
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument.rfind("--currency=", 0) == 0) {
            the_currency = argument.substr(11);
        }
    }
    return RUN_ALL_TESTS();
}
