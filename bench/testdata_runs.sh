#!/usr/bin/env bash
# `mutator run` with default options over every example project of tests/testdata (and googletest's samples,
# copied into tests/testdata/gtest_lab as the lab test does): the mutants, the candidates skipped by reason,
# the statuses, the exit code and the wall time of each. The shapes a run must get right, side by side.
# Usage: bench/testdata_runs.sh   (after ./mlab build)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MUTATOR=${MUTATOR:-$ROOT/build/tools/mutator/mutator}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '| project | exit | wall (s) | mutants | statuses | skipped |\n|---|---:|---:|---:|---|---|\n'
for dir in "$ROOT"/tests/testdata/*/; do
  name=$(basename "$dir")
  [ -f "$dir/CMakeLists.txt" ] || [ -f "$dir/cpp/CMakeLists.txt" ] || continue
  [ "$name" = broken ] && continue  # does not parse, on purpose
  copy="$work/$name"
  cp -r "$dir" "$copy"
  rm -rf "$copy/expected"
  source="$copy" root_flag=()
  if [ -f "$copy/cpp/CMakeLists.txt" ]; then
    source="$copy/cpp" root_flag=(--root "$copy")
  fi
  if [ "$name" = gtest_lab ]; then
    mkdir -p "$copy/samples" && cp /usr/src/googletest/googletest/samples/* "$copy/samples/"
  fi
  cmake -S "$source" -B "$copy/build" -G Ninja >/dev/null 2>&1 || { echo "| $name | configure failed |"; continue; }
  cmake --build "$copy/build" >/dev/null 2>&1
  start=$(date +%s.%N)
  (cd "$copy" && "$MUTATOR" run -q -p build --out "$work/out-$name" "${root_flag[@]}" --reports json) \
    >"$work/$name.stdout" 2>"$work/$name.stderr"
  status=$?
  end=$(date +%s.%N)
  counts=$(sed -n 's/^  Killed/Killed/p' "$work/$name.stdout" | sed 's/, [A-Za-z]* 0//g; s/^Killed 0, //')
  mutants=$(sed -n 's/.*; \([0-9]*\) mutants, .*/\1/p' "$work/$name.stdout")
  skipped=$(sed -n 's/^skipped: //p' "$work/$name.stdout")
  [ $status -ne 0 ] && counts=$(head -c 160 "$work/$name.stderr" | tr '\n' ' ')
  printf '| %s | %d | %.1f | %s | %s | %s |\n' "$name" "$status" "$(echo "$end - $start" | bc)" \
    "${mutants:--}" "${counts:--}" "${skipped:--}"
done
