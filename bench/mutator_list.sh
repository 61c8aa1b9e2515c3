#!/usr/bin/env bash
# `mutator list` beside its floor, `clang++-16 -fsyntax-only` over the same translation units, one after
# the other, on target_app and on googletest's samples as Debian ships them. Prints the median of RUNS runs
# of each and their ratio. Usage: bench/mutator_list.sh [RUNS]   (after ./mlab build; needs python3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5}
MUTATOR=${MUTATOR:-$ROOT/build/tools/mutator/mutator}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$ROOT/target_app" -B "$work/target_app" -G Ninja >/dev/null
cmake -S "$ROOT/tests/testdata/gtest_samples" -B "$work/samples" -G Ninja >/dev/null

# median_seconds CMD...: runs CMD $RUNS times, prints the median wall time in seconds.
median_seconds() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

printf '%-15s %5s %6s %18s %26s %7s\n' project TUs sites "mutator list (s)" "clang++ -fsyntax-only (s)" ratio
bench() {
  local name=$1 build=$2; shift 2
  python3 "$ROOT/bench/compile_floor.py" "$build" > "$work/floor.sh"
  local units sites ours floor
  units=$(wc -l < "$work/floor.sh")
  sites=$("$MUTATOR" list -p "$build" "$@" | tail -n1 | cut -d' ' -f1)
  ours=$(median_seconds "$MUTATOR" list -p "$build" "$@")
  floor=$(median_seconds bash "$work/floor.sh")
  printf '%-15s %5s %6s %18.2f %26.2f %7.2f\n' "$name" "$units" "$sites" "$ours" "$floor" "$(echo "$ours / $floor" | bc -l)"
}
bench target_app "$work/target_app"
bench gtest_samples "$work/samples" --root /usr/src/googletest/googletest/samples
echo "ratio = mutator list / floor (goal: at most 1.3); medians of $RUNS runs"
