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
read -ra extra <<<"${INPUT_ARGS:-}"
enabled summary "${INPUT_SUMMARY:-true}" && summary=1 || summary=0
enabled annotations "${INPUT_ANNOTATIONS:-true}" && annotations=1 || annotations=0
prefix=()
[ -z "${INPUT_PATH_PREFIX:-}" ] || prefix=(--path-prefix "$INPUT_PATH_PREFIX")

if [ -n "${INPUT_MERGE:-}" ]; then
  [ -z "${INPUT_SHARD:-}${INPUT_SINCE:-}" ] || die "merge: shard and since belong to the shards' runs"
  # The patterns are expanded here, as a shell would: shards/* is every shard's folder.
  read -ra patterns <<<"$INPUT_MERGE"
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
output "out=$out" "report=$out/mutation-report.json"

# The run's output, and a file older than every report it writes.
log=$(mktemp "${RUNNER_TEMP:-/tmp}/mutation-lab-log.XXXXXX")
stamp=$(mktemp "${RUNNER_TEMP:-/tmp}/mutation-lab-stamp.XXXXXX")
trap 'rm -f "$log" "$stamp"' EXIT
printf '%s\n' "${command[*]}"
status=0
"${command[@]}" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}

# No report: mutator stopped before measuring a score (its own line said why); nothing else to show.
[ "$out/mutation-report.json" -nt "$stamp" ] || exit "$status"
# The run's own score (the first score line; a second one is the score with curated tests).
score=$(sed -nE 's/.*mutation score: ([0-9.]+)%.*/\1/p' "$log" | head -n 1)
output "score=$score"
# The reports this run wrote, for the upload step (the out folder also holds the mutant build).
files=()
for file in mutation-report.json mutation-report.html mutation-report.md kill-matrix.html \
            mutation-annotations.txt mutation-report.sarif; do
  [ ! "$out/$file" -nt "$stamp" ] || files+=("$out/$file")
done
output "files<<MUTATION_LAB_FILES" "${files[@]}" "MUTATION_LAB_FILES"
if [ "$summary" = 1 ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  mutator report "$out" --format markdown >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$annotations" = 1 ]; then
  mutator report "$out" --format github "${prefix[@]}"
fi
exit "$status"
