#!/usr/bin/env bash
# Checks (or with --fix, applies) .clang-format on every C++ file git tracks, or every one under the tree
# when this is not a git checkout.
set -euo pipefail
clang_format=$1
mode=${2:-}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' '*.h' '*.cc' \
                       | grep -v '^tests/testdata/' || true)
else
  mapfile -t files < <(find tools target_app tests bench -name '*.cpp' -o -name '*.hpp' | grep -v '^tests/testdata/')
fi
existing=()
for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
if [ "$mode" = "--fix" ]; then
  "$clang_format" -i "${existing[@]}"
  exit 0
fi
if "$clang_format" --dry-run --Werror "${existing[@]}"; then
  echo "format_check: ${#existing[@]} files follow .clang-format"
else
  echo "format_check: run 'cmake --build build --target format' to fix the files above" >&2
  exit 1
fi
