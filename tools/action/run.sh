#!/usr/bin/env bash
# The action's second step (action.yml): `mutator run` (or `mutator merge` of shards' reports) with the
# action's inputs, then the job summary and the annotations; its exit code is mutator's (1: the score is
# below `break`; 2: bad input or a self-check that failed, and no score). The step's outputs, for the
# upload step and the workflow: out, report, score, files (the reports written, one per line).
set -euo pipefail
die() { printf 'mutation-lab action: %s\n' "$*" >&2; exit 2; }
output() { [ -z "${GITHUB_OUTPUT:-}" ] || printf '%s\n' "$@" >>"$GITHUB_OUTPUT"; }
enabled() {  # enabled INPUT VALUE: "true" or "false"
  case "$2" in
    true) return 0 ;;
    false) return 1 ;;
    *) die "$1: expected true or false, got '$2'" ;;
  esac
}

out=${INPUT_OUT:-mutants}
reports=${INPUT_REPORTS:-json,html,markdown}
# Split at white space, over lines too (a `|` block), without quoting.
read -d '' -ra extra <<<"${INPUT_ARGS:-}" || true
enabled summary "${INPUT_SUMMARY:-true}" && summary=1 || summary=0
enabled annotations "${INPUT_ANNOTATIONS:-true}" && annotations=1 || annotations=0
prefix=()
[ -z "${INPUT_PATH_PREFIX:-}" ] || prefix=(--path-prefix "$INPUT_PATH_PREFIX")

if [ -n "${INPUT_MERGE:-}" ]; then
  [ -z "${INPUT_SHARD:-}${INPUT_SINCE:-}" ] || die "merge: shard and since belong to the shards' runs"
  # The patterns are expanded here, as a shell would: shards/* is every shard's folder.
  read -d '' -ra patterns <<<"$INPUT_MERGE" || true
  inputs=()
  for pattern in "${patterns[@]}"; do
    matched=$(compgen -G "$pattern" || true)
    [ -n "$matched" ] || die "merge: nothing matches $pattern"
    while IFS= read -r path; do inputs+=("$path"); done <<<"$matched"
  done
  command=(mutator merge "${inputs[@]}" --out "$out")
else
  command=(mutator run -p "${INPUT_BUILD_DIR:-build}" --out "$out")
  [ -z "${INPUT_SINCE:-}" ] || command+=(--since "$INPUT_SINCE")
  [ -z "${INPUT_SHARD:-}" ] || command+=(--shard "$INPUT_SHARD")
fi
[ -z "${INPUT_BREAK:-}" ] || command+=(--break "$INPUT_BREAK")
command+=(--reports "$reports" "${extra[@]}")

log=$(mktemp "${RUNNER_TEMP:-/tmp}/mutation-lab-log.XXXXXX")
trap 'rm -f "$log"' EXIT
printf '%s\n' "${command[*]}"
status=0
"${command[@]}" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}

# The reports this run wrote (mutator names each on a `report:` line), for the upload step: not the whole
# out folder, which holds the mutant build. None: mutator stopped before measuring a score (its own line
# said why), and there is nothing else to show.
files=()
while IFS= read -r file; do files+=("$file"); done < <(sed -n 's/^report: //p' "$log")
[ ${#files[@]} -gt 0 ] || exit "$status"
output "out=$out" "report=$out/mutation-report.json" "files<<MUTATION_LAB_FILES" "${files[@]}" \
  "MUTATION_LAB_FILES"
# The run's own score (the first score line; a second one is the score with curated tests); empty when
# there is none (n/a: no mutant to score).
output "score=$(sed -nE 's/.*mutation score: ([0-9.]+)%.*/\1/p' "$log" | head -n 1)"

# What follows must not hide the run's exit code, nor pass when it fails itself.
then_failed() { [ "$status" -ne 0 ] || status=2; }
# A project in a subfolder: the SARIF file's paths from the repository's root, for code scanning.
for file in "${files[@]}"; do
  if [ ${#prefix[@]} -gt 0 ] && [ "${file##*.}" = sarif ]; then
    mutator report "$out" --format sarif "${prefix[@]}" --output "$file" || then_failed
  fi
done
if [ "$summary" = 1 ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  mutator report "$out" --format markdown >>"$GITHUB_STEP_SUMMARY" || then_failed
fi
if [ "$annotations" = 1 ]; then
  mutator report "$out" --format github "${prefix[@]}" || then_failed
fi
exit "$status"
