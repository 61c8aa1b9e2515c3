#!/usr/bin/env python3
"""`mutator run` beside Mull (mull-project/mull 0.26.1, the established LLVM-based tool) on the same work:
googletest's samples 1-8 as Debian ships them (built by tests/testdata/gtest_samples), and with --target-app
target_app too (--only-target-app: target_app alone). Each round builds and runs both from scratch,
interleaved (Mull; ours; ours --fail-fast; ours --no-equivalence), so that the machine's load falls on all of
them alike; the medians of N rounds are printed side by side, with the phases of our runs (the report's
`performance.phases`) as the profile of where our time goes.

Mull: the project built with clang++-16 and Mull's IR plugin (-fpass-plugin, the mutants compiled in), then
mull-runner on each test program (no kill matrix: Mull reports killed or survived per mutant, not which
test killed it). Ours: `mutator run` on a configured (not built) build folder, the full kill matrix; its
configure counts in its build time, as Mull's does in Mull's.

Usage: bench/vs_mull.py --mull-bin DIR [--runs N] [--target-app | --only-target-app] [--mull-all]
(after ./mlab build; --mull-all: Mull with all its operators, cxx_all, instead of its default set)
DIR holds mull-runner-16 and mull-ir-frontend-16 (bench/README.md says how to build them against Debian's
LLVM 16). Without --mull-bin it says so and exits 2. Not part of the test command.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import CORES, MUTATOR, copy_gtest_samples, copy_target_app, sh

# Mull's settings for a project (MULL_CONFIG, read by the plugin and by mull-runner): the default operators
# (cxx_default), the tests themselves and the system's headers (googletest's among them) left out. No
# pattern may match the copies' own paths (the samples are copied into a folder named gtest_samples).
MULL_YML = """excludePaths:
  - .*_unittest\\.cc
  - .*/tests/.*
  - /usr/.*
timeout: 10000
"""


def projects(work, with_target_app):
    """(name, source dir, configure args, test programs relative to the build folder): copies."""
    samples, configure = copy_gtest_samples(work)
    found = [("gtest_samples", samples, configure, [f"sample{n}_unittest" for n in range(1, 9)])]
    if with_target_app:
        # The programs: every test program the build makes.
        found.append(("target_app", *copy_target_app(work), None))
    return found


def test_programs(build):
    """The executables CTest runs in `build` (each program once)."""
    listed = json.loads(sh(["ctest", "--test-dir", build, "--show-only=json-v1"]).stdout)
    programs = []
    for test in listed.get("tests", []):
        command = test.get("command") or []
        if command and os.access(command[0], os.X_OK) and command[0] not in programs:
            programs.append(command[0])
    return programs


def mull_round(name, source, configure, programs, work, mull_bin, round_number, mull_all):
    """One Mull run from scratch: the instrumented build, then mull-runner on each test program."""
    build = os.path.join(work, f"{name}-mull-{round_number}")
    reports = build + "-reports"
    config = os.path.join(work, f"{name}-mull.yml")
    with open(config, "w", encoding="utf-8") as out:
        out.write(MULL_YML + ("mutators:\n  - cxx_all\n" if mull_all else ""))
    env = dict(os.environ, MULL_CONFIG=config)
    plugin = os.path.join(mull_bin, "mull-ir-frontend-16")
    flags = f"-O0 -g -grecord-command-line -fpass-plugin={plugin}"
    start = time.monotonic()
    sh(["cmake", "-S", source, "-B", build, "-G", "Ninja", "-DCMAKE_C_COMPILER=clang-16",
        "-DCMAKE_CXX_COMPILER=clang++-16", "-DCMAKE_CXX_FLAGS=" + flags, "-DCMAKE_C_FLAGS=" + flags] + configure,
       env=env)
    sh(["cmake", "--build", build, "--parallel", str(CORES)], env=env)
    build_time = time.monotonic() - start
    paths = [os.path.join(build, p) for p in programs] if programs else test_programs(build)
    start = time.monotonic()
    for path in paths:
        report_name = os.path.basename(path)
        subprocess.run([os.path.join(mull_bin, "mull-runner-16"), "--allow-surviving", "--reporters", "Elements",
                        "--report-dir", reports, "--report-name", report_name, "-workers", str(CORES), path],
                       env=env, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run_time = time.monotonic() - start
    per_program, distinct = 0, {}
    for entry in sorted(os.listdir(reports)) if os.path.isdir(reports) else []:
        if not entry.endswith(".json"):
            continue
        report = json.load(open(os.path.join(reports, entry), encoding="utf-8"))
        for file_name, data in report.get("files", {}).items():
            for mutant in data.get("mutants", []):
                per_program += 1
                start_at = mutant["location"]["start"]
                key = (os.path.realpath(file_name), start_at["line"], start_at["column"], mutant["mutatorName"])
                killed = mutant["status"] in ("Killed", "Timeout")
                distinct[key] = distinct.get(key, False) or killed
    score = 100.0 * sum(distinct.values()) / len(distinct) if distinct else float("nan")
    shutil.rmtree(build)
    return {"build": build_time, "execution": run_time, "total": build_time + run_time,
            "mutants": per_program, "distinct": len(distinct), "score": score}


def ours_round(name, source, configure, work, round_number, extra):
    """One `mutator run` from scratch: the user's build folder configured (not built), then the run."""
    build = os.path.join(work, f"{name}-user-{round_number}{''.join(extra)}")
    out = build + "-out"
    start = time.monotonic()
    sh(["cmake", "-S", source, "-B", build, "-G", "Ninja"] + configure)
    configure_time = time.monotonic() - start
    result = subprocess.run([MUTATOR, "run", "-q", "-p", build, "--out", out, *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    total = time.monotonic() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"vs_mull: mutator run on {name} failed: {result.stderr.strip()}")
    report = json.load(open(os.path.join(out, "mutation-report.json"), encoding="utf-8"))
    perf = report["performance"]
    statuses = [m["status"] for f in report["files"].values() for m in f["mutants"]]
    valid = [s for s in statuses if s in ("Killed", "Timeout", "Survived", "NoCoverage")]
    detected = [s for s in valid if s in ("Killed", "Timeout")]
    phases = {k: v / 1000 for k, v in perf.get("phases", {}).items()}
    # What the report's phases do not hold: the process starting, the other reports written.
    phases["outside the phases"] = total - configure_time - perf.get("total", 0) / 1000
    shutil.rmtree(build)
    shutil.rmtree(out)
    return {"build": configure_time + perf["setup"] / 1000, "execution": total - configure_time - perf["setup"] / 1000,
            "total": total, "mutants": len(statuses), "distinct": len(statuses),
            "score": 100.0 * len(detected) / len(valid) if valid else float("nan"), "phases": phases,
            "configure": configure_time}


def median(rows, key):
    return statistics.median(r[key] for r in rows)


# Our runs beside Mull's: the label of each column and the options of its `mutator run`.
VARIANTS = (("mutator run", ()), ("--fail-fast", ("--fail-fast",)), ("--no-equivalence", ("--no-equivalence",)))


def print_project(name, mull, ours, runs, mull_all):
    """`ours`: the rounds of each of VARIANTS, in order."""
    operators = "all operators (cxx_all)" if mull_all else "default operators"
    print(f"\n{name} (medians of {runs} interleaved round(s), {CORES} cores; Mull with its {operators})")
    labels = [label for label, _ in VARIANTS]
    print(f"  {'':28}{'Mull 0.26.1':>14}" + "".join(f"{label:>18}" for label in labels))
    for key in ("build", "execution", "total"):
        m = median(mull, key)
        cells = "".join(f"{median(rows, key):8.1f} s ({median(rows, key) / m:4.2f}x)" for rows in ours)
        print(f"  {key:28}{m:12.1f} s{cells}")
    for key, label in (("mutants", "mutants (per program)"), ("distinct", "mutants (distinct location)")):
        print(f"  {label:28}{median(mull, key):14.0f}" + "".join(f"{median(rows, key):18.0f}" for rows in ours))
    print(f"  {'score':28}{median(mull, 'score'):13.1f}%" + "".join(f"{median(rows, 'score'):17.1f}%" for rows in ours))
    print(f"  {'kill matrix':28}{'none':>14}{'every test':>18}{'first kill':>18}{'every test':>18}")
    print("  (x: the ratio to Mull's)")
    for (label, _), rows in zip(VARIANTS, ours):
        phases = list(rows[0]["phases"])
        profile = ", ".join(f"{k} {statistics.median(r['phases'].get(k, 0) for r in rows):.1f} s" for k in phases)
        print(f"  {label}, the report's phases: {profile}; configure of the user's build "
              f"{median(rows, 'configure'):.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mull-bin", help="the folder holding mull-runner-16 and mull-ir-frontend-16")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target-app", action="store_true", help="target_app too (built with clang-16)")
    parser.add_argument("--only-target-app", action="store_true", help="target_app alone")
    parser.add_argument("--mull-all", action="store_true", help="Mull with all its operators (cxx_all)")
    args = parser.parse_args()
    needed = ("mull-runner-16", "mull-ir-frontend-16")
    if not args.mull_bin:
        print("vs_mull: --mull-bin DIR is needed: a folder with mull-runner-16 and mull-ir-frontend-16; "
              "bench/README.md, \"Mull\", says how to build Mull 0.26.1 against Debian's LLVM 16", file=sys.stderr)
        return 2
    missing = [n for n in needed if not os.path.isfile(os.path.join(args.mull_bin, n))]
    if missing:
        print(f"vs_mull: --mull-bin {args.mull_bin}: no {', '.join(missing)} there", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mlab-bench-mull-") as work:
        for name, source, configure, programs in projects(work, args.target_app or args.only_target_app):
            if args.only_target_app and name != "target_app":
                continue
            mull, ours = [], [[] for _ in VARIANTS]
            for round_number in range(args.runs):
                mull.append(mull_round(name, source, configure, programs, work, args.mull_bin, round_number,
                                       args.mull_all))
                for (_, options), rows in zip(VARIANTS, ours):
                    rows.append(ours_round(name, source, configure, work, round_number, options))
            print_project(name, mull, ours, args.runs, args.mull_all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
