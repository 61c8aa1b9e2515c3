#!/usr/bin/env bash
# Builds the test-file fuzzer with clang++-16 (libFuzzer, ASan, UBSan) and runs it for SECONDS (default 60).
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]. Crashing inputs are written to BUILD_DIR/crashes/.
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${2:-$root/build/fuzz}"
mkdir -p "$out/crashes" "$out/corpus"
clang="$(command -v clang++-16 || true)"
[ -n "$clang" ] || { echo "fuzz: clang++-16 is not installed (apt-get install clang-16 libclang-rt-16-dev)" >&2; exit 2; }
"$clang" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root/tools/curator/include" -I"$root/tools/common/include" \
  "$here/fuzz_test_file.cpp" "$root/tools/curator/src/reviewed_file.cpp" \
  "$root/tools/common/src/text.cpp" "$root/tools/common/src/hash.cpp" \
  -lfmt -o "$out/fuzz_test_file"
# What this machine's runs have found so far, then the seeds (read only): our own corpus and the review
# fixtures of the CLI tests.
"$out/fuzz_test_file" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$out/crashes/" "$out/corpus" "$here/corpus" \
  "$root/tests/testdata/review/cases" "$root/tests/testdata/review/tests"
