#!/usr/bin/env python3
# make bench-grade: what grading costs besides the builds and the QEMU runs, per test; a class
# of fixture submissions graded at -j 1 and at -j 2; and whether verdicts repeat run to run.
"""Benchmarks tools/grade on the RISC-V fixture lab tree (tests/labtree-riscv) with labs/cow-riscv.

1. Overhead: one submission prepared (scratch copy, programs added), built, and each test run;
   per test, the time not spent in `make qemu` (fresh image, starting make, typing, judging),
   plus the scratch copy shared among the tests. Target: under 0.5 s per test.
2. A class of --class-size submissions (alternately moo's CoW and eager kernels), graded at
   -j 1 and at -j 2, --rounds times each (best time kept). Target on 2 cores: -j 2 takes at
   most 60% of -j 1's time.
3. Repeatability: one eager submission graded --repeat times; every run's verdicts must agree.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grading import labspec, programs, treegrade, xv6tree  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB = os.path.join(REPO, "labs", "cow-riscv")
BASE = os.path.join(REPO, "tests", "labtree-riscv")


def submission(root, name, fork):
    os.makedirs(os.path.join(root, name, "kernel"))
    with open(os.path.join(root, name, "kernel", "config.mk"), "w") as f:
        f.write(f"FORK = {fork}\nTESTHOOKS = 0\n")
    return os.path.join(root, name)


def overhead(work):
    """Seconds per test that grading adds besides the build and `make qemu`."""
    tests = labspec.find_tests(LAB, "riscv")
    progs = programs.lab_programs(LAB, "riscv")
    sub = submission(work, "one", "cow")
    t0 = time.monotonic()
    prepared = treegrade.prepare(work, progs, base=BASE, submission=sub)
    copy = time.monotonic() - t0
    t0 = time.monotonic()
    error, _ = xv6tree.build(prepared.path, prepared.layout)
    build = time.monotonic() - t0
    if error:
        raise RuntimeError("the fixture tree does not build: " + error)
    t0 = time.monotonic()
    subprocess.run(["make", "-q", "qemu"], cwd=prepared.path, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    make_check = time.monotonic() - t0
    rows = []
    for test in tests.values():
        r = treegrade.run_test(prepared, test, treegrade.DEFAULT_TIMEOUT)
        rows.append((test.name, r.verdict, r.seconds, r.qemu_seconds))
    treegrade.discard(prepared)
    print(f"overhead, one submission, {len(rows)} tests:")
    print(f"  scratch copy and programs added: {copy:.3f} s; build (not counted): {build:.2f} s")
    print(f"  the tree's make deciding nothing is to build (inside each `make qemu`): "
          f"{make_check:.3f} s")
    per = []
    for name, verdict, total, qemu in rows:
        per.append(total - qemu)
        print(f"  {name}: {verdict}, {total:.2f} s, of which `make qemu` {qemu:.2f} s: "
              f"grading {total - qemu:.3f} s")
    mean = sum(per) / len(per) + copy / len(per)
    print(f"  grading adds {mean:.3f} s per test (target < 0.5 s): "
          f"{'met' if mean < 0.5 else 'NOT met'}")
    return mean


def grade_class(class_dir, jobs, out):
    cmd = [sys.executable, os.path.join(REPO, "tools", "grade"), LAB, "--class", class_dir,
           "--base", BASE, "-j", str(jobs), "--out", out]
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    took = time.monotonic() - t0
    if p.returncode != 0:
        raise RuntimeError(f"grading the class at -j {jobs} failed:\n{p.stdout}")
    with open(os.path.join(out, "grades.csv")) as f:
        return took, f.read()


def class_speed(work, size, rounds):
    """-j 1 and -j 2 in turn, rounds times; the best time of each (the machine is shared, and
    other work only ever adds time)."""
    class_dir = os.path.join(work, "class")
    for i in range(size):
        submission(class_dir, f"s{i:02d}", "cow" if i % 2 == 0 else "eager")
    times, tables = {1: [], 2: []}, set()
    for r in range(rounds):
        for jobs in (1, 2):
            took, table = grade_class(class_dir, jobs, os.path.join(work, f"j{jobs}-{r}"))
            times[jobs].append(took)
            tables.add(table)
            print(f"  round {r + 1}: -j {jobs}: {took:.1f} s", flush=True)
    t1, t2 = min(times[1]), min(times[2])
    ratio = t2 / t1
    print(f"a class of {size} submissions, best of {rounds}: -j 1 {t1:.1f} s, -j 2 {t2:.1f} s: "
          f"{100 * ratio:.0f}% (target <= 60%): {'met' if ratio <= 0.6 else 'NOT met'}")
    print(f"  the {2 * rounds} tables {'agree' if len(tables) == 1 else 'DIFFER'}")
    return ratio, len(tables) == 1


def repeatability(work, runs):
    sub = submission(work, "again", "eager")
    seen = set()
    for _ in range(runs):
        p = subprocess.run([sys.executable, os.path.join(REPO, "tools", "grade"), LAB,
                            "--kernel", sub, "--base", BASE], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        seen.add(tuple(l.split(" (")[0] for l in p.stdout.splitlines()
                       if l.startswith(("cowtest:", "usertests:", "score:"))))
    print(f"repeatability: {runs} runs of one eager submission gave "
          f"{len(seen)} distinct set{'s' if len(seen) != 1 else ''} of verdicts"
          + (f": {sorted(seen)[0]}" if len(seen) == 1 else f": {sorted(seen)}"))
    return len(seen) == 1


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--class-size", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=1, help="class runs at each -j")
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    os.environ["MOO_REPO"] = REPO
    root = os.path.join(REPO, "build", "grade")
    os.makedirs(root, exist_ok=True)
    work = tempfile.mkdtemp(prefix="bench-", dir=root)
    try:
        mean = overhead(work)
        ratio, same = (class_speed(work, args.class_size, args.rounds) if args.class_size
                       else (0, True))
        repeats = repeatability(work, args.repeat) if args.repeat else True
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if mean < 0.5 and ratio <= 0.6 and same and repeats else 1


if __name__ == "__main__":
    sys.exit(main())
