#!/usr/bin/env python3
"""curator generate's mutation stage on target_app: new tests checked against a mutator run's own mutant
build, beside the stage it replaced.

Both start from what a user has: target_app configured, and `mutator run --test-label starter` over
src/interaction.cpp (the run `--mutants` names). Measured:
- new: `curator generate --mutants RUN` with the hand-written aimed sample (3 tests, one repaired in round 2);
  the sum of its `mutation` phases from the sidecar (build the new tests against RUN/build, run each once
  with coverage recorded, then once per reached mutant), and its whole wall time.
- baseline, the stage as it was: the same passing tests added to a copy of the project (beside the
  existing test file, `target_sources` appended), the copy configured like the build, and a fresh
  `mutator run --reports json --test-label starter src/interaction.cpp` over it (what every generate did).

Usage: python3 bench/curator_mutation_stage.py [RUNS]   (from the repository root, after ./mlab build)
"""
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from benchlib import CURATOR, MUTATOR, copy_target_app, sh, timed

SOURCE = "src/interaction.cpp"


def curator_round(work, build, mutants):
    """One `curator generate --mutants`: (wall seconds, mutation phases' seconds, the output file)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CURATOR_API_KEY", "OPENAI_API_KEY",
                                                             "ANTHROPIC_API_KEY", "CURATOR_PROVIDER")}
    out = os.path.join(work, "test_interactions_aimed.cpp")
    app = os.path.join(work, "target_app")
    wall = timed([CURATOR, "generate", "-q", "--no-cache", "-p", build, "--out", out, "--mutants", mutants,
                  "--source", os.path.join(app, SOURCE),
                  "--header", os.path.join(app, "include/target_app/interaction.hpp"),
                  "--tests", os.path.join(app, "tests/unit/test_interactions.cpp")], env=env)
    record = json.load(open(out + ".curator.json"))
    mutation = sum(p["ms"] for p in record["funnel"]["phases"] if p["phase"] == "mutation") / 1000
    return wall, mutation, out


def old_stage(work, build, tests_file):
    """The stage before: the tests added to a copy, configured like the build, a fresh mutator run."""
    copy = os.path.join(work, "copy")
    shutil.rmtree(copy, ignore_errors=True)
    start = time.monotonic()
    shutil.copytree(os.path.join(work, "target_app"), copy, ignore=shutil.ignore_patterns("build", ".git"))
    shutil.copy(tests_file, os.path.join(copy, "tests/unit/curator_candidates.cpp"))
    with open(os.path.join(copy, "CMakeLists.txt"), "a") as lists:
        lists.write('\ntarget_sources(unit_interactions_tests PRIVATE "'
                    + os.path.join(copy, "tests/unit/curator_candidates.cpp") + '")\n')
    sh(["cmake", "-S", copy, "-B", os.path.join(copy, "build"), "-G", "Ninja"])
    sh([MUTATOR, "run", "-q", "-p", os.path.join(copy, "build"), "--out", os.path.join(copy, "run"),
         "--reports", "json", "--test-label", "starter", os.path.join(copy, SOURCE)])
    return time.monotonic() - start


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    work = tempfile.mkdtemp(prefix="mlab-bench-mutation-stage-")
    app, _ = copy_target_app(work)
    build = os.path.join(app, "build")
    sh(["cmake", "-S", app, "-B", build, "-G", "Ninja"])
    mutants = os.path.join(work, "mutants")
    sh([MUTATOR, "run", "-q", "-p", build, "--out", mutants, "--test-label", "starter",
         os.path.join(app, SOURCE)])
    walls, stages, olds = [], [], []
    for _ in range(runs):
        wall, stage, out = curator_round(work, build, mutants)
        walls.append(wall)
        stages.append(stage)
        olds.append(old_stage(work, build, out))
    wall_m, stage_m, old_m = (statistics.median(v) for v in (walls, stages, olds))
    print(f"curator generate's mutation stage on target_app ({SOURCE}, 3 aimed tests), medians of {runs} runs")
    print(f"{'':52}{'seconds':>8}{'vs before':>11}")
    print(f"{'before: tests added to a copy + fresh mutator run':52}{old_m:>8.1f}{1.0:>10.2f}x")
    print(f"{'now: built against the mutant build of the run':52}{stage_m:>8.1f}{stage_m / old_m:>10.2f}x")
    print(f"{'now: the whole generate (2 rounds, coverage, 5 runs)':52}{wall_m:>8.1f}{wall_m / old_m:>10.2f}x")
    print("goal: the mutation stage within 15 s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
