#!/usr/bin/env python3
"""curator generate's validation funnel on target_app's ten sample tests, beside its floor.

The floor is what any validation must spend: one compile of the test file (the tests that compile, with
the target's own flags), one link, and 5 runs of each test. The funnel does more (it finds which test a
compile error belongs to and compiles again, measures line coverage against the existing tests), and is
timed whole: `curator generate --no-mutation` wall time, replay provider (no model time). "cold" empties
the object cache first (the existing tests and the instrumented source compile too); "warm" reuses it.

Usage: python3 bench/curator_funnel.py [RUNS]   (from the repository root, after ./mlab build)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import CURATOR, ROOT, timed


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    work = tempfile.mkdtemp(prefix="mlab-bench-funnel-")
    build = os.path.join(work, "build")
    subprocess.run(["cmake", "-S", os.path.join(ROOT, "target_app"), "-B", build, "-G", "Ninja"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "--target", "unit_interactions_tests"], check=True,
                   stdout=subprocess.DEVNULL)
    env = {k: v for k, v in os.environ.items() if k not in ("CURATOR_API_KEY", "OPENAI_API_KEY",
                                                             "ANTHROPIC_API_KEY", "CURATOR_PROVIDER")}
    out = os.path.join(work, "test_interactions_ai.cpp")
    command = [CURATOR, "generate", "-q", "--no-mutation", "-p", build, "--out", out,
               "--source", os.path.join(ROOT, "target_app/src/interaction.cpp"),
               "--header", os.path.join(ROOT, "target_app/include/target_app/interaction.hpp"),
               "--tests", os.path.join(ROOT, "target_app/tests/unit/test_interactions.cpp")]
    cold, warm, floor = [], [], []
    for _ in range(runs):
        shutil.rmtree(os.path.join(build, ".curator", "objects"), ignore_errors=True)
        cold.append(timed(command, env=env))
        warm.append(timed(command, env=env))
        # The floor, on the file the funnel compiled last (the tests that compile) with the same command.
        scratch = os.path.join(build, ".curator", "scratch")
        record = json.load(open(out + ".curator.json"))
        passing = [t["name"] for t in record["tests"] if t["funnel"]["verdict"] != "compile_error"]
        with open(os.path.join(build, "compile_commands.json")) as f:
            entry = next(e for e in json.load(f) if e["file"].endswith("tests/unit/test_interactions.cpp"))
        compile_cmd = entry["command"].split()
        source_at = compile_cmd.index(entry["file"])
        obj_at = compile_cmd.index("-o") + 1
        compile_cmd[source_at] = os.path.join(scratch, "curator_candidates.cpp")
        compile_cmd[obj_at] = os.path.join(work, "floor.o")
        start = time.monotonic()
        subprocess.run(compile_cmd, check=True, cwd=entry["directory"])
        subprocess.run(["c++", os.path.join(work, "floor.o"), os.path.join(build, "libtarget_app_service.a"),
                        "/usr/lib/x86_64-linux-gnu/libgtest_main.a", os.path.join(build, "libtarget_app_domain.a"),
                        "-lSQLiteCpp", "-lsqlite3", "-lcpp-httplib", "/usr/lib/x86_64-linux-gnu/libgtest.a",
                        "-o", os.path.join(work, "floor")], check=True)
        for name in passing:
            for _ in range(5):
                subprocess.run([os.path.join(work, "floor"), "--gtest_filter=" + name], stdout=subprocess.DEVNULL)
        floor.append(time.monotonic() - start)
    cold_m, warm_m, floor_m = (statistics.median(v) for v in (cold, warm, floor))
    print(f"curator funnel, target_app sample (10 tests, {len(passing)} compile), medians of {runs} runs")
    print(f"{'':24}{'seconds':>10}{'vs floor':>10}")
    print(f"{'floor (1 compile+link, 5 runs each)':36}{floor_m:>6.2f}{1.0:>9.2f}x")
    print(f"{'funnel, warm object cache':36}{warm_m:>6.2f}{warm_m / floor_m:>9.2f}x")
    print(f"{'funnel, cold object cache':36}{cold_m:>6.2f}{cold_m / floor_m:>9.2f}x")
    print("goal: within 1.5x of the floor")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
