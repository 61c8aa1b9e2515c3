#!/usr/bin/env bash
# Runs clang-tidy (with the root .clang-tidy) over the project's own translation units in a build's
# compile_commands.json; any warning fails. Usage: check_tidy.sh CLANG_TIDY BUILD_DIR [JOBS]
set -euo pipefail
clang_tidy=$1
build=$2
jobs=${3:-$(nproc)}
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files -- 'tools/*.cpp' 'target_app/*.cpp' | grep -v '/testdata/')
# run-clang-tidy (from the same package) runs the files side by side; each file alone otherwise.
runner=$(command -v "run-${clang_tidy##*/}" || true)
if [ -n "$runner" ]; then
  set +e
  "$runner" -clang-tidy-binary "$clang_tidy" -p "$build" -j "$jobs" -quiet -warnings-as-errors='*' \
    "${sources[@]}" 2>&1 | grep -v '^clang-tidy-[0-9]* \|^[0-9]* warnings\? generated\|^Suppressed \|^Use -header-filter\|^$'
  exit "${PIPESTATUS[0]}"
fi
"$clang_tidy" -p "$build" --quiet --warnings-as-errors='*' "${sources[@]}"
