#!/usr/bin/env bash
# Runs clang-tidy (with the root .clang-tidy) over the project's own translation units in a build's
# compile_commands.json; any finding fails. Usage: check_tidy.sh CLANG_TIDY BUILD_DIR [JOBS] [--shape]
# --shape runs only the checks of a function's shape (its length and cognitive complexity): about 10 s a
# file, mostly parsing, against about 15 s with every check; `./mlab lint` runs it.
set -uo pipefail
clang_tidy=$1
build=$2
jobs=${3:-$(nproc)}
checks=()
# The build's flags are GCC's: a warning option only GCC knows (e.g. -Wno-restrict) is no finding.
extra=(-extra-arg=-Wno-unknown-warning-option)
places=('tools/*.cpp' 'target_app/*.cpp')
if [ "${4:-}" = "--shape" ]; then
  # The tools' code; target_app is the lab's subject, whose handlers students read as they are.
  checks=(-checks='-*,readability-function-size,readability-function-cognitive-complexity')
  places=('tools/*.cpp')
fi
cd "$(dirname "$0")/.." || exit 2
mapfile -t sources < <(git ls-files -- "${places[@]}" | grep -v '/testdata/')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# run-clang-tidy (from the same package) runs the files side by side; each file in turn otherwise.
runner=$(command -v "run-${clang_tidy##*/}" || true)
if [ -n "$runner" ]; then
  "$runner" -clang-tidy-binary "$clang_tidy" -p "$build" -j "$jobs" -quiet "${extra[@]}" "${checks[@]}" "${sources[@]}" >"$log" 2>&1
else
  "$clang_tidy" -p "$build" --quiet "${extra[@]}" "${checks[@]}" "${sources[@]}" >"$log" 2>&1
fi
status=$?
# What clang-tidy found, without the runner's command lines and counts.
grep -v '^[^ ]*clang-tidy-[0-9]* \|^[0-9]* warnings\? generated\|^Suppressed \|^Use -header-filter\|^$' "$log"
findings=$(grep -c ': \(warning\|error\): ' "$log")
if [ "$status" -ne 0 ] || [ "$findings" -gt 0 ]; then
  echo "check_tidy: $findings finding(s) in ${#sources[@]} files (clang-tidy exit $status)" >&2
  exit 1
fi
echo "check_tidy: ${#sources[@]} files, no finding"
