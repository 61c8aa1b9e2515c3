#!/usr/bin/env bash
# Runs clang-tidy (with the root .clang-tidy) over the project's own translation units in a build's
# compile_commands.json. Usage: check_tidy.sh CLANG_TIDY BUILD_DIR
set -euo pipefail
clang_tidy=$1
build=$2
mapfile -t sources < <(git ls-files -- 'tools/*.cpp' 'target_app/*.cpp' | grep -v '/testdata/')
"$clang_tidy" -p "$build" --quiet "${sources[@]}"
