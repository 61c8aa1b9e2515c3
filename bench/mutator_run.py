#!/usr/bin/env python3
"""`mutator run` beside (a) the naive loop and (b) the floor, on target_app, googletest's samples and two
projects of tests/testdata: hot_loop (a checksum library whose every site is in a tight loop, ~1 s tests) and
many_tests (1,030 small gtest TESTs, each its own CTest test).

(a) naive: apply one mutant, rebuild (incrementally), run the whole suite with ctest; repeated per
    mutant. Timed on SAMPLE mutants spread over the list and extrapolated to all mutants (printed as such).
(b) floor: one plain build + the sum, over mutants, of the baseline times of the tests covering each,
    divided by the cores. It assumes zero cost for anything but the build and the covering tests.

Usage: bench/mutator_run.py [--runs N] [--sample S]   (after ./mlab build)
Prints, per project, the medians over N runs: wall time split into scan + build, baseline + coverage and
execution + equivalence (the report's `performance`), the two baselines, the ratios, the build time of a
second run after one file changed, the instrumented programs' test time (no mutant active, no coverage)
divided by the plain programs', and the peak memory (largest process) of a run.
--unbatched also times a run with --one-process-per-test (the way runs went before batching).
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import CORES, MUTATOR, ROOT, copy_gtest_samples, copy_target_app, sh, timed


def projects(work):
    """(name, source dir, extra configure args): copies, so nothing in the repository is touched."""
    found = [("target_app", *copy_target_app(work)), ("gtest_samples", *copy_gtest_samples(work))]
    for name in ("hot_loop", "many_tests"):
        copy = os.path.join(work, name)
        shutil.copytree(os.path.join(ROOT, "tests/testdata", name), copy)
        found.append((name, copy, []))
    return found


def test_times(build):
    """Each CTest test's time in `build`, run one at a time (ctest -j1), from ctest's JUnit report."""
    junit = build + ".junit.xml"
    subprocess.run(["ctest", "--test-dir", build, "-j1", "--timeout", "300", "--output-junit", junit],
                   capture_output=True)
    import xml.etree.ElementTree as ElementTree
    return {case.get("name"): float(case.get("time", "0")) for case in ElementTree.parse(junit).iter("testcase")}


def offset_of(text, line, column):
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[: line - 1]) + column - 1


def naive(name, source, configure, work, sites, sample):
    """Plain build once, then per sampled mutant: apply, rebuild, whole suite."""
    build = os.path.join(work, name + "-naive")
    sh(["cmake", "-S", source, "-B", build, "-G", "Ninja"] + configure)
    plain_build = timed(["cmake", "--build", build, "--parallel", str(CORES)])
    step = max(1, len(sites) // sample)
    per_mutant = []
    for site in sites[::step][:sample]:
        path = os.path.join(source, site["file"])
        original = open(path, encoding="utf-8").read()
        begin = offset_of(original, site["line"], site["column"])
        end = offset_of(original, site["end_line"], site["end_column"])
        try:
            open(path, "w", encoding="utf-8").write(original[:begin] + site["replacement"] + original[end:])
            start = time.monotonic()
            built = subprocess.run(["cmake", "--build", build, "--parallel", str(CORES)], capture_output=True)
            if built.returncode == 0:
                subprocess.run(["ctest", "--test-dir", build, "-j", str(CORES), "--timeout", "60"],
                               capture_output=True)
            per_mutant.append(time.monotonic() - start)
        finally:
            open(path, "w", encoding="utf-8").write(original)
    sh(["cmake", "--build", build, "--parallel", str(CORES)])
    return plain_build, statistics.median(per_mutant), len(per_mutant)


def ours(name, source, configure, work, runs, extra=(), measure_rebuild=True):
    build = os.path.join(work, name + "-user")
    if not os.path.exists(build):
        sh(["cmake", "-S", source, "-B", build, "-G", "Ninja"] + configure)
        sh(["cmake", "--build", build, "--parallel", str(CORES)])
    plain = test_times(build)
    results = []
    for run in range(runs):
        out = os.path.join(work, f"{name}-out-{run}{'-'.join(extra)}")
        start = time.monotonic()
        subprocess.run([MUTATOR, "run", "-q", "-p", build, "--out", out, *extra], capture_output=True, check=True)
        wall = time.monotonic() - start
        report = json.load(open(os.path.join(out, "mutation-report.json")))
        baseline = {t["id"]: t["durationMs"] / 1000 for t in json.load(open(os.path.join(out, "baseline.json")))}
        perf = report["performance"]
        # The floor counts each covering test at its plain time (its instrumented time where the names differ).
        covered = sum(plain.get(t, baseline[t]) for f in report["files"].values() for m in f["mutants"]
                      for t in m["coveredBy"])
        mutants = sum(len(f["mutants"]) for f in report["files"].values())
        instrumented = test_times(os.path.join(out, "build"))
        shared = [t for t in plain if t in instrumented]
        slowdown = sum(instrumented[t] for t in shared) / max(sum(plain[t] for t in shared), 1e-9)
        results.append({"wall": wall, "build": perf["setup"] / 1000, "baseline": perf["initialRun"] / 1000,
                        "mutation": perf["mutation"] / 1000,
                        "execution": perf["phases"]["mutants"] / 1000, "covered": covered, "mutants": mutants,
                        "plain_tests": sum(plain[t] for t in shared),
                        "instrumented_tests": sum(instrumented[t] for t in shared), "slowdown": slowdown})
        if run + 1 < runs:
            shutil.rmtree(out)
    # Between runs only the changed units are rebuilt: one more run into the same folder after a comment is
    # added to the file with the most mutants.
    rebuild = float("nan")
    if measure_rebuild:
        counts = {f: len(e["mutants"]) for f, e in report["files"].items()}
        touched = os.path.join(source, max(counts, key=counts.get))
        original = open(touched, encoding="utf-8").read()
        try:
            open(touched, "w", encoding="utf-8").write(original + "\n// touched by the benchmark\n")
            subprocess.run([MUTATOR, "run", "-q", "-p", build, "--out", out, *extra], capture_output=True,
                           check=True)
            rebuild = json.load(open(os.path.join(out, "mutation-report.json")))["performance"]["phases"]["build"]
            rebuild /= 1000
        finally:
            open(touched, "w", encoding="utf-8").write(original)
    sites = json.loads(sh([MUTATOR, "list", "-p", build, "--format", "json"]).stdout)["sites"]
    medians = {k: statistics.median(r[k] for r in results) for k in results[0]}
    medians["rebuild"] = rebuild
    return medians, sites


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--unbatched", action="store_true")
    parser.add_argument("--only", nargs="*", help="project names to run (default: all)")
    args = parser.parse_args()
    peak = 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="mlab-bench-run-") as work:
        for name, source, configure in projects(work):
            if args.only and name not in args.only:
                continue
            run, sites = ours(name, source, configure, work, args.runs)
            if args.unbatched:
                unbatched, _ = ours(name, source, configure, work, 1, ("--one-process-per-test",), False)
                run["unbatched"] = unbatched["wall"]
            peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            plain_build, per_mutant, sampled = naive(name, source, configure, work, sites, args.sample)
            naive_total = plain_build + per_mutant * run["mutants"]
            floor = plain_build + run["covered"] / CORES
            rows.append((name, run, plain_build, per_mutant, sampled, naive_total, floor))
    print(f"mutator run vs the naive loop and the floor ({CORES} cores; medians of {args.runs} run(s))")
    for name, run, plain_build, per_mutant, sampled, naive_total, floor in rows:
        print(f"\n{name}: {run['mutants']:.0f} mutants")
        print(f"  mutator run        {run['wall']:8.1f} s  (scan + build {run['build']:.1f} s, baseline + coverage "
              f"{run['baseline']:.1f} s, execution + equivalence {run['mutation']:.1f} s)")
        print(f"  (a) naive loop     {naive_total:8.1f} s  (plain build {plain_build:.1f} s + {per_mutant:.2f} s "
              f"per mutant, median of {sampled} sampled mutants, x {run['mutants']:.0f}: extrapolated)")
        print(f"  (b) floor          {floor:8.1f} s  (plain build {plain_build:.1f} s + covering tests' baseline "
              f"{run['covered']:.1f} s / {CORES} cores)")
        if "unbatched" in run:
            print(f"  one process/test   {run['unbatched']:8.1f} s  (--one-process-per-test, one run)")
        print(f"  speed-up over (a)  {naive_total / run['wall']:8.1f} x")
        print(f"  ratio to (b)       {run['wall'] / floor:8.2f}   (execution alone vs its floor: "
              f"{run['execution'] / max(run['covered'] / CORES, 1e-9):.2f})")
        print(f"  rebuild            {run['rebuild']:8.1f} s  (a second run into the same folder after one file "
              f"changed: its units only)")
        print(f"  instrumented/plain {run['slowdown']:8.2f}   (the suite with no mutant active and no coverage: "
              f"{run['instrumented_tests']:.2f} s vs {run['plain_tests']:.2f} s, ctest -j1)")
    print(f"\npeak memory of any process in the runs: {peak / 1024:.0f} MiB (ru_maxrss of the children)")


if __name__ == "__main__":
    sys.exit(main())
