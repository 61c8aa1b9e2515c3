#!/bin/sh
# A build (for --build-cmd) that fails while the switched form of `value * 2` is in src/names.cpp, with an
# error on line 1, where no site is: the error names no site's line. Otherwise: cmake's own build.
# Run in the mirrored source folder; $1 is the build folder to use.
if grep -q 'mlab_mut_on([0-9]*) ? (value / 2)' src/names.cpp; then
    echo "src/names.cpp:1:1: error: this build rejects the switched form of 'value * 2'"
    exit 1
fi
cmake -S . -B "$1" -G Ninja >/dev/null && cmake --build "$1"
