#!/usr/bin/env bash
# The Debian package, made and used as a user would (docs/install.md): cpack builds it from BUILD, it is
# unpacked into a scratch root (dpkg-deb -x: no root rights), and the tools run from there on a copy of
# tests/testdata/generate: --version, man pages, mutator list, run and report, and curator generate with the
# replay provider reading the installed prompts folder. Then, as root only, the GitHub Action's install step
# (tools/action/install.sh) installs it on the machine with apt-get, and it is removed again.
#   check_package.sh BUILD SOURCE
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/mlab-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { printf 'package test: %s\n' "$*" >&2; exit 1; }
expect() {  # expect TEXT PATTERN WHAT
  grep -Eq -- "$2" <<<"$1" || fail "$3: expected /$2/ in: $1"
}

# ---- the package
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/package" >"$work/cpack.log" 2>&1) \
  || { tail -n 30 "$work/cpack.log" >&2; fail "cpack failed"; }
debs=("$work"/package/mutation-lab_*_amd64.deb)
[ -f "${debs[0]}" ] || fail "no mutation-lab_<version>_amd64.deb in $(ls "$work/package")"
deb=${debs[0]}
printf 'package: %s, %s bytes\n' "$(basename "$deb")" "$(stat -c %s "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
# The libraries the tools link, found by dpkg-shlibdeps, and the tools they run.
for package in libclang-cpp16 libllvm16 libcurl4 libsqlite3-0 libyaml-cpp0.7 libfmt9 libstdc\\+\\+6 \
               libclang-common-16-dev cmake g\\+\\+; do
  expect "$depends" "(^|, )$package( |,|$)" "Depends"
done
# Every dependency is a Debian 12 package this machine has installed (the first of each alternative).
for package in $(tr ',' '\n' <<<"$depends" | sed 's/|.*//; s/(.*//; s/ //g'); do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || fail "Depends names $package, which is not installed here"
done

root=$work/root
dpkg-deb -x "$deb" "$root"
mutator=$root/usr/bin/mutator
curator=$root/usr/bin/curator
[ -x "$mutator" ] && [ -x "$curator" ] || fail "no usr/bin/mutator or usr/bin/curator in the package"
for tool in mutator curator; do
  version=$("$root/usr/bin/$tool" --version)
  expect "$version" "^$tool [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]{12}(-dirty)?|unknown)\)$" "$tool --version"
  page=$(ls "$root/usr/share/man/man1/$tool.1"* 2>/dev/null | head -n 1)
  [ -n "$page" ] || fail "no man page for $tool"
  man_text=$( (zcat -f "$page") )
  expect "$man_text" "^\.TH $(tr '[:lower:]' '[:upper:]' <<<"$tool") " "$tool's man page"
  # Each subcommand's own options, and no path of the build machine.
  subcommand=$([ "$tool" = mutator ] && echo run || echo generate)
  expect "$man_text" "^\.SS \"$tool $subcommand\"" "$tool's man page"
  ! grep -qF "$build" <<<"$man_text" || fail "$tool's man page names the build folder $build"
done
[ -f "$root/usr/share/mutation-lab/prompts/generate-gtest.txt" ] || fail "no prompt templates"
[ -f "$root/usr/share/doc/mutation-lab/install.md" ] || fail "no docs/install.md in share/doc"

# ---- the installed tools on a test project
project=$work/generate
cp -r "$source/tests/testdata/generate" "$project"
cmake -S "$project" -B "$project/build" -G Ninja >"$work/configure.log" 2>&1 \
  || { tail -n 20 "$work/configure.log" >&2; fail "the test project does not configure"; }
cmake --build "$project/build" >"$work/build.log" 2>&1 \
  || { tail -n 20 "$work/build.log" >&2; fail "the test project does not build"; }

listed=$("$mutator" list -p "$project/build")
expect "$listed" "src/clamp.cpp:4:15 +ROR +< -> <=" "mutator list"
"$mutator" run -q -p "$project/build" --out "$work/mutants" --reports json,markdown >"$work/run.log" 2>&1 \
  || { cat "$work/run.log" >&2; fail "mutator run failed"; }
expect "$(cat "$work/run.log")" "^mutation score: [0-9.]+% " "mutator run"
[ -f "$work/mutants/mutation-report.json" ] || fail "mutator run wrote no report"
reported=$("$mutator" report "$work/mutants" --format markdown)
expect "$reported" "^## Mutation score of generate: [0-9.]+%" "mutator report"

# A hand-written sample reply in the installed prompts folder, as an instructor would add one.
mkdir -p "$root/usr/share/mutation-lab/prompts/samples"
cat >"$root/usr/share/mutation-lab/prompts/samples/clamp.cpp.md" <<'SAMPLE'
<!-- Hand-written sample reply for the package test, not real model output. -->
```cpp
#include <gtest/gtest.h>
#include "clamp.hpp"

TEST(Clamp, RaisesLowValues) { EXPECT_EQ(clamp_to(-3, 1, 10), 1); }
```
SAMPLE
mkdir -p "$work/ai"
(cd "$project" && env -u CURATOR_API_KEY -u OPENAI_API_KEY -u ANTHROPIC_API_KEY -u CURATOR_PROVIDER \
   -u CURATOR_MODEL -u CURATOR_BASE_URL -u CURATOR_KEY_FILE -u CURATOR_PROMPTS_DIR \
   "$curator" generate --source src/clamp.cpp --tests tests/test_clamp.cpp --out "$work/ai/test_clamp_ai.cpp" \
   -p "$project/build" --no-mutation --runs 1 >"$work/generate.log" 2>&1) \
  || { cat "$work/generate.log" >&2; fail "curator generate failed"; }
generated=$(cat "$work/ai/test_clamp_ai.cpp")
expect "$generated" "provider: replay \(hand-written sample reply, not real model output\)" "curator generate"
expect "$generated" "TEST\(Clamp, RaisesLowValues" "curator generate"
# ---- the GitHub Action's install step (action.yml) with this package, on this machine, then removed: only
# as root and when no mutation-lab package is installed here already.
if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W -f='${Status}' mutation-lab 2>/dev/null | grep -q "ok installed"; then
  trap 'apt-get remove -y -qq mutation-lab >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  installed=$(INPUT_PACKAGE="$deb" bash "$source/tools/action/install.sh" 2>"$work/install.log") \
    || { cat "$work/install.log" >&2; fail "the action's install step failed"; }
  expect "$installed" "^mutation-lab action: mutator .* and curator .* installed in [0-9]+ s$" "install step"
  echo "$installed"
  [ "$(/usr/bin/mutator --version)" = "$("$mutator" --version)" ] || fail "/usr/bin/mutator is not the package's"
  dpkg-query -W -f='${Status}' mutation-lab | grep -q "install ok installed" || fail "dpkg lists no mutation-lab"
  apt-get remove -y -qq mutation-lab >/dev/null 2>&1 || fail "apt-get remove mutation-lab failed"
  [ ! -e /usr/bin/mutator ] || fail "apt-get remove left /usr/bin/mutator"
else
  echo "package test: the action's install step was not run (it needs root, and no mutation-lab installed)"
fi
echo "package test: passed"
