"""What the benchmarks share: where the tools and the projects are, running and timing a command, and
copies of the projects measured (nothing in the repository is touched)."""
import os
import shutil
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUTATOR = os.environ.get("MUTATOR", os.path.join(ROOT, "build/tools/mutator/mutator"))
CURATOR = os.environ.get("CURATOR", os.path.join(ROOT, "build/tools/curator/curator"))
SAMPLES = "/usr/src/googletest/googletest/samples"  # googletest's samples as Debian ships them
CORES = os.cpu_count() or 1


def sh(args, **kw):
    """Runs `args`; raises when it fails; its output captured."""
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace", **kw)


def timed(args, **kw):
    """sh(args), in seconds of wall time."""
    start = time.monotonic()
    sh(args, **kw)
    return time.monotonic() - start


def copy_target_app(work):
    """(source dir, configure args) of a copy of target_app in `work`."""
    app = os.path.join(work, "target_app")
    shutil.copytree(os.path.join(ROOT, "target_app"), app, ignore=shutil.ignore_patterns("build*"))
    return app, []


def copy_gtest_samples(work):
    """(source dir, configure args) of googletest's samples 1-8, unchanged, built by
    tests/testdata/gtest_samples (one test program per sample, gtest_main)."""
    samples = os.path.join(work, "gtest_samples")
    shutil.copytree(os.path.join(ROOT, "tests/testdata/gtest_samples"), samples)
    shutil.copytree(SAMPLES, os.path.join(samples, "samples"))
    return samples, ["-DSAMPLES_DIR=" + os.path.join(samples, "samples")]
