// The test program's own main, named outside the usual test globs.
#include <gtest/gtest.h>

#include "ranges_unittests.h"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    const int repeats = argc > 1 ? 2 : 1;
    int status = 0;
    for (int i = 0; i < repeats; ++i) {
        status = RUN_ALL_TESTS();
    }
    return status;
}
