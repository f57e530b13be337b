#!/usr/bin/env python3
# moo's test runner: host unit tests, the in-guest suites booted under QEMU on 1 and 3 harts,
# an xv6-binary compatibility check, and a crash-recovery test. Python 3 standard library only.
"""Runs moo's tests and prints a final line "N passed, N failed".

Result protocol for in-guest test programs (user/tests/t_*.c, tests/xv6compat):
  every check prints one line   PASS <suite>: <check>
                             or FAIL <suite>: <check>: <reason>
  and the program ends with     DONE <suite>
The runner counts PASS and FAIL lines. A suite whose DONE line never appears (timeout, crash,
hang) counts one more failure, and so does "panic" anywhere in the guest's output.

Every suite runs in its own boot of QEMU, started with exactly the Makefile's QEMUOPTS
(`make -s print-qemu`), on a fresh copy of the test image build/test/fs.img (the programs of
user/bin, the suites, the benchmarks, an xv6-built binary and the example of README.md). The
user's image, build/fs.img, is never built, booted or written: the "images" check compares its
bytes before and after the run, and checks that a user image holds only README and user/bin.
Guest output goes to build/test-logs/<cpus>-<suite>.log.

The console session (tests/session.py) types what a new user would at the shell, ^C and ^D
included, and checks each answer.

Leak accounting: before and after every suite the runner runs `kstat -d` in the guest and
checks that the free frames, live process slots, open files and in-memory inodes are the same
("leak: <counter> before X after Y" otherwise).

The gdb check boots one hart halted under gdb-multiarch and checks that backtraces from a
few kernel functions end at the entry code's frames (no bogus frame after them).

Every boot must reach the shell prompt and print "moo: all harts running (N)" for the hart
count it was given.

i386 only: "bootdisk" boots build/i386/moo.img with x86 xv6's own line (make BOOT=disk: our boot
sector on IDE unit 0, the file system on unit 1) for t_file, t_cow and t_proc on each hart
count, after checking the boot sector reports the RAM Multiboot does; "tick" times `sleep 3`
in the guest against the host's clock (the LAPIC timer's calibration against the PIT).

Hardening slices: t_stress boots with 8 harts; `fuzz SEED NCALLS NPROCS` runs once per hart
count with a fresh seed; selected programs run under `inject EVERY SEED prog`, where only a
panic, a hang or a leak counts as a failure. All seeds derive from one printed seed (--seed
repeats a run); --soak SECONDS (make soak) runs these slices for longer instead of the tests,
after a loop of 8-hart boots.

Examples:
  python3 tests/run.py --all                 what `make test` runs
  python3 tests/run.py --cpus 1 --suite t_proc -v
  python3 tests/run.py --suite crash         only the crash-recovery test
  python3 tests/run.py --list
"""

import argparse
import importlib.util
import atexit
import csv
import hashlib
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

import session  # the console session (tests/session.py)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = "build"
LOGS = os.path.join(BUILD, "test-logs")
IMAGES = os.path.join(BUILD, "test-img")
BASE_IMAGE = os.path.join(BUILD, "test", "fs.img")   # the test image, copied for every boot
USER_IMAGE = os.path.join(BUILD, "fs.img")           # the user's: never touched by a run
SCRATCH_USER_IMAGE = os.path.join(BUILD, "test", "user-fs.img")  # built like it, for the check
FSCK = os.path.join(BUILD, "tools", "fsck")
COMPAT_DIR = os.path.join("tests", "xv6compat")
COMPAT_OUT = os.path.join(BUILD, "xv6compat")
COMPAT_PROG = os.path.join(COMPAT_OUT, "_xv6hello")
EXAMPLE_SOURCE = os.path.join("examples", "hello.c")
EXAMPLE_PROG = os.path.join(BUILD, "test", "example", "hello")
KERNEL_COPIES = {}         # this run's copies of the kernels, by path (see snapshot_build)
TOOLPREFIX = os.environ.get("TOOLPREFIX", "riscv64-unknown-elf-")
ARCH = "riscv"             # the architecture under test (--arch); set_arch changes the paths
ARCHES = ["riscv", "i386"]
DEFAULT_CPUS = {"riscv": [1, 3], "i386": [1, 2]}


def set_arch(arch):
    """Points the runner at one architecture's build: RISC-V builds in build/, i386 in
    build/i386/ (the Makefile's B), and every make call gets ARCH=."""
    global ARCH, BUILD, LOGS, IMAGES, BASE_IMAGE, FSCK, COMPAT_DIR, COMPAT_OUT, COMPAT_PROG
    global USER_IMAGE, SCRATCH_USER_IMAGE, EXAMPLE_PROG, TEST_IMAGE
    ARCH = arch
    BUILD = "build" if arch == "riscv" else os.path.join("build", arch)
    LOGS = os.path.join(BUILD, "test-logs")
    IMAGES = os.path.join(BUILD, "test-img")
    TEST_IMAGE = os.path.join(BUILD, "test", "fs.img")  # the Makefile's TESTIMG
    BASE_IMAGE = TEST_IMAGE  # until snapshot_build takes a copy
    USER_IMAGE = os.path.join(BUILD, "fs.img")
    SCRATCH_USER_IMAGE = os.path.join(BUILD, "test", "user-fs.img")
    EXAMPLE_PROG = os.path.join(BUILD, "test", "example", "hello")
    FSCK = os.path.join(BUILD, "tools", "fsck")
    COMPAT_DIR = os.path.join("tests", "xv6compat" if arch == "riscv" else "xv6compat-" + arch)
    COMPAT_OUT = os.path.join(BUILD, "xv6compat")
    COMPAT_PROG = os.path.join(COMPAT_OUT, "_xv6hello")
    if "ARCH=" + arch not in MAKE_VARS:
        MAKE_VARS.append("ARCH=" + arch)

PROMPT = "$ "
BOOT_TIMEOUT = 60          # seconds from starting QEMU to the first shell prompt
PROMPT_TIMEOUT = 20        # seconds for the prompt to come back after a suite's DONE
DEFAULT_SUITE_TIMEOUT = 120
SUITE_TIMEOUTS = {"t_mem": 180, "t_file": 180, "t_dir": 180, "xv6compat": 60, "session": 240}
SUITE_TIMEOUTS["t_writes"] = 240  # fills the whole disk, 4 MiB and more
BUDGET = 15 * 60           # whole run, seconds: no suite starts or runs past it
CRASH_ROUNDS = 4          # crash tests per hart count, each killing QEMU at a random moment
NOT_SUITES = {"t_crashwriter", "t_crashcheck"}  # programs run only by the crash test
PANIC = re.compile(r"panic", re.IGNORECASE)

# Hardening slices (see run_fuzz, run_injection; t_stress and t_isolation are plain suites).
# The "boots" slice: RISC-V starts besides the default one (OpenSBI, modern virtio), the xv6
# labs' own lines (Makefile BOOT: -bios none, legacy and modern virtio), each booted with a few
# representative suites on BOOTS_CPUS harts (the labs' -smp 3).
OTHER_BOOTS = ["none-legacy", "none"]
BOOTS_SUITES = ["t_file", "t_cow", "t_proc"]
BOOTS_CPUS = 3
POWEROFF_TIMEOUT = 10      # seconds from typing poweroff to QEMU's exit
SUITE_CPUS = {"t_stress": [8]}  # suites booted only with these hart counts, whatever --cpus says
# "wide": `t_stats wide` grows a process across a boundary of the page tables above the leaf
# level and shrinks it back, which needs more RAM than the tests' machine has: the RAM to
# boot, for the architectures that have such a level (RISC-V: a middle table per 1 GiB;
# i386's only level above the leaf tables is the directory itself).
WIDE_MEMORY = {"riscv": "1280M"}
# i386 only: "bootdisk" boots build/i386/moo.img with x86 xv6's -drive line (make BOOT=disk: our
# boot sector on IDE unit 0, the file system on unit 1) and runs these suites; "tick" times
# `sleep TICK_SECONDS` against the host clock (the LAPIC timer's calibration).
BOOTDISK_SUITES = ["t_file", "t_cow", "t_proc"]
TICK_SECONDS = 3
TICK_BOUNDS = (2.5, 15.0)  # host seconds: QEMU's timers never fire early; late is load
WIDE_TIMEOUT = 300
STRESS_SECONDS = 4          # t_stress's running time in make test
FUZZ_CALLS = 20000          # system calls per fuzz run in make test, over FUZZ_PROCS workers
FUZZ_PROCS = 6
FUZZ_TIMEOUT = 180
FSFUZZ_OPS = 10000          # file-system calls per fsfuzz run in make test: by one worker on
FSFUZZ_PROCS = 4            # 1 hart (a seed then repeats the run exactly), by 4 on more harts
FSFUZZ_TIMEOUT = 150
INJECT_PROGRAMS = ["t_cow", "t_mem", "t_proc", "dedup_reader", "dedup_writer", "t_file"]
# Per program: N for deterministic injection (every Nth frame allocation fails), and N for
# seeded injection (each allocation fails with probability 1/N). The dedup programs allocate
# 2,560 pages at once, so smaller N would only ever fail that first sbrk.
INJECT_EVERY = {"dedup_reader": [2600, 2620, 2700, 3000], "dedup_writer": [2600, 2620, 2700, 3000]}
INJECT_ODDS = {"dedup_reader": [5000, 20000], "dedup_writer": [5000, 20000]}
INJECT_EVERY_DEFAULT = [25, 40, 60, 150, 400]
INJECT_ODDS_DEFAULT = [10, 20, 40, 200]
INJECT_TIMEOUT = 45          # t_proc takes up to ~30 s under injection


# ---------------------------------------------------------------- results

class Results:
    """Counts checks and remembers the failures for the summary."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def ok(self, label):
        self.passed += 1

    def bad(self, label, reason):
        self.failed += 1
        self.failures.append(f"{label}: {reason}")
        print(f"    FAIL {label}: {reason}", flush=True)

    def check(self, ok, label, reason):
        if ok:
            self.ok(label)
        else:
            self.bad(label, reason)
        return ok


def log_path(name):
    os.makedirs(LOGS, exist_ok=True)
    return os.path.join(LOGS, name + ".log")


def write_log(name, text):
    with open(log_path(name), "w", encoding="utf-8", errors="replace") as f:
        f.write(text)


def run(cmd, timeout=600):
    """Runs a host command; returns (exit status, combined output). 124 on timeout."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, text=True, errors="replace")
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return 124, out + f"\n*** timed out after {timeout} s\n"
    except OSError as e:
        return 127, str(e)


# ---------------------------------------------------------------- the guest

class Guest:
    """One QEMU process with the console on a pipe, read by a background thread."""

    live = set()  # guests not yet killed, ended at exit even after an exception or ^C

    def __init__(self, cmd, verbose=False):
        """cmd: the QEMU command line (see qemu_command)."""
        self.verbose = verbose
        self.text = ""
        self.cond = threading.Condition()
        self.exited = False
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, cwd=REPO)
        except OSError as e:
            raise RuntimeError(f"cannot start {cmd[0]}: {e}")
        Guest.live.add(self)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            with self.cond:
                if not data:
                    self.exited = True
                    self.cond.notify_all()
                    return
                chunk = data.decode("latin-1").replace("\r", "")
                self.text += chunk
                self.cond.notify_all()
            if self.verbose:
                sys.stdout.write(chunk)
                sys.stdout.flush()

    def wait_for(self, pattern, start, timeout, flags=0):
        """Waits for regex pattern in the output from start on. Returns (match, why) where why
        is None on success, else "timeout", "panic" or "exited"."""
        regex = re.compile(pattern, flags)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = regex.search(self.text, start)
                if m:
                    return m, None
                if PANIC.search(self.text, start):
                    return None, "panic"
                if self.exited:
                    return None, "exited"
                left = deadline - time.monotonic()
                if left <= 0:
                    return None, "timeout"
                self.cond.wait(min(left, 0.5))

    def mark(self):
        with self.cond:
            return len(self.text)

    def wait_more(self, pos, timeout):
        """Waits until the output is longer than pos, QEMU has exited or timeout seconds have
        passed; returns (the whole output so far, whether QEMU has exited)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.text) <= pos and not self.exited:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return self.text, self.exited

    def type(self, line):
        """Types a line at the console, a character at a time."""
        for ch in line:
            try:
                self.proc.stdin.write(ch.encode("latin-1"))
                self.proc.stdin.flush()
            except OSError:
                return
            time.sleep(0.005)

    def output(self, start=0, end=None):
        with self.cond:
            return self.text[start:end]

    def kill(self):
        """Ends QEMU at once (the crash test relies on this being abrupt)."""
        Guest.live.discard(self)
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.reader.join(timeout=5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


_qemu_cmd_cache = {}
MAKE_VARS = []  # extra make variables for every build and print-qemu, e.g. FORK=eager (--fork)
BOOT_VARS = []  # extra make variables for print-qemu only: BOOT=disk while "bootdisk" runs
BOOTDISK_COPY = None  # this run's copy of the i386 boot disk (snapshot_build)


@atexit.register
def kill_live_guests():
    for guest in list(Guest.live):
        guest.kill()
    drop_images(os.path.join(run_image_dir(), "base.img"),
                os.path.join(run_image_dir(), "moo.img"), *KERNEL_COPIES.values())


def qemu_command(cpus, image, mem=None, boot=None):
    """The Makefile's QEMU command line for cpus harts, with image as the disk (and mem as
    the RAM size, when given, instead of the Makefile's; boot, when given, is the Makefile's
    BOOT: how QEMU starts the kernel; BOOT_VARS holds i386's BOOT=disk while bootdisk runs)."""
    boot_vars = BOOT_VARS + ([f"BOOT={boot}"] if boot else [])
    key = (cpus, mem, tuple(boot_vars))
    if key not in _qemu_cmd_cache:
        rc, out = run(["make", "-s", "--no-print-directory", "print-qemu", f"CPUS={cpus}",
                       "FSIMG=@IMAGE@"] + MAKE_VARS + ([f"MEM={mem}"] if mem else [])
                      + boot_vars, timeout=60)
        lines = [l for l in out.splitlines() if "qemu" in l]
        if rc != 0 or not lines:
            raise RuntimeError("`make -s print-qemu` failed:\n" + out)
        _qemu_cmd_cache[key] = shlex.split(lines[-1])
    cmd = [a.replace("@IMAGE@", image) for a in _qemu_cmd_cache[key]]
    if "-kernel" in cmd:
        at = cmd.index("-kernel") + 1
        cmd[at] = KERNEL_COPIES.get(cmd[at], cmd[at])
    if BOOTDISK_COPY and BOOT_VARS:
        cmd = [re.sub(r"file=[^,]*moo\.img,", f"file={BOOTDISK_COPY},", a) for a in cmd]
    return cmd


def run_image_dir():
    """This run's own directory of disk images, so runs side by side do not collide."""
    return os.path.join(IMAGES, f"run-{os.getpid()}")


def snapshot_build(boots=()):
    """Copies the disk image and the kernels this run tests (the default start's, and those
    of the boots given) into its own directory, so a rebuild in the shared checkout while the
    run goes on changes nothing under it."""
    global BASE_IMAGE
    os.makedirs(run_image_dir(), exist_ok=True)
    base = os.path.join(run_image_dir(), "base.img")
    shutil.copyfile(BASE_IMAGE, base)
    BASE_IMAGE = base
    for boot in (None,) + tuple(boots):
        cmd = qemu_command(1, "@IMAGE@", boot=boot)
        if "-kernel" in cmd and cmd[cmd.index("-kernel") + 1] not in KERNEL_COPIES.values():
            kernel = cmd[cmd.index("-kernel") + 1]
            KERNEL_COPIES[kernel] = os.path.join(run_image_dir(),
                                                 f"kernel{len(KERNEL_COPIES) or ''}.elf")
            shutil.copyfile(kernel, KERNEL_COPIES[kernel])
    if ARCH == "i386":
        global BOOTDISK_COPY
        rc, out = run(["make", "-s", "--no-print-directory", "print-var", "VAR=BOOTIMG"]
                      + MAKE_VARS, timeout=60)
        if rc != 0 or not out.strip():
            raise RuntimeError("`make -s print-var VAR=BOOTIMG` failed:\n" + out)
        BOOTDISK_COPY = os.path.join(run_image_dir(), "moo.img")
        shutil.copyfile(out.strip().splitlines()[-1], BOOTDISK_COPY)


def fresh_image(name, source=None):
    source = source or BASE_IMAGE
    os.makedirs(run_image_dir(), exist_ok=True)
    path = os.path.join(run_image_dir(), name + ".img")
    shutil.copyfile(source, path)
    return path


def drop_images(*paths):
    for path in paths:
        try:
            os.remove(path)
        except OSError:
            pass


HARTS_LINE = r"moo: all harts running \((\d+)\)"  # printed by the last hart to come up
HARTS_TIMEOUT = 15         # seconds the line may lag behind the first prompt


FORK_SELF_CHECK = "init: fork self-check failed"  # user/bin/init.c, on every boot


def boot(cpus, image, verbose, mem=None, start=None):
    """Starts QEMU (with mem of RAM, when given; start: the Makefile's BOOT, when given) and
    waits for the shell prompt and for every hart to have come up; returns (guest, None) or
    (guest, why)."""
    guest = Guest(qemu_command(cpus, image, mem, start), verbose)
    _, why = guest.wait_for(re.escape(PROMPT), 0, BOOT_TIMEOUT)
    if FORK_SELF_CHECK in guest.output():
        why = "init's fork self-check: a store made after fork reached the child"
    if why is None:
        m, why = guest.wait_for(HARTS_LINE, 0, HARTS_TIMEOUT)
        if m and int(m.group(1)) != cpus:
            why = f"the kernel found {m.group(1)} harts, not {cpus}"
        elif why:
            why = f"not every hart came up ({why})"
    return guest, why


# ---------------------------------------------------------------- in-guest suites

def parse_checks(suite, text):
    """The PASS and FAIL lines of suite in text, as (verdict, rest) pairs."""
    return re.findall(r"(PASS|FAIL) " + re.escape(suite) + r": ([^\n]*)", text)


def run_command_suite(guest, suite, command, timeout):
    """Types command at the prompt and collects suite's results.
    Returns (checks, problem, usable, start): problem is None or why DONE never came."""
    start = guest.mark()
    guest.type(command + "\n")
    # The shell's prompt coming back before DONE means the program died.
    done, problem = guest.wait_for(r"DONE " + re.escape(suite) + r"\b|^\$ ", start, timeout,
                                   re.MULTILINE)
    if done and done.group(0) != "DONE " + suite:
        done, problem = None, "the program ended without DONE (killed or crashed?)"
    usable = False
    if done:
        _, why = guest.wait_for(re.escape(PROMPT), done.end(), PROMPT_TIMEOUT)
        usable = why is None
        if why == "panic":
            problem = "panic"
    end = guest.mark()
    checks = parse_checks(suite, guest.output(start, end))
    if problem is None and PANIC.search(guest.output(start, end)):
        problem = "panic"
    return checks, problem, usable, start


def record_suite(results, label, checks, problem):
    passed = sum(1 for v, _ in checks if v == "PASS")
    for verdict, rest in checks:
        if verdict == "PASS":
            results.ok(f"{label}: {rest}")
        else:
            results.bad(label, rest)
    if problem and problem.startswith("timeout"):
        results.bad(label, "no DONE line before the timeout" + problem[len("timeout"):])
    elif problem == "exited":
        results.bad(label, "QEMU exited before DONE")
    elif problem == "panic":
        results.bad(label, "kernel panic")
    elif problem and problem.startswith("panic: "):
        results.bad(label, "kernel " + problem)
    elif problem:
        results.bad(label, problem)
    return passed


# ---------------------------------------------------------------- leak accounting

KSTAT_LINE = re.compile(r"KSTAT free=(\d+) procs=(\d+) files=(\d+) inodes=(\d+)")
KSTAT_FIELDS = ("free", "procs", "files", "inodes")
KSTAT_TRIES = 6            # the after-count is read up to this often while orphans are reaped
KSTAT_RETRY_PAUSE = 0.5    # seconds between those reads


def guest_kstat(guest, timeout=20):
    """Runs `kstat -d` at the prompt; returns its counters as a dict, or None. (-d merges
    identical pages first: a suite that calls dedup also merges the shell's identical pages,
    which is no leak, so both counts are taken with everything merged.)"""
    start = guest.mark()
    guest.type("kstat -d\n")
    m, why = guest.wait_for(KSTAT_LINE.pattern, start, timeout)
    if not m:
        return None
    _, why = guest.wait_for(r"^\$ ", m.end(), timeout, re.MULTILINE)
    if why:
        return None
    return dict(zip(KSTAT_FIELDS, (int(v) for v in m.groups())))


def settled_kstat(guest, before):
    """The counters after a suite: read again (a few times, briefly apart) while they differ
    from before, since init may still be reaping the suite's orphans."""
    after = guest_kstat(guest)
    for _ in range(KSTAT_TRIES - 1):
        if after is None or after == before:
            break
        time.sleep(KSTAT_RETRY_PAUSE)
        after = guest_kstat(guest)
    return after


def panic_line(text):
    """The kernel's panic message in text, as one line."""
    lines = [l.strip() for l in text.splitlines() if PANIC.search(l)]
    line = lines[0] if lines else "(no message)"
    return line[len("panic: "):] if line.startswith("panic: ") else line


def record_leaks(results, label, before, after):
    """One check per counter: equal before and after the suite."""
    if before is None or after is None:
        which = "before" if before is None else "after"
        results.bad(label, f"leak: kstat did not run {which} the suite")
        return
    for field in KSTAT_FIELDS:
        results.check(before[field] == after[field], f"{label}: no leak of {field}",
                      f"leak: {field} before {before[field]} after {after[field]}")


def boot_and_run(results, cpus, name, suite, command, timeout, args, count_checks=True,
                 fsck=False, refuses_bare=None, mem=None, source=None, start=None):
    """Boots a fresh guest, takes kstat, runs command (a program printing suite's result lines),
    takes kstat again and records the checks under the label cpus=N name. With count_checks
    False (runs under fault injection) PASS and FAIL lines are not counted: the program only
    has to end, by DONE or by the prompt coming back, without a panic or a leak. With fsck,
    the disk image must pass fsck once the guest is stopped (every operation has committed by
    the time the prompt is back and kstat has run). With refuses_bare (a program name), that
    program run without arguments must first print a usage line and make nothing in /.
    mem, when given, is the guest's RAM instead of the Makefile's; source, when given, the
    image booted (a copy of it) instead of the test image; start, the Makefile's BOOT.
    Returns (booted, output of the command)."""
    label = f"cpus={cpus} {name}"
    t0 = time.monotonic()
    before_p, before = results.passed, results.failed
    log = f"{cpus}-{name}".replace(" ", "_").replace("/", "_")
    image = fresh_image(log, source)
    try:
        guest, why = boot(cpus, image, args.verbose, mem, start)
    except RuntimeError as e:
        results.bad(label, str(e).strip())
        return False, ""
    checks, problem, usable, start = [], None, False, 0
    if why:
        problem = f"no shell prompt after boot ({why})"
        if why == "panic":
            problem = "kernel panic during boot"
    else:
        timeout = min(timeout, max(10, args.deadline - time.monotonic()))
        if refuses_bare:
            check_refusal(results, label, guest, refuses_bare)
        counts_before = guest_kstat(guest)
        checks, problem, usable, start = run_command_suite(guest, suite, command, timeout)
        if problem == "timeout":  # ^P: the kernel lists the processes, for the log
            mark = guest.mark()
            guest.type("\x10")
            time.sleep(1)
            procs = [" ".join(m) for m in re.findall(r"^ *(\d+) +\d+ +\d+ +(\S+) +\d+ +(\S+)$",
                                                        guest.output(mark), re.MULTILINE)]
            problem += " (processes: " + ", ".join(procs) + ")" if procs else ""
        if not count_checks and problem and problem.startswith("the program ended"):
            problem, usable = None, True  # the prompt came back: the program ended
        counts_after = settled_kstat(guest, counts_before) if usable else None
    if problem == "panic":
        time.sleep(0.5)  # the rest of the panic message
        problem = "panic: " + panic_line(guest.output(start))
    output = guest.output(start) if not why else ""
    guest.kill()
    write_log(log, guest.output())
    if count_checks:
        record_suite(results, label, checks, problem)
    else:
        record_suite(results, label, [], problem)
        if not problem:
            results.ok(f"{label}: ends without a panic")
    if usable:
        record_leaks(results, label, counts_before, counts_after)
    if fsck and usable:
        check_image(results, label, image, log)
    if results.failed == before:
        drop_images(image)
    print(f"  {label}: {results.passed - before_p} passed, {results.failed - before} failed "
          f"({time.monotonic() - t0:.1f} s)", flush=True)
    return why is None, output


CONSOLE_WRITER_LINE = re.compile(r"^console: writer \d line \d{4} \.+$", re.MULTILINE)
CONSOLE_KERNEL_LINE = re.compile(r"^pid \d+ \(t_console\): killed: write at 0x0 "
                                 r"\(pc 0x[0-9a-f]+\): bad address$", re.MULTILINE)
CONSOLE_EXPECTED = re.compile(r"t_console: (\d+) writer lines and (\d+) kernel lines expected")
CONSOLE_LONG_LINE = re.compile(r"^console: long writer \d line \d{4} \.{566}$", re.MULTILINE)
CONSOLE_LONG_EXPECTED = re.compile(r"t_console: (\d+) long lines expected")


def check_console_lines(results, label, output):
    """t_console's transcript: every writer line, every kernel line and every long line (600
    bytes, one write each) whole, each on its own line (a line cut by another shows up as a
    missing count)."""
    m = CONSOLE_EXPECTED.search(output)
    writers, kernel = (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
    got_writers = len(CONSOLE_WRITER_LINE.findall(output))
    got_kernel = len(CONSOLE_KERNEL_LINE.findall(output))
    results.check(m is not None and got_writers == writers,
                  f"{label}: user lines reach the console whole",
                  f"{got_writers} whole writer lines of {writers}")
    results.check(m is not None and got_kernel == kernel,
                  f"{label}: kernel messages reach the console whole",
                  f"{got_kernel} whole kernel lines of {kernel}")
    m = CONSOLE_LONG_EXPECTED.search(output)
    long_lines = int(m.group(1)) if m else -1
    got_long = len(CONSOLE_LONG_LINE.findall(output))
    results.check(got_long == long_lines, f"{label}: one write's bytes reach the console together",
                  f"{got_long} whole long lines of {long_lines}")


def check_refusal(results, label, guest, program):
    """program alone must print its usage and leave / as it was (no scratch directory)."""
    listings = []
    for command in ("ls", program, "ls"):
        start = guest.mark()
        guest.type(command + "\n")
        _, why = guest.wait_for(r"^\$ ", start + len(command) + 1, PROMPT_TIMEOUT, re.MULTILINE)
        listings.append(guest.output(start) if why is None else None)
    before, out, after = listings
    results.check(out is not None and "usage:" in out and before is not None and before == after,
                  f"{label}: {program} without arguments prints its usage and changes nothing",
                  f"output {out!r}" if out is None or "usage:" not in out else "/ changed")


def check_image(results, label, image, log):
    """fsck (without replaying the log: nothing should be left in it) on a stopped guest's image."""
    if not os.path.exists(FSCK):
        results.bad(label, f"fsck: {FSCK} is missing")
        return
    rc, out = run([FSCK, image], timeout=120)
    write_log(log + "-fsck", out)
    problems = [l for l in out.splitlines() if l.startswith("problem")]
    results.check(rc == 0, f"{label}: fsck of the image is clean",
                  f"fsck exited {rc}: " + ("; ".join(problems[:3]) or out.strip()[-300:]))


def run_suite(results, cpus, suite, command, args):
    """Runs one in-guest suite in its own boot; returns False when the guest did not boot."""
    timeout = args.timeout or SUITE_TIMEOUTS.get(suite, DEFAULT_SUITE_TIMEOUT)
    booted, output = boot_and_run(results, cpus, suite, suite, command, timeout, args)
    if suite == "t_console" and booted:
        check_console_lines(results, f"cpus={cpus} t_console", output)
    return booted


def run_other_boots(results, args):
    """The "boots" slice: each of OTHER_BOOTS with BOOTS_SUITES (each boot checks the hart
    count line, as every boot does)."""
    for start in OTHER_BOOTS:
        print(f"--- boot {start} (Makefile BOOT={start})", flush=True)
        booted = True
        for suite in BOOTS_SUITES:
            label = f"cpus={BOOTS_CPUS} boot={start} {suite}"
            if time.monotonic() > args.deadline or not booted:
                results.bad(label, "not run: " + ("the guest does not boot" if not booted
                                                  else "time budget exhausted"))
                continue
            timeout = args.timeout or SUITE_TIMEOUTS.get(suite, DEFAULT_SUITE_TIMEOUT)
            booted, _ = boot_and_run(results, BOOTS_CPUS, f"boot={start} {suite}", suite, suite,
                                     timeout, args, start=start)
        if booted:
            check_power_off(results, BOOTS_CPUS, start, args)
    # the 2020 labs' whole line: their disk layout too
    run_xv6_layouts(results, [BOOTS_CPUS], args, start="none-legacy",
                    only="xv6-layout riscv 1000", suites=["t_pipe"])


def check_power_off(results, cpus, start, args):
    """poweroff at the prompt ends QEMU, with exit status 0 (without OpenSBI, moo's machine-mode
    layer drives the test device itself)."""
    label = f"cpus={cpus} boot={start} poweroff"
    image = fresh_image(f"{cpus}-poweroff-{start}")
    guest, why = boot(cpus, image, args.verbose, start=start)
    rc = None
    if not why:
        mark = guest.mark()
        guest.type("poweroff\n")
        _, why = guest.wait_for(r"(?!)", mark, POWEROFF_TIMEOUT)  # never matches: waits for exit
        try:
            rc = guest.proc.wait(timeout=5) if why == "exited" else None
        except subprocess.TimeoutExpired:
            pass
    guest.kill()
    write_log(f"{cpus}-poweroff-{start}", guest.output())
    drop_images(image)
    results.check(rc == 0, f"{label}: QEMU exits with status 0",
                  f"{why}, exit status {rc}" if why != "exited" or rc != 0 else "")


# ---------------------------------------------------------------- xv6-format disks

# Images in the labs' layouts, each with README, init, sh, kstat and these suites (which fit
# 1000 blocks of either format and make no assumption about the block size). On RISC-V:
# tests/xv6layout.py's RISC-V layout at the 2022 (2000 blocks) and 2020 (1000) sizes; on i386:
# its x86 layout at 1000 blocks, and mkfs -f x86 at 2000.
XV6_LAYOUT_SUITES = ["t_dir", "t_pipe"]
XV6_MOUNT_LINE = {"riscv": "fs: disk 1: RISC-V xv6 (1024-byte blocks)",
                  "x86": "fs: disk 1: x86 xv6 (512-byte blocks)"}


def xv6_layouts():
    """(label, format, command to make the image given its path and files) for this ARCH."""
    def writer(fmt, size):
        return lambda img: [sys.executable, os.path.join("tests", "xv6layout.py"), fmt, size,
                            "200", img]
    mkfs = os.path.join(BUILD, "tools", "mkfs")
    if ARCH == "riscv":
        return [("xv6-layout riscv 2000", "riscv", writer("riscv", "2000")),
                ("xv6-layout riscv 1000", "riscv", writer("riscv", "1000"))]
    return [("xv6-layout x86 1000", "x86", writer("x86", "1000")),
            ("mkfs -f x86 2000", "x86",
             lambda img: [mkfs, "-f", "x86", "-n", "2000", "-i", "200", img])]


def stripped_copies(programs):
    """Copies of programs without their debugging sections, for disks whose files are small
    (x86 xv6's format holds at most 70 KiB a file; the shell with -g is larger)."""
    out = os.path.join(run_image_dir(), "stripped")
    os.makedirs(out, exist_ok=True)
    objcopy = (TOOLPREFIX if ARCH == "riscv" else "") + "objcopy"
    copies = []
    for program in programs:
        copy = os.path.join(out, os.path.basename(program))
        subprocess.run([objcopy, "--strip-debug", program, copy], check=True)
        copies.append(copy)
    return copies


def run_xv6_layouts(results, cpu_list, args, start=None, only=None, suites=XV6_LAYOUT_SUITES):
    """Boots moo on each xv6-format image of xv6_layouts (or only the one labelled only): fsck
    passes it, the kernel says which format it mounted, and the suites pass on it. start: the
    Makefile's BOOT, when given (it then prefixes the labels)."""
    files = [os.path.join("user", "README")] + stripped_copies(
        [os.path.join(BUILD, "user", "bin", p) for p in ("init", "sh", "kstat")] +
        [os.path.join(BUILD, "user", "tests", s) for s in XV6_LAYOUT_SUITES])
    for label, fmt, maker in [l for l in xv6_layouts() if only in (None, l[0])]:
        label = f"boot={start} {label}" if start else label
        image = os.path.join(run_image_dir(), label.replace(" ", "-") + ".img")
        os.makedirs(run_image_dir(), exist_ok=True)
        rc, out = run(maker(image) + files, timeout=120)
        if not results.check(rc == 0, f"{label}: image made", out[-500:]):
            continue
        check_image(results, label, image, label.replace(" ", "_"))
        for cpus in cpu_list:
            for suite in suites:
                name = f"{label} {suite}"
                timeout = args.timeout or SUITE_TIMEOUTS.get(suite, DEFAULT_SUITE_TIMEOUT)
                booted, _ = boot_and_run(results, cpus, name, suite, suite, timeout, args,
                                         fsck=True, source=image, start=start)
                log = log_path(f"{cpus}-{name}".replace(" ", "_").replace("/", "_"))
                with open(log, encoding="utf-8", errors="replace") as f:
                    mounted = XV6_MOUNT_LINE[fmt] in f.read()
                results.check(booted and mounted, f"cpus={cpus} {name}: mounted as {fmt}",
                              f"no '{XV6_MOUNT_LINE[fmt]}' at boot (log {log})")
        drop_images(image)
    if ARCH == "i386":  # a crash on x86 xv6's format: the log left committed, replayed at boot
        image = os.path.join(run_image_dir(), "crash-x86.img")
        progs = [os.path.join(BUILD, "user", "bin", "ls")] + \
                [os.path.join(BUILD, "user", "tests", p) for p in ("t_crashwriter", "t_crashcheck",
                                                                    "t_proc")]
        rc, out = run([os.path.join(BUILD, "tools", "mkfs"), "-f", "x86", image] + files + progs)
        if results.check(rc == 0, "crash-x86: image made", out[-500:]):
            for cpus in cpu_list:
                crash_test(results, cpus, args, "x86", source=image)
        drop_images(image)
    shutil.rmtree(os.path.join(run_image_dir(), "stripped"), ignore_errors=True)


def refused_boot(results, args):
    """A disk with a foreign superblock: one line saying why, then power-off; no panic."""
    image = fresh_image("foreign")
    with open(image, "r+b") as f:
        f.seek(1024)
        f.write(b"FOOM")  # moo's magic from before the xv6 formats
    guest = Guest(qemu_command(1, image), args.verbose)
    m, why = guest.wait_for(r"fs: disk 1 not mounted: [^\n]*no xv6 superblock[^\n]*", 0,
                            BOOT_TIMEOUT)
    time.sleep(1)
    text = guest.output()
    guest.kill()
    write_log("foreign-disk", text)
    results.check(m is not None and not PANIC.search(text), "a foreign disk is refused in one line",
                  f"no refusal line, or a panic ({why}; log foreign-disk)")
    drop_images(image)


def banner_ram_mib(args):
    """The RAM the kernel reports at boot ("moo: N harts, M MiB of RAM") on one hart, or None."""
    image = fresh_image("banner")
    guest, why = boot(1, image, args.verbose)
    m = re.search(r"moo: \d+ harts?, (\d+) MiB of RAM", guest.output())
    guest.kill()
    drop_images(image)
    return int(m.group(1)) if m and not why else None


MULTIBOOT_MAGIC_LOAD = bytes([0xB8, 0x02, 0xB0, 0xAD, 0x2B])  # movl $0x2BADB002, %eax


def check_plain_elf_entry(results, args, multiboot_mib):
    """An ELF loader that is not Multiboot (x86 xv6's boot block: no magic in EAX, nothing in
    EBX) must still boot the kernel, which then takes the RAM size from the CMOS: moo.img with
    its boot sector's magic zeroed and EBX pointing nowhere stands in for it."""
    global BOOTDISK_COPY
    label = "bootdisk: entered without Multiboot's magic"
    sector = open(BOOTDISK_COPY, "rb").read()
    at = sector.find(MULTIBOOT_MAGIC_LOAD, 0, 512)
    if at < 0 or sector[at + 5] != 0xBB:  # movl $mb_info, %ebx follows
        results.bad(label, "the boot sector's movl $0x2BADB002, %eax; movl $.., %ebx not found")
        return
    plain = os.path.join(run_image_dir(), "plain-entry.img")
    with open(plain, "wb") as f:
        f.write(sector[:at + 1] + bytes(4) + b"\xBB" + struct.pack("<I", 0xFFFFF000)
                + sector[at + 10:])
    saved, BOOTDISK_COPY = BOOTDISK_COPY, plain
    try:
        mib = banner_ram_mib(args)
    finally:
        BOOTDISK_COPY = saved
        drop_images(plain)
    results.check(mib is not None and multiboot_mib is not None and mib == multiboot_mib,
                  f"{label}: boots, RAM from the CMOS ({mib} MiB)",
                  f"{mib} MiB (None: no boot), {multiboot_mib} from Multiboot")


def run_bootdisk(results, cpu_list, args):
    """i386: the representative suites booted from moo.img with x86 xv6's -drive line (the boot
    counted as every boot is, by boot()); first, the RAM the boot sector reports (from the BIOS)
    must be what Multiboot reports, give or take what the BIOS keeps at the top."""
    multiboot_mib = banner_ram_mib(args)
    BOOT_VARS.append("BOOT=disk")
    try:
        disk_mib = banner_ram_mib(args)
        results.check(multiboot_mib is not None and disk_mib is not None
                      and multiboot_mib - 2 <= disk_mib <= multiboot_mib,
                      f"bootdisk: the boot sector reports the RAM Multiboot does ({disk_mib} MiB)",
                      f"RAM at boot: {disk_mib} MiB from moo.img, {multiboot_mib} from Multiboot")
        print(f"  bootdisk: {disk_mib} MiB of RAM from moo.img, {multiboot_mib} from Multiboot",
              flush=True)
        check_plain_elf_entry(results, args, multiboot_mib)
        for cpus in cpu_list:
            for suite in BOOTDISK_SUITES:
                if time.monotonic() > args.deadline:
                    results.bad(f"cpus={cpus} bootdisk {suite}", "not run: time budget exhausted")
                    continue
                timeout = args.timeout or SUITE_TIMEOUTS.get(suite, DEFAULT_SUITE_TIMEOUT)
                boot_and_run(results, cpus, f"bootdisk {suite}", suite, suite, timeout, args)
    finally:
        BOOT_VARS.remove("BOOT=disk")


def check_tick_rate(results, cpus, args):
    """sleep TICK_SECONDS must take about that long on the host's clock: a timer calibrated
    wrongly (say ten times too fast or too slow) ends it far outside TICK_BOUNDS."""
    label = f"cpus={cpus} tick"
    image = fresh_image(f"{cpus}-tick")
    try:
        guest, why = boot(cpus, image, args.verbose)
    except RuntimeError as e:
        results.bad(label, str(e).strip())
        return
    if why:
        results.bad(label, f"no shell prompt after boot ({why})")
    else:
        mark = guest.mark()
        guest.type(f"sleep {TICK_SECONDS}\n")
        started = time.monotonic()
        _, why = guest.wait_for(re.escape(PROMPT), mark, TICK_SECONDS * 10 + 20)
        took = time.monotonic() - started
        low, high = TICK_BOUNDS
        results.check(why is None and low <= took <= high,
                      f"{label}: sleep {TICK_SECONDS} lasts {low} to {high} s of host time",
                      f"sleep {TICK_SECONDS} took {took:.1f} s ({why or 'ended'}); "
                      f"expected {low} to {high} s")
        print(f"  {label}: sleep {TICK_SECONDS} took {took:.1f} s", flush=True)
    guest.kill()
    write_log(f"{cpus}-tick", guest.output())
    drop_images(image)


def run_bench_check(results, args):
    """make bench's pieces: tools/bench.py boots the image this runner tests with (which holds
    the benchmark programs), and each benchmark program runs to its end, one repetition, with
    no operation refused (on the copy-on-write kernel even the 64 MiB fork succeeds)."""
    spec = importlib.util.spec_from_file_location("bench", os.path.join("tools", "bench.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.set_arch(ARCH)
    results.check(os.path.normpath(bench.BASE_IMAGE) == os.path.normpath(TEST_IMAGE),
                  "bench: tools/bench.py boots the test image",
                  f"it boots {bench.BASE_IMAGE}, not {TEST_IMAGE}")
    for program in bench.PROGRAMS:
        booted, output = boot_and_run(results, 1, f"bench {program}", program, f"{program} 1",
                                      DEFAULT_SUITE_TIMEOUT, args)
        lines = [l for l in output.splitlines() if l.startswith("BENCH ")]
        refused = [l for l in lines if " fail " in l]
        results.check(booted and lines and not refused,
                      f"cpus=1 bench {program}: every operation measured",
                      "; ".join(refused[:3]) or "no BENCH lines")


def discover_suites():
    """The t_* programs of user/tests; on i386 also the x86-API lab programs of tests/x86lab
    (built with moo's library, linked the x86 xv6 way, same PASS/FAIL protocol)."""
    names = []
    for f in sorted(os.listdir(os.path.join("user", "tests"))):
        name, ext = os.path.splitext(f)
        if ext == ".c" and name.startswith("t_") and name not in NOT_SUITES:
            names.append(name)
    if ARCH == "i386":
        names += sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join("tests", "x86lab"))
                        if f.endswith(".c"))
    return names


# ---------------------------------------------------------------- host unit tests

def run_unit_tests(results):
    rc, out = run(["make", "-n", "unit-test"] + MAKE_VARS, timeout=60)
    if rc != 0 or "Nothing to be done" in out or "No rule to make target" in out:
        print("  unit tests: skipped (the Makefile has no unit-test rule yet)", flush=True)
        return
    t0 = time.monotonic()
    before_p, before_f = results.passed, results.failed
    rc, out = run(["make", "--no-print-directory", "unit-test"] + MAKE_VARS, timeout=300)
    write_log("unit", out)
    lines = re.findall(r"^\s*(PASS|FAIL)\b[: ]*(.*)$", out, re.MULTILINE)
    summary = re.findall(r"(\d+) passed, (\d+) failed", out)
    reasons = [rest for verdict, rest in lines if verdict == "FAIL"]
    if summary:  # "<program>: N passed, N failed" from each test program
        for p, f in summary:
            results.passed += int(p)
            for i in range(int(f)):
                results.bad("unit", reasons[i] if i < len(reasons) else "see unit.log")
            reasons = reasons[int(f):]
    elif lines:
        for verdict, rest in lines:
            if verdict == "PASS":
                results.ok("unit: " + rest)
            else:
                results.bad("unit", rest)
    else:
        results.check(rc == 0, "unit", "make unit-test failed")
    if rc != 0 and results.failed == before_f:
        results.bad("unit", f"make unit-test exited {rc} (see build/test-logs/unit.log)")
    print(f"  unit tests: {results.passed - before_p} passed, {results.failed - before_f} failed "
          f"({time.monotonic() - t0:.1f} s)", flush=True)


# ---------------------------------------------------------------- the xv6 compatibility program

COMPAT_CFLAGS = ["-march=rv64gc", "-mabi=lp64d", "-mcmodel=medany", "-O2", "-Wall", "-Werror",
                 "-ffreestanding", "-fno-common", "-nostdlib", "-fno-builtin",
                 "-fno-tree-loop-distribute-patterns", "-fno-stack-protector", "-fno-pie",
                 "-no-pie", "-mno-relax"]


# The x86 xv6 way: gcc -m32 with xv6-x86's flags, ld -m elf_i386 -N -e main -Ttext 0.
COMPAT_CFLAGS_I386 = ["-m32", "-march=i686", "-O2", "-Wall", "-Werror", "-fno-pic", "-static",
                      "-fno-builtin", "-fno-strict-aliasing", "-fno-omit-frame-pointer",
                      "-ffreestanding", "-fno-common", "-nostdlib", "-fno-stack-protector",
                      "-fno-pie", "-no-pie", "-fno-tree-loop-distribute-patterns"]


def load_segments(path):
    """(vaddr, memsz, flags) of each PT_LOAD segment of an ELF32 or ELF64 file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2):
        return []
    # Per class: e_phoff's format and offset, where e_phentsize and e_phnum are, a program
    # header's format, and the places of p_type, p_vaddr, p_memsz and p_flags in it.
    phoff_fmt, phoff_at, counts_at, ph_fmt, (at_type, at_vaddr, at_memsz, at_flags) = {
        2: ("<Q", 32, 54, "<IIQQQQQQ", (0, 3, 6, 1)),
        1: ("<I", 28, 42, "<IIIIIIII", (0, 2, 5, 6)),
    }[data[4]]
    phoff, = struct.unpack_from(phoff_fmt, data, phoff_at)
    phentsize, phnum = struct.unpack_from("<HH", data, counts_at)
    segs = []
    for i in range(phnum):
        ph = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
        if ph[at_type] == 1:
            segs.append((ph[at_vaddr], ph[at_memsz], ph[at_flags]))
    return segs


def compat_steps():
    """The commands that build the compatibility program for this run's architecture."""
    obj = lambda name: os.path.join(COMPAT_OUT, name + ".o")
    src = lambda name: os.path.join(COMPAT_DIR, name)
    if ARCH == "i386":
        cc, ld, cflags, ldarch = "gcc", "ld", COMPAT_CFLAGS_I386, ["-m", "elf_i386"]
    else:
        cc, ld, cflags, ldarch = TOOLPREFIX + "gcc", TOOLPREFIX + "ld", COMPAT_CFLAGS, []
    return [
        [cc] + cflags + ["-c", "-o", obj("hello"), src("hello.c")],
        [cc] + cflags + ["-c", "-o", obj("stubs"), src("stubs.S")],
        [ld] + ldarch + ["-z", "max-page-size=4096", "-N", "-e", "main", "-Ttext", "0",
                         "-o", COMPAT_PROG, obj("hello"), obj("stubs")],
    ]


def build_compat(results):
    """Builds build/xv6compat/_xv6hello the way an old xv6 lab links user programs."""
    os.makedirs(COMPAT_OUT, exist_ok=True)
    for cmd in compat_steps():
        rc, out = run(cmd, timeout=120)
        if rc != 0:
            results.bad("xv6compat build", " ".join(cmd) + "\n" + out)
            return False
    segs = load_segments(COMPAT_PROG)
    ok = len(segs) == 1 and segs[0][0] == 0 and segs[0][2] & 7 == 7
    results.check(ok, "xv6compat build: one RWX segment at 0", f"segments {segs}")
    return True


# ---------------------------------------------------------------- the user's image

def file_digest(path):
    """SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None


def image_root_names(path):
    """The names in the root directory of a moo disk image (kernel/fs/fs_format.h)."""
    bsize, inode_size, ndirect = 1024, 64, 12
    with open(path, "rb") as f:
        data = f.read()
    inode_start, = struct.unpack_from("<I", data, bsize + 24)  # fs_super.inode_start
    root = inode_start * bsize + 1 * inode_size                # ROOTINO is 1
    size, = struct.unpack_from("<I", data, root + 8)
    addrs = struct.unpack_from(f"<{ndirect}I", data, root + 12)
    names = []
    for off in range(0, min(size, ndirect * bsize), 16):
        block = addrs[off // bsize]
        inum, raw = struct.unpack_from("<H14s", data, block * bsize + off % bsize)
        if inum:
            names.append(raw.rstrip(b"\0").decode("latin-1"))
    return names


def check_user_image_contents(results):
    """Builds a user image the way `make qemu` does, but elsewhere, and checks it holds only
    README and the programs of user/bin: no test could then run on, or harm, the user's."""
    os.makedirs(os.path.dirname(SCRATCH_USER_IMAGE), exist_ok=True)
    drop_images(SCRATCH_USER_IMAGE)  # built afresh: make cannot see a change of its own rules
    rc, out = run(["make", "--no-print-directory", "FSIMG=" + SCRATCH_USER_IMAGE, "EXTRA_PROGS=",
                   SCRATCH_USER_IMAGE] + MAKE_VARS, timeout=600)
    if not results.check(rc == 0, "images: a user image builds", out[-2000:]):
        return
    expected = {"README"} | {os.path.splitext(f)[0] for f in os.listdir(os.path.join("user", "bin"))
                             if f.endswith(".c")}
    found = set(image_root_names(SCRATCH_USER_IMAGE)) - {".", ".."}
    results.check(found == expected, "images: the user's image holds README and user/bin only",
                  f"extra {sorted(found - expected)}, missing {sorted(expected - found)}")


def check_user_image_updates(results):
    """make with other EXTRA_PROGS updates the programs on the user's image and keeps the files
    made on it; only make fs-reset wipes them. The scratch image stands for the user's, and a
    file added with mkfs --update stands for one made in the guest."""
    mkfs = os.path.join(BUILD, "tools", "mkfs")
    note = os.path.join(BUILD, "test", "usernote")
    with open(note, "w") as f:
        f.write("mine\n")
    rc, out = run([mkfs, "--update", SCRATCH_USER_IMAGE, note])
    extra = os.path.join(BUILD, "test", "extraprog")
    with open(extra, "w") as f:
        f.write("not really a program\n")
    image = ["--no-print-directory", "FSIMG=" + SCRATCH_USER_IMAGE] + MAKE_VARS
    if rc == 0:
        rc, out = run(["make", "EXTRA_PROGS=" + extra, SCRATCH_USER_IMAGE] + image, timeout=600)
    names = set(image_root_names(SCRATCH_USER_IMAGE)) if rc == 0 else set()
    results.check(rc == 0 and {"usernote", "extraprog"} <= names,
                  "images: a change of EXTRA_PROGS updates the image and keeps the user's files",
                  f"rc {rc}, names {sorted(names)}: {out[-1500:]}")
    rc, out = run(["make", "EXTRA_PROGS=", "fs-reset"] + image, timeout=600)
    names = set(image_root_names(SCRATCH_USER_IMAGE)) if rc == 0 else set()
    results.check(rc == 0 and not names & {"usernote", "extraprog"},
                  "images: make fs-reset wipes them", f"rc {rc}, names {sorted(names)}")


def check_make_messages(results):
    """make help names every target and variable with this ARCH's defaults; CPUS past the
    kernel's 8 harts is reported at make time."""
    rc, out = run(["make", "--no-print-directory", "help", "ARCH=" + ARCH])
    defaults = {"riscv": ["CPUS=3 ", "MEM=128M "], "i386": ["CPUS=2 ", "MEM=512M "]}[ARCH]
    missing = [w for w in ["make prog SRC=", "SRC=, OUT=", "ARCH=i386", "make fs-reset"] + defaults
               if w not in out]
    results.check(rc == 0 and not missing and "coming" not in out,
                  f"make help: every target and variable, {ARCH}'s defaults",
                  f"missing {missing}" + (", says i386 is coming" if "coming" in out else ""))
    rc, out = run(["make", "--no-print-directory", "-n", "help", "CPUS=9", "ARCH=" + ARCH])
    results.check("QEMU starts 9 but the kernel uses at most 8" in out,
                  "make CPUS=9 says the kernel uses at most 8 harts", out[-500:])


# ---------------------------------------------------------------- the example and the session

def build_example(results):
    """Builds examples/hello.c with the command line README.md gives (so that line stays right),
    writing it to build/test/example/ instead of where the reader would. README's line is the
    RISC-V one; on i386 the example is built with `make prog`, as README says."""
    if ARCH == "i386":
        os.makedirs(os.path.dirname(EXAMPLE_PROG), exist_ok=True)
        rc, out = run(["make", "--no-print-directory", "prog", "SRC=" + EXAMPLE_SOURCE,
                       "OUT=" + EXAMPLE_PROG] + MAKE_VARS, timeout=600)
        return results.check(rc == 0 and "warning" not in out,
                             "example: make prog builds it for i386 without a warning", out[-2000:])
    with open("README.md", encoding="utf-8") as f:
        lines = re.findall(r"^\s+(\S*gcc .*" + re.escape(EXAMPLE_SOURCE) + r".*)$", f.read(),
                           re.MULTILINE)
    if not results.check(len(lines) == 1, "example: README.md gives one command line for it",
                         f"found {len(lines)}"):
        return False
    cmd = shlex.split(lines[0])
    if "-o" not in cmd:
        return results.check(False, "example: README's command line", "it has no -o")
    cmd[cmd.index("-o") + 1] = EXAMPLE_PROG
    os.makedirs(os.path.dirname(EXAMPLE_PROG), exist_ok=True)
    rc, out = run(["make", "--no-print-directory", "user"] + MAKE_VARS, timeout=600)
    if rc == 0:
        rc, out = run(cmd, timeout=120)
    return results.check(rc == 0 and out.strip() == "",
                         "example: README's command line builds it without a warning",
                         " ".join(cmd) + "\n" + out[-2000:])


def run_session(results, cpus, args):
    """Boots the test image and types the console session of tests/session.py, with leak
    accounting around it; returns False when the guest did not boot."""
    label = f"cpus={cpus} session"
    t0 = time.monotonic()
    before_p, before_f = results.passed, results.failed
    name = f"{cpus}-session"
    image = fresh_image(name)
    guest, why = boot(cpus, image, args.verbose)
    if why:
        guest.kill()
        write_log(name, guest.output())
        results.bad(label, f"no shell prompt after boot ({why})")
        return False
    counts_before = guest_kstat(guest)
    session.run_session(guest, results, label, cpus)
    counts_after = settled_kstat(guest, counts_before)
    results.check(not PANIC.search(guest.output()), f"{label}: no panic", "kernel panic")
    guest.kill()
    write_log(name, guest.output())
    record_leaks(results, label, counts_before, counts_after)
    if results.failed == before_f:
        drop_images(image)
    print(f"  {label}: {results.passed - before_p} passed, {results.failed - before_f} failed "
          f"({time.monotonic() - t0:.1f} s)", flush=True)
    return True


# ---------------------------------------------------------------- the crash test

def run_fsck(replay, image):
    cmd = [FSCK] + (["-r"] if replay else []) + [image]
    return run(cmd, timeout=120)


def crash_test(results, cpus, args, round_no, source=None):
    """Kills QEMU while t_crashwriter rewrites files, checks the image with fsck, boots it
    again and checks the file system works. source: the image to copy (default: the test's)."""
    name = f"{cpus}-crash{round_no}"
    label = f"cpus={cpus} crash#{round_no}"
    t0 = time.monotonic()
    before_p, before_f = results.passed, results.failed
    image = fresh_image(name, source)
    log = []

    guest, why = boot(cpus, image, args.verbose)
    if why:
        guest.kill()
        write_log(f"{name}-writer", guest.output())
        results.bad(label, f"first boot: no shell prompt ({why})")
        return
    start = guest.mark()
    guest.type("t_crashwriter\n")
    m, why = guest.wait_for(r"crashwriter: round 2\b", start,
                            min(120, max(10, args.deadline - time.monotonic())))
    if m:
        time.sleep(random.uniform(0.2, 1.2))
    rounds = re.findall(r"crashwriter: round (\d+)", guest.output(start))
    guest.kill()
    write_log(f"{name}-writer", guest.output())
    if not results.check(m is not None, label + ": writer runs before the kill",
                         f"writer never reached round 2 ({why})"):
        return
    log.append(f"killed QEMU after {rounds[-1] if rounds else '?'} rounds")

    if os.path.exists(FSCK):
        plain = fresh_image(f"{name}-plain", image)
        rc, out = run_fsck(False, plain)
        log.append(f"fsck (no replay) on the crashed image: exit {rc}\n{out}")
        replayed = fresh_image(f"{name}-replayed", image)
        rc, out = run_fsck(True, replayed)
        log.append(f"fsck -r on the crashed image: exit {rc}\n{out}")
        results.check(rc == 0, label + ": fsck -r after the crash", f"fsck -r exited {rc}")
    else:
        print("  crash: build/tools/fsck missing; fsck checks skipped", flush=True)

    guest, why = boot(cpus, image, args.verbose)
    if why:
        guest.kill()
        write_log(f"{name}-recover", guest.output())
        results.bad(label, f"boot after the crash: no shell prompt ({why})")
        return
    results.ok(label + ": boots after the crash")
    timeout = min(120, max(10, args.deadline - time.monotonic()))
    checks, problem, usable, _ = run_command_suite(guest, "t_crashcheck", "t_crashcheck", timeout)
    record_suite(results, label, checks, problem)
    if usable and os.path.exists(os.path.join(BUILD, "user", "bin", "ls")):
        start = guest.mark()
        guest.type("ls\n")
        _, why = guest.wait_for(re.escape(PROMPT), start, 30)
        listing = guest.output(start)
        results.check(why is None and "t_proc" in listing and not PANIC.search(listing),
                      label + ": ls after the crash", f"ls output did not list t_proc ({why})")
    time.sleep(1)  # let the last transaction reach the disk
    guest.kill()
    write_log(f"{name}-recover", guest.output())

    if os.path.exists(FSCK) and problem is None:
        rc, out = run_fsck(False, image)
        log.append(f"fsck after recovery and clean-up: exit {rc}\n{out}")
        results.check(rc == 0, label + ": fsck after recovery", f"fsck exited {rc}")
    write_log(f"{name}-fsck", "\n".join(log) + "\n")
    if results.failed == before_f:
        drop_images(image, os.path.join(run_image_dir(), f"{name}-plain.img"),
                    os.path.join(run_image_dir(), f"{name}-replayed.img"))
    print(f"  {label}: {results.passed - before_p} passed, {results.failed - before_f} failed "
          f"({time.monotonic() - t0:.1f} s)", flush=True)


# ---------------------------------------------------------------- debugger backtraces

# Where each backtrace must end: the entry code's frames, marked outermost for the debugger.
GDB_STOPS = [("scheduler", {"linked"}),              # boot: entry.S
             ("proc_fork", {"from_user"}),           # a system call: the trap vector
             ("first_run", {"thread_start"}),        # a new kernel thread
             ("plic_dispatch", {"trap_vector", "from_user"})]  # an interrupt, either mode
# i386: one trap entry for both modes (trapentry.S), the I/O APIC's dispatch.
GDB_STOPS_I386 = [("scheduler", {"linked"}), ("proc_fork", {"trap_vector"}),
                  ("first_run", {"thread_start"}), ("irq_dispatch", {"trap_vector"})]
GDB_ARCH = {"riscv": "riscv:rv64", "i386": "i386"}
GDB_TIMEOUT = 90


def free_tcp_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_gdb_check(results, args):
    """Boots one hart halted under gdb-multiarch, stops at GDB_STOPS and checks that each
    backtrace ends at the expected entry frame, with no unknown or bogus frame after it."""
    label = "cpus=1 gdb"
    if not shutil.which("gdb-multiarch"):
        results.bad(label, "gdb-multiarch is not installed (make deps installs it)")
        return
    port = free_tcp_port()
    image = fresh_image("gdb")
    cmd = qemu_command(1, image)
    guest = Guest(cmd + ["-S", "-gdb", f"tcp:127.0.0.1:{port}"], args.verbose)
    stops = GDB_STOPS_I386 if ARCH == "i386" else GDB_STOPS
    script = ["set confirm off", "set pagination off", f"set architecture {GDB_ARCH[ARCH]}",
              f"file {cmd[cmd.index('-kernel') + 1]}", f"target remote 127.0.0.1:{port}"]
    for function, _ in stops:
        script += [f"break {function}", "continue", f"echo BT-BEGIN {function}\\n", "bt",
                   "echo BT-END\\n", "delete"]
    script += ["kill", "quit"]
    rc, out = run(["gdb-multiarch", "-batch", "-nx"] +
                  [a for line in script for a in ("-ex", line)], timeout=GDB_TIMEOUT)
    guest.kill()
    write_log("gdb", out + "\n---- guest ----\n" + guest.output())
    drop_images(image)
    for function, outermost in stops:
        m = re.search(r"BT-BEGIN " + function + r"\n(.*?)BT-END", out, re.DOTALL)
        text = m.group(1) if m else ""
        frames = re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(", text, re.MULTILINE)
        trouble = re.search(r"Backtrace stopped|\?\?|inner to this frame", text)
        results.check(bool(frames) and frames[0] == function and frames[-1] in outermost
                      and not trouble,
                      f"{label}: a backtrace from {function} ends at {'/'.join(sorted(outermost))}",
                      f"frames {frames}{' and: ' + trouble.group(0) if trouble else ''} "
                      f"(gdb exit {rc}; see {log_path('gdb')})")
    print(f"  {label}: backtraces checked ({len(stops)} stops)", flush=True)


def run_gdb_recipe_check(results, args):
    """README's gdb recipe: its breakpoint, set before boot, must first stop at a copy-on-write
    fault of a child the shell forked for a command typed at the prompt (not during boot)."""
    label = "cpus=1 gdb recipe"
    with open("README.md", encoding="utf-8") as f:
        recipe = re.findall(r"^\s+\(gdb\) (b cow_break[^#\n]*?)\s*(?:#.*)?$", f.read(),
                            re.MULTILINE)
    if not results.check(len(recipe) == 1, f"{label}: README gives one such breakpoint",
                         f"found {len(recipe)}") or not shutil.which("gdb-multiarch"):
        return
    port = free_tcp_port()
    image = fresh_image("gdb-recipe")
    cmd = qemu_command(1, image)
    guest = Guest(cmd + ["-S", "-gdb", f"tcp:127.0.0.1:{port}"], args.verbose)
    script = ["set confirm off", "set pagination off", f"set architecture {GDB_ARCH[ARCH]}",
              f"file {cmd[cmd.index('-kernel') + 1]}", f"target remote 127.0.0.1:{port}",
              recipe[0], "continue", "echo STOP\\n", "p cpus[0].current->parent->name",
              "p cpus[0].current->name", "bt", "kill", "quit"]
    gdb = subprocess.Popen(["gdb-multiarch", "-batch", "-nx"] +
                           [a for line in script for a in ("-ex", line)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, why = guest.wait_for(r"\$ ", 0, GDB_TIMEOUT)
    guest.type("ls\n")
    try:
        out, _ = gdb.communicate(timeout=GDB_TIMEOUT)
    except subprocess.TimeoutExpired:
        gdb.kill()
        out, _ = gdb.communicate()
    guest.kill()
    write_log("gdb-recipe", out + "\n---- guest ----\n" + guest.output())
    drop_images(image)
    m = re.search(r"STOP\n\$1 = \"(\w+)[^\n]*\n\$2 = \"(\w+)", out)  # parent's and own name
    results.check(why is None and m is not None and m.group(1) == "sh" and m.group(2) == "sh"
                  and "cow_break" in out,
                  f"{label}: it stops at a forked child's copy-on-write fault",
                  f"prompt: {why}; gdb said {out[-600:]!r}")


# ---------------------------------------------------------------- fuzzing and fault injection

def run_fuzz(results, cpus, args, ncalls, nprocs):
    """One fuzz run with a fresh seed (printed, with the command that replays it); returns the
    number of calls the workers reported."""
    seed = args.rng.randrange(1, 2**31)
    command = f"fuzz {seed} {ncalls} {nprocs}"
    print(f"  fuzz: seed {seed} ({command})", flush=True)
    _, output = boot_and_run(results, cpus, f"fuzz seed={seed}", "fuzz", command,
                             args.timeout or FUZZ_TIMEOUT, args, fsck=True, refuses_bare="fuzz")
    made = sum(int(n) for n in re.findall(r"worker \d+ made (\d+) calls", output))
    print(f"  fuzz: seed {seed}: {made} of {ncalls} calls made by {nprocs} workers", flush=True)
    check_all_made(results, f"cpus={cpus} fuzz seed={seed}", "fuzz", output, made, ncalls)
    return made


def check_all_made(results, label, suite, output, made, asked):
    """Once a fuzz run has ended (DONE), its workers must have made every call asked for: a
    worker that ended early made a call that ends a process (exit, _exit) or was killed."""
    if f"DONE {suite}" in output:
        results.check(made == asked, f"{label}: the workers made every call",
                      f"{made} of {asked} calls made")


def run_fsfuzz(results, cpus, args, nops, nprocs):
    """One run of the file-system sequence fuzzer with a fresh seed (printed, with the command
    that replays it: one worker replays exactly, several replay each worker's calls); the
    image must pass fsck afterwards. Returns the number of calls the workers reported."""
    seed = args.rng.randrange(1, 2**31)
    command = f"fsfuzz {seed} {nops} {nprocs}"
    print(f"  fsfuzz: seed {seed} ({command}; `fsfuzz -t ...` traces every call)", flush=True)
    timeout = args.timeout or FSFUZZ_TIMEOUT * max(1, nops // FSFUZZ_OPS)  # longer in soak
    _, output = boot_and_run(results, cpus, f"fsfuzz seed={seed}", "fsfuzz", command,
                             timeout, args, fsck=True,
                             refuses_bare="fsfuzz")
    made = sum(int(n) for n in re.findall(r"worker \d+ made (\d+) calls", output))
    print(f"  fsfuzz: seed {seed}: {made} of {nops} calls made by {nprocs} workers", flush=True)
    check_all_made(results, f"cpus={cpus} fsfuzz seed={seed}", "fsfuzz", output, made, nops)
    if PANIC.search(output) and nprocs == 1:
        trace_fsfuzz(cpus, args, f"fsfuzz -t {seed} {nops} 1", f"{cpus}-fsfuzz_seed={seed}-trace")
    return made


def trace_fsfuzz(cpus, args, command, log):
    """Replays a one-worker fsfuzz run that ended in a panic with every call traced (such a run
    repeats exactly) and prints the calls that led to the panic."""
    print(f"  fsfuzz: replaying with every call traced: {command}", flush=True)
    image = fresh_image(log)
    guest, why = boot(cpus, image, args.verbose)
    if not why:
        start = guest.mark()
        guest.type(command + "\n")
        guest.wait_for(r"DONE fsfuzz", start, FSFUZZ_TIMEOUT * 3)
        time.sleep(1)  # the rest of the panic message
    guest.kill()
    write_log(log, guest.output())
    drop_images(image)
    lines = guest.output().splitlines()
    call = re.compile(r"fsfuzz: (w0(?:c\d+)?\.\d+) (.*)$")
    calls = [m.groups() for m in map(call.match, lines) if m]
    done = {who: what[2:] for who, what in calls if what.startswith("= ")}
    for who, what in [(w, c) for w, c in calls if not c.startswith("= ")][-12:]:
        print(f"    {who} {what} = {done.get(who, '(no result: the panic)')}", flush=True)
    panic = [l for l in lines if PANIC.search(l)]
    print(f"    {panic[0] if panic else 'no panic this time'} (whole trace: {log_path(log)})",
          flush=True)


def injection_configs(rng, program):
    """Two settings for program: every Nth allocation failing, and failing at random from a
    fresh seed."""
    every = rng.choice(INJECT_EVERY.get(program, INJECT_EVERY_DEFAULT))
    odds = rng.choice(INJECT_ODDS.get(program, INJECT_ODDS_DEFAULT))
    return [(every, 0), (odds, rng.randrange(1, 2**31))]


def run_injection(results, cpus, args, program, every, seed):
    """Runs program under `inject every seed`: FAIL lines are expected and not counted; the
    program must end without a panic and leave the kstat counters as they were."""
    command = f"inject {every} {seed} {program}"
    print(f"  inject: {command}", flush=True)
    name = f"inject every={every} seed={seed} {program}"
    boot_and_run(results, cpus, name, program, command, args.timeout or INJECT_TIMEOUT, args,
                 count_checks=False)


def hardening(results, args, cpu_list, wanted):
    """make test's bounded slices: suites with their own hart counts (t_stress on 8), one fuzz
    run per hart count, and the injection runs."""
    for suite in [s for s in SUITE_CPUS if s in wanted]:
        for cpus in SUITE_CPUS[suite]:
            print(f"--- {suite} on {cpus} harts", flush=True)
            if time.monotonic() > args.deadline:
                results.bad(f"cpus={cpus} {suite}", "not run: time budget exhausted")
                continue
            command = f"{suite} {args.stress_seconds} {args.rng.randrange(1, 2**31)}"
            boot_and_run(results, cpus, suite, suite, command,
                         args.timeout or args.stress_seconds + 120, args)
    if "fuzz" in wanted:
        print("--- fuzzing", flush=True)
        for cpus in cpu_list:
            if time.monotonic() > args.deadline:
                results.bad(f"cpus={cpus} fuzz", "not run: time budget exhausted")
                continue
            run_fuzz(results, cpus, args, args.fuzz_calls, FUZZ_PROCS)
    if "fsfuzz" in wanted:
        print("--- file-system sequence fuzzing", flush=True)
        for cpus in cpu_list:
            if time.monotonic() > args.deadline:
                results.bad(f"cpus={cpus} fsfuzz", "not run: time budget exhausted")
                continue
            run_fsfuzz(results, cpus, args, args.fsfuzz_ops, 1 if cpus == 1 else FSFUZZ_PROCS)
    if "inject" in wanted:
        print("--- fault injection", flush=True)
        for program in INJECT_PROGRAMS:
            for every, seed in injection_configs(args.rng, program):
                if time.monotonic() > args.deadline:
                    results.bad(f"inject {program}", "not run: time budget exhausted")
                    continue
                run_injection(results, max(cpu_list), args, program, every, seed)


BOOT_LOOP_CPUS = 8


def boot_loop(results, args, seconds):
    """Boots BOOT_LOOP_CPUS harts to the prompt again and again for about seconds: each boot
    must bring up every hart (a hart entering the kernel the wrong way once stopped one boot in
    a hundred, under load) and run a command."""
    image = fresh_image("boot-loop")
    boots = bad = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        guest, why = boot(BOOT_LOOP_CPUS, image, args.verbose)
        if why is None:
            start = guest.mark()
            guest.type("echo booted\n")
            _, why = guest.wait_for(r"^booted$", start, PROMPT_TIMEOUT, re.MULTILINE)
        guest.kill()
        boots += 1
        if why:
            bad += 1
            write_log(f"boot-loop-{boots}", guest.output())
            results.bad(f"cpus={BOOT_LOOP_CPUS} boot #{boots}",
                        f"{why} (log: {log_path(f'boot-loop-{boots}')})")
        else:
            results.ok(f"cpus={BOOT_LOOP_CPUS} boot #{boots}")
    drop_images(image)
    print(f"  soak: {boots} boots on {BOOT_LOOP_CPUS} harts, {bad} failed", flush=True)


def soak(results, args, cpu_list):
    """`make soak`: a boot loop, fuzzing, file-system fuzzing, fault injection and t_stress,
    each for about args.soak seconds."""
    seconds = args.soak
    args.deadline = time.monotonic() + 4 * seconds + 600
    print(f"--- soak: booting {BOOT_LOOP_CPUS} harts in a loop for {seconds} s", flush=True)
    boot_loop(results, args, seconds)
    print(f"--- soak: fuzzing for {seconds} s", flush=True)
    runs = calls = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        calls += run_fuzz(results, cpu_list[runs % len(cpu_list)], args, 4 * FUZZ_CALLS, 8)
        runs += 1
    print(f"  soak: {runs} fuzz runs, {calls} system calls", flush=True)
    print(f"--- soak: file-system sequence fuzzing for {seconds} s", flush=True)
    runs = calls = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        calls += run_fsfuzz(results, cpu_list[runs % len(cpu_list)], args, 4 * FSFUZZ_OPS,
                            1 + runs % 8)
        runs += 1
    print(f"  soak: {runs} fsfuzz runs, {calls} file-system calls", flush=True)
    print(f"--- soak: fault injection for {seconds} s", flush=True)
    runs = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        program = args.rng.choice(INJECT_PROGRAMS)
        every, seed = args.rng.choice(injection_configs(args.rng, program))
        run_injection(results, max(cpu_list), args, program, every, seed)
        runs += 1
    print(f"  soak: {runs} runs under fault injection", flush=True)
    print(f"--- soak: t_stress for {seconds} s", flush=True)
    stress_seed = args.rng.randrange(1, 2**31)
    boot_and_run(results, SUITE_CPUS["t_stress"][0], "t_stress", "t_stress",
                 f"t_stress {seconds} {stress_seed}", seconds + 180, args)


# ---------------------------------------------------------------- make run and make grade

GRADE_FIXTURE = os.path.join("tests", "grade-lab")
RUN_HANG_TIMEOUT = 10       # TIMEOUT given to the make run that must time out
BATCH_TIMEOUT = 240         # seconds for one make run or make grade, builds included
HART_LINE = re.compile(r"^moo: (\d+) harts?\b", re.MULTILINE)


def run_split(cmd, timeout):
    """Runs a host command with standard input empty; returns (status, stdout, stderr). On a
    timeout, its whole process group (make, tools/batch.py, QEMU) is ended."""
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, errors="replace",
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGTERM)
        out, err = p.communicate()
        return 124, out, err + f"\n*** {' '.join(cmd)} did not end within {timeout} s"


def make_target(name, target, variables, timeout=BATCH_TIMEOUT):
    """make -s <target> with this run's make variables; logs to build/test-logs/<name>.log."""
    cmd = ["make", "-s", "--no-print-directory", target] + MAKE_VARS + variables
    drop_images(os.path.join(BUILD, "run.log"))  # no stale console for the checks to read
    status, out, err = run_split(cmd, timeout)
    write_log(name, f"$ {shlex.join(cmd)}\nexit status {status}\n--- stdout\n{out}"
                    f"--- stderr\n{err}")
    return status, out, err


def batch_run_tests(results, cpu_list):
    """make run: output of two commands on every hart count; a host file printed byte for
    byte; a kernel panic and a hang both reported with a non-zero status."""
    for cpus in cpu_list:
        label = f"make run cpus={cpus}"
        status, out, err = make_target(f"run-{cpus}-hello", "run",
                                       ["CMDS=echo hello; free", f"CPUS={cpus}"])
        lines = out.splitlines()
        results.check(status == 0, f"{label}: exits 0", f"exit status {status}: {err.strip()}")
        results.check(len(lines) == 3 and lines[0] == "hello" and lines[2].startswith("Mem:"),
                      f"{label}: prints exactly the commands' output",
                      f"expected hello, free's header and Mem: line, got {lines!r}")
        with open(os.path.join(BUILD, "run.log"), errors="replace") as f:
            harts = HART_LINE.findall(f.read())
        results.check(harts == [str(cpus)], f"{label}: CPUS reaches QEMU",
                      f"the guest reported {harts} harts")

    label = "make run"
    status, out, err = make_target("run-cat", "run", ["CMDS=cat batch.py",
                                                      "EXTRA_PROGS=tools/batch.py"])
    with open(os.path.join("tools", "batch.py"), errors="replace") as f:
        results.check(status == 0 and out == f.read(),
                      f"{label}: a file added with EXTRA_PROGS is printed byte for byte",
                      f"exit status {status}, {len(out)} bytes of output")

    status, out, err = make_target("run-panic", "run", [
        "TESTHOOKS=1", "EXTRA_PROGS=" + os.path.join(BUILD, "user", "tests", "testhook"),
        "CMDS=echo before; testhook; echo after"])
    results.check(status != 0 and "FAILED: kernel panic" in err,
                  f"{label}: a kernel panic fails the run",
                  f"exit status {status}: {err.strip()[-300:]}")
    results.check("before" in out and "panic: " in out and "after" not in out,
                  f"{label}: the output stops at the panic message", f"output {out!r}")

    # A kernel stack run into its guard page: reported as such, not a hang or a silent
    # overwrite of the next stack.
    status, out, err = make_target("run-kstack", "run", [
        "TESTHOOKS=1", "EXTRA_PROGS=" + os.path.join(BUILD, "user", "tests", "testhook"),
        "CMDS=testhook kstack"])
    results.check(status != 0 and "FAILED: kernel panic" in err
                  and re.search(r"panic: .*kernel stack overflow", out),
                  "kernel: a kernel stack overflow stops at its guard page with a panic",
                  f"exit status {status}, output {out.strip()[-300:]!r}")

    status, out, err = make_target("run-hang", "run", [f"TIMEOUT={RUN_HANG_TIMEOUT}",
                                                       "CMDS=echo waiting; cat"])
    results.check(status != 0 and "FAILED: timeout" in err,
                  f"{label}: a command reading the console times out",
                  f"exit status {status}: {err.strip()[-300:]}")
    listed = re.search(r"^ *\d+ +\d+ +\d+ +\w+\+? +\d+ cat$", err, re.MULTILINE)  # ps's columns
    results.check(out == "waiting\n" and listed,
                  f"{label}: the output and the process list at the timeout",
                  f"output {out!r}, errors {err.strip()[-300:]!r}")


def batch_grade_tests(results):
    """make grade: the shipped example scores full marks; a lab outside the tree with
    passing, failing, tolerance and missing cases, a ready binary and a per-architecture
    expected file is graded as its README says."""
    status, out, _ = make_target("grade-example", "grade", [])
    score = re.search(r"^score: (\d+)/(\d+)$", out, re.MULTILINE)
    results.check(status == 0 and score and score.group(1) == score.group(2)
                  and int(score.group(2)) >= 3 and "FAIL" not in out,
                  "make grade: the example lab scores full marks", out.strip()[-600:])

    _, arch, _ = make_target("grade-arch", "print-var", ["VAR=ARCH"])
    lab = tempfile.mkdtemp(prefix="moo-grade-lab-")
    try:
        for f in os.listdir(GRADE_FIXTURE):
            shutil.copy(os.path.join(GRADE_FIXTURE, f), lab)
        shutil.copy(os.path.join(lab, "exact.expected"), os.path.join(lab, "ready.expected"))
        with open(os.path.join(lab, f"arch.{arch.strip()}.expected"), "w") as f:
            f.write("arch: the file for this architecture was used\n")
        status, out, err = make_target("grade-ready", "prog", [
            "SRC=" + os.path.join(lab, "exact.c"), "OUT=" + os.path.join(lab, "_ready")])
        results.check(status == 0, "make prog: builds a program from outside the tree", err)
        status, out, _ = make_target("grade-fixture", "grade", ["LAB=" + lab])
    finally:
        shutil.rmtree(lab, ignore_errors=True)
    verdicts = dict(re.findall(r"^(\w+): (PASS|FAIL)", out, re.MULTILINE))
    wanted = {"exact": "PASS", "wrong": "FAIL", "near": "PASS", "far": "FAIL",
              "missing": "FAIL", "ready": "PASS", "arch": "PASS"}
    results.check(verdicts == wanted, "make grade: a verdict per test",
                  f"expected {wanted}, got {verdicts}:\n{out}")
    results.check(status != 0 and re.search(r"^score: 4/7$", out, re.MULTILINE),
                  "make grade: the score, and a failing status", out.strip()[-600:])
    shown = re.search(r"^wrong: FAIL: 2 lines differ.*\n"
                      r"\s+line 2: expected: wrong: answer 42\n\s+got: wrong: answer 41\n"
                      r"\s+line 3: expected: wrong: a line the program never prints\n"
                      r"\s+got: \(no line\)\n(?!\s+line)", out, re.MULTILINE)
    results.check(shown, "make grade: the differing and missing lines, and only them",
                  out.strip()[-600:])
    far = re.search(r"^far: FAIL: 2 lines differ.*\n"
                    r"\s+line 1: expected: far: count=~1000\n\s+got: far: count=1011\n"
                    r"\s+line 2: expected: far: margin=~100\+-3\n\s+got: far: margin=96\n",
                    out, re.MULTILINE)
    results.check(far, "make grade: numbers out of tolerance fail", out.strip()[-600:])


# Labs graded on moo and on the fixture lab trees (tests/labtree-*), per architecture: moo's
# labs, the fixture tree's directory, and the verdicts wanted of moo's eager kernel.
TREE_LABS = {"riscv": (["labs/cow-riscv"], "tests/labtree-riscv", "kernel/",
                       {"labs/cow-riscv": {"cowtest": "FAIL", "usertests": "PASS"}}),
             "i386": (["labs/cow-x86", "labs/dedup-x86"], "tests/labtree-x86", "",
                      {"labs/cow-x86": {"cowchild": "FAIL", "cowfive": "FAIL",
                                        "memsbrk": "PASS"}})}
VERDICTS_LAB = os.path.join("tests", "grade-verdicts")
VERDICT_LINE = re.compile(r"^(\w+): (PASS|FAIL|PANIC|TIMEOUT|BUILD)\b(.*)$", re.MULTILINE)


def grade_tool(name, words):
    """tools/grade with these words (the fixture trees find moo through MOO_REPO); logged."""
    cmd = [sys.executable, os.path.join("tools", "grade")] + words
    status, out, err = run_split(cmd, BATCH_TIMEOUT)
    write_log(name, f"$ {shlex.join(cmd)}\nexit status {status}\n--- stdout\n{out}"
                    f"--- stderr\n{err}")
    return status, out, err


def fixture_submission(root, name, config_dir, fork, testhooks):
    d = os.path.join(root, name, config_dir)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.mk"), "w") as f:
        f.write(f"FORK = {fork}\nTESTHOOKS = {testhooks}\n")
    return os.path.join(root, name)


def moo_lab_tests(results, labs, eager_wanted):
    """Each lab scores full marks on moo's CoW kernel; the eager kernel gets its verdicts."""
    for lab in labs:
        status, out, _ = make_target("grade-" + os.path.basename(lab), "grade", ["LAB=" + lab])
        score = re.search(r"^score: (\d+)/(\d+)$", out, re.MULTILINE)
        results.check(status == 0 and score and score.group(1) == score.group(2),
                      f"make grade: {lab} scores full marks on moo", out.strip()[-600:])
    _, out, _ = make_target("grade-moo-verdicts", "grade", [
        "LAB=" + VERDICTS_LAB, "TESTHOOKS=1", "TESTS=hook,z_after"])
    got = {n: v for n, v, _ in VERDICT_LINE.findall(out)}
    results.check(got == {"hook": "PANIC", "z_after": "PASS"} and "hook: PANIC: panic: " in out,
                  "make grade: a kernel panic on moo is PANIC with its line, and the next test "
                  "runs", out.strip()[-600:])
    for lab, wanted in eager_wanted.items():
        _, out, _ = make_target("grade-eager-" + os.path.basename(lab), "grade",
                                ["LAB=" + lab, "FORK=eager"])
        got = {n: v for n, v, _ in VERDICT_LINE.findall(out)}
        results.check(got == wanted, f"make grade: {lab} on moo's eager kernel",
                      f"expected {wanted}, got {got}:\n{out.strip()[-600:]}")


def tree_class_tests(results, lab, tree, config_dir, work):
    """A class over the fixture tree: CoW and eager kernels and one that does not build."""
    class_dir = os.path.join(work, "class")
    fixture_submission(class_dir, "cow", config_dir, "cow", 0)
    fixture_submission(class_dir, "eager", config_dir, "eager", 0)
    broken = os.path.join(class_dir, "broken", config_dir, "labinfo.c")
    os.makedirs(os.path.dirname(broken), exist_ok=True)
    with open(broken, "w") as f:
        f.write("const char *lab_name = \"no semicolon\"\n")
    out_dir = os.path.join(work, "out")
    status, out, err = grade_tool("grade-class", [lab, "--class", class_dir, "--base", tree,
                                                  "-j", "2", "--out", out_dir])
    try:
        with open(os.path.join(out_dir, "grades.csv")) as f:
            rows = {r[0]: r[1:] for r in csv.reader(f)}
    except OSError:
        rows = {}
    tests = rows.get("submission", [])[:-1]
    eager = TREE_LABS[ARCH][3].get(lab, {})
    cow = rows.get("cow", [""])
    results.check(status == 0 and cow[:-1] == ["PASS"] * len(tests)
                  and re.fullmatch(r"(\d+)/\1", cow[-1]) and tests
                  and all(v == "BUILD" for v in rows.get("broken", [])[:-1])
                  and rows.get("eager", [])[:-1] == [eager.get(t, "PASS") for t in tests],
                  f"tools/grade --class: {lab} on the fixture tree: CoW full marks, eager's "
                  "verdicts, BUILD", f"table {rows}; exit {status}: {err.strip()[-400:]}")
    texts = {}
    for f in ("grades.md", "logs/cow.log", "logs/eager.log", "logs/broken.log"):
        try:
            with open(os.path.join(out_dir, f), errors="replace") as fd:
                texts[f] = fd.read()
        except OSError:
            texts[f] = ""
    results.check(texts["grades.md"].startswith("| submission |") and "| cow | PASS" in out
                  and all(texts.values())
                  and re.search(r"^\w+: BUILD: .*labinfo\.c:\d+.*error", texts["logs/broken.log"],
                                re.MULTILINE),
                  "tools/grade --class: a Markdown table and a log per submission, the "
                  "compiler's first error with BUILD", f"files {[f for f in texts if texts[f]]}")


def tree_verdict_tests(results, tree, config_dir, work):
    """PANIC, TIMEOUT, a fresh image and boot per test, on the fixture tree's TESTHOOKS kernel."""
    hooks = fixture_submission(work, "hooks", config_dir, "cow", 1)
    _, out, _ = grade_tool("grade-verdicts", [VERDICTS_LAB, "--kernel", hooks, "--base", tree])
    got = {n: (v, detail) for n, v, detail in VERDICT_LINE.findall(out)}
    wanted = {"a_write": "PASS", "b_fresh": "PASS", "greet": "PASS", "hook": "PANIC",
              "spin": "TIMEOUT", "z_after": "PASS"}
    results.check({n: v for n, (v, _) in got.items()} == wanted,
                  "tools/grade --kernel: PANIC, TIMEOUT, and a fresh image and boot per test",
                  f"expected {wanted}, got:\n{out.strip()[-900:]}")
    results.check("panic: " in got.get("hook", ("", ""))[1]
                  and "spin: spinning" in got.get("spin", ("", ""))[1],
                  "tools/grade: PANIC shows the panic line, TIMEOUT the last lines", out[-900:])


def reference_tests(results, work):
    """--reference writes moo's output, keeping the old file's tolerance marks."""
    lab = os.path.join(work, "reflab")
    shutil.copytree(VERDICTS_LAB, lab)
    path = os.path.join(lab, f"greet.{ARCH}.expected")
    with open(path, "w") as f:
        f.write("greet: hello\ngreet: free pages ~1+-7\n")
    status, out, _ = grade_tool("grade-reference", [lab, "--reference", ARCH])
    with open(path) as f:
        text = f.read()
    results.check(status == 0 and re.fullmatch(r"greet: hello\ngreet: free pages ~\d{4,}\+-7\n",
                                               text),
                  "tools/grade --reference: writes moo's output, keeps the tolerance marks",
                  f"exit {status}, wrote {text!r}: {out[-300:]}")


def labspec_checks(results):
    """The checks other than lines, on made-up output: each passes and fails when it should."""
    sys.path.insert(0, os.path.join(REPO, "tools"))
    from grading import labspec
    out = ("free 100\nsimple: ok\nsimple: ok\nbefore 10\nafter 2570\nfree 100\n"
           "after 9\nfree 99\n")
    lines = labspec.clean_lines(out)
    cases = [
        (labspec.check_count(lines, 2, "^simple: ok$"), None),
        (labspec.check_count(lines, 3, "^simple: ok$") is not None, True),
        (labspec.check_count(lines, 1, "^simple: ok$") is not None, True),
        (labspec.check_rise(lines, (2500, 2600), r"before (\d+)", r"after (\d+)"), None),
        (labspec.check_rise(lines, (2600, 2700), r"before (\d+)", r"after (\d+)") is not None,
         True),
        (labspec.check_same(lines[:6], r"^free (\d+)$"), None),
        (labspec.check_same(lines, r"^free (\d+)$") is not None, True),
        (labspec.merge_reference("a ~5+-2 b ~7\nc\n", "a 31 b 8\nd\n"), "a ~31+-2 b ~8\nd\n"),
    ]
    bad = [i for i, (got, want) in enumerate(cases) if got != want]
    results.check(not bad, "tools/grade: count, rise, same and reference merging",
                  f"cases {bad} wrong: {[cases[i][0] for i in bad]}")


# make qemu-gdb on a scratch copy of the fixture tree (issue 17): the make target, the make
# variables it is given (x86: no window, the console on the serial port as `make qemu` has it),
# and a kernel function every boot reaches before the shell.
TREE_GDB = {"riscv": ("qemu-gdb", {}), "i386": ("qemu-gdb", {"QEMUEXTRA": "-display none"})}
TREE_GDB_STOP = "scheduler"
TREE_GDB_HALTED = 3  # seconds the console must stay silent before gdb attaches (QEMU's -S)
# What the kernel says it mounted: the fixture's image in the labs' format and size.
TREE_FS = {"riscv": r"RISC-V xv6 \(1024-byte blocks\), 1000 blocks, 200 inodes",
           "i386": r"x86 xv6 \(512-byte blocks\), 1000 blocks, 200 inodes"}


def tree_console(tree, target, variables, seconds):
    """The tree's `make TARGET` with these make variables (given through the environment, as
    a user's shell would), as tools/grade's console reads it."""
    from grading import console
    saved = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        return console.Console(tree, target, time.monotonic() + seconds)
    finally:
        for k, v in saved.items():
            if v is None:
                del os.environ[k]
            else:
                os.environ[k] = v


def tree_gdb_check(results, tree, work):
    """A scratch copy of the fixture tree, built by its Makefile, boots halted under its own
    make qemu-gdb; gdb-multiarch reading only the tree's .gdbinit (architecture, the kernel's
    symbols, the stub on a free port) stops at a kernel function by name, continues, and the
    shell's prompt comes up on the console. RISC-V: also make qemu on the 2022 line."""
    sys.path.insert(0, os.path.join(REPO, "tools"))
    from grading import xv6tree
    target, variables = TREE_GDB[ARCH]
    label = f"fixture tree: make {target}"
    if not shutil.which("gdb-multiarch"):
        results.bad(label, "gdb-multiarch is not installed (make deps installs it)")
        return
    copy = os.path.join(work, "gdb-tree")
    xv6tree.copy_tree(tree, copy)
    error, output = xv6tree.build(copy, xv6tree.detect(copy))
    write_log("labtree-gdb-build", output)
    if not results.check(error is None, f"{label}: the tree builds", error):
        return
    port = free_tcp_port()
    qemu = tree_console(copy, target, dict(variables, GDBPORT=str(port)), GDB_TIMEOUT)
    early, _ = qemu.wait_for(r"moo: |Booting from", 0, TREE_GDB_HALTED)
    results.check(early is None, f"{label}: QEMU waits for gdb (no boot before it attaches)",
                  f"the console said {early.group(0) if early else ''!r} with no gdb attached")
    slow = "set tcp connect-timeout 60"  # QEMU may start slowly on a loaded machine
    gdb = subprocess.Popen(
        ["gdb-multiarch", "-batch", "-nx", "-iex", slow, "-x", ".gdbinit",
         "-ex", f"break {TREE_GDB_STOP}", "-ex", "continue", "-ex", "delete", "-ex", "continue"],
        cwd=copy, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, errors="replace")
    _, why = qemu.wait_for(r"(?:^|\n)\$ ", 0, GDB_TIMEOUT)
    qemu.kill()
    try:
        out, _ = gdb.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        gdb.kill()
        out, _ = gdb.communicate()
    write_log("labtree-gdb", out + "\n---- console ----\n" + qemu.text)
    stopped = re.search(r"Breakpoint 1, (?:0x[0-9a-f]+ in )?" + TREE_GDB_STOP + r" \(", out)
    results.check(why is None and stopped is not None and f"-gdb tcp::{port}" in qemu.text,
                  f"{label}: gdb attaches with the tree's .gdbinit, stops at "
                  f"{TREE_GDB_STOP}, continues, and the shell comes up",
                  f"prompt: {why or 'seen'}; breakpoint: {'hit' if stopped else 'not hit'} "
                  f"(see {log_path('labtree-gdb')})")
    results.check(re.search(r"^fs: disk \d+: " + TREE_FS[ARCH], qemu.text, re.MULTILINE),
                  "fixture tree: the kernel mounts its fs.img in the labs' format and size",
                  f"no mount line matching {TREE_FS[ARCH]!r} (see {log_path('labtree-gdb')})")
    if ARCH == "riscv":
        qemu = tree_console(copy, "qemu", {"VIRTIO": "modern"}, GDB_TIMEOUT)
        _, why = qemu.wait_for(r"(?:^|\n)\$ ", 0, GDB_TIMEOUT)
        qemu.kill()
        write_log("labtree-2022", qemu.text)
        results.check(why is None and "force-legacy=false" in qemu.text,
                      "fixture tree: make qemu on the 2022 line (modern virtio) reaches the shell",
                      f"{why} (see {log_path('labtree-2022')})")


def tree_grade_tests(results):
    """The labs on moo, and the tree-grading path on the fixture lab tree of this ARCH."""
    labs, tree, config_dir, eager = TREE_LABS[ARCH]
    labspec_checks(results)
    moo_lab_tests(results, labs, eager)
    os.environ["MOO_REPO"] = REPO
    work = tempfile.mkdtemp(prefix="moo-grade-trees-")
    try:
        status, out, _ = grade_tool("grade-tree", [labs[-1], "--kernel", tree])
        results.check(status == 0 and re.search(r"^score: (\d+)/\1$", out, re.MULTILINE),
                      f"tools/grade --kernel: {labs[-1]} scores full marks on the fixture tree",
                      out.strip()[-600:])
        tree_class_tests(results, labs[0], tree, config_dir, work)
        tree_verdict_tests(results, tree, config_dir, work)
        tree_gdb_check(results, tree, work)
        reference_tests(results, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def batch_tests(results, args, cpu_list, wanted):
    """The run and grade slices, and the check that neither touched the user's image."""
    image_before = file_digest(USER_IMAGE)
    t0 = time.monotonic()
    before_p, before_f = results.passed, results.failed
    if "run" in wanted:
        print("--- make run", flush=True)
        batch_run_tests(results, cpu_list)
    if "grade" in wanted:
        print("--- make grade", flush=True)
        batch_grade_tests(results)
        print("--- grading labs on moo and on the fixture lab tree", flush=True)
        tree_grade_tests(results)
    results.check(file_digest(USER_IMAGE) == image_before,
                  "make run and make grade leave build/fs.img as it was", "build/fs.img changed")
    print(f"  make run / make grade: {results.passed - before_p} passed, "
          f"{results.failed - before_f} failed ({time.monotonic() - t0:.1f} s)", flush=True)


# ---------------------------------------------------------------- formatting and static checks

LINE_LIMIT = 100  # columns, for every source file (.clang-format's ColumnLimit for C)
# cppcheck cannot read register-asm variables (the RISC-V system-call stubs).
CPPCHECK_SUPPRESS = ["constStatement:user/lib/arch/riscv/machine.h"]


def tracked_files():
    """The files git tracks (and untracked ones it does not ignore), as in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    return sorted(n for n in listed.decode().split("\0") if n and os.path.isfile(n))


def is_source(name):
    base = os.path.basename(name)
    return name.endswith((".c", ".h", ".S", ".py", ".ld", ".sh", ".mk", ".inc")) or \
        base in ("Makefile", "grade", "run")


def run_lint(results):
    """One layout for the tree: every C file as .clang-format lays it out and no source line
    over LINE_LIMIT columns; and cppcheck finds nothing in this ARCH's build (the other
    architecture's arch directories left out)."""
    files = tracked_files()
    c_files = [f for f in files if f.endswith((".c", ".h"))]
    status, _, err = run_split(["clang-format", "--dry-run", "--Werror"] + c_files, 300)
    unformatted = sorted(set(re.findall(r"^(\S+?):\d+:\d+: (?:error|warning)", err,
                                        re.MULTILINE)))
    results.check(status == 0, f"format: {len(c_files)} C files as .clang-format lays them out",
                  "clang-format -i would change: " + (" ".join(unformatted[:10]) or err[-300:]))
    long_lines = []
    for name in filter(is_source, files):
        with open(name, encoding="utf-8", errors="replace") as f:
            long_lines += [f"{name}:{n}" for n, line in enumerate(f, 1)
                           if len(line.rstrip("\n")) > LINE_LIMIT]
    results.check(not long_lines, f"format: no source line over {LINE_LIMIT} columns",
                  f"{len(long_lines)} lines: {' '.join(long_lines[:10])}")
    other = [a for a in ARCHES if a != ARCH]
    mine = [f for f in c_files if f.endswith(".c") and
            not any(f"arch/{a}/" in f for a in other)]
    cmd = ["cppcheck", "--quiet", "--enable=warning,portability,performance", "--inline-suppr",
           "--error-exitcode=1", "-Ikernel", f"-Ikernel/arch/{ARCH}", "-Icommon", "-Iuser/lib",
           f"-Iuser/lib/arch/{ARCH}", "-Iuser/include"] + \
        [f"--suppress={s}" for s in CPPCHECK_SUPPRESS] + mine
    status, out, err = run_split(cmd, 900)
    write_log("cppcheck", f"{len(mine)} files\nexit status {status}\n{out}{err}")
    results.check(status == 0, f"cppcheck: no findings in {len(mine)} C files for {ARCH}",
                  f"exit status {status}: {(err or out).strip()[:800]}")


# ---------------------------------------------------------------- targets from a clean tree

# The make targets a user runs besides qemu and test, each from a clean build directory of a
# copy of this tree, briefly: each must build everything it uses (make soak once failed on
# a missing fsck right after make clean). (name, make arguments, a line its output must hold)
CLEAN_TARGETS = [
    ("soak", ["soak", "SOAK_SECONDS=1"], r"^\d+ passed, 0 failed$"),
    ("bench", ["bench", "BENCH_REPS=1", "BENCH_SUITES=0"], r"^bench: wrote "),
    ("run", ["run", "CMDS=echo from a clean tree"], r"^from a clean tree$"),
    ("grade", ["grade"], r"^score: (\d+)/\1$"),
]
CLEAN_TARGET_TIMEOUT = 600


def copy_of_tree():
    """A copy of the files git tracks (and untracked ones it does not ignore) as they are in
    the working tree, without build/: what a fresh clone of this change would hold."""
    copy = tempfile.mkdtemp(prefix=f"moo-clean-{ARCH}-")
    for name in tracked_files():
        os.makedirs(os.path.join(copy, os.path.dirname(name)), exist_ok=True)
        shutil.copy2(name, os.path.join(copy, name))
    return copy


def clean_tree_targets(results):
    """Runs each of CLEAN_TARGETS for this ARCH after make clean, in a copy of the tree."""
    copy = copy_of_tree()
    try:
        for name, words, wanted in CLEAN_TARGETS:
            run_split(["make", "-s", "-C", copy, "clean", "ARCH=" + ARCH], 120)
            t0 = time.monotonic()
            cmd = ["make", "--no-print-directory", "-C", copy] + words + ["ARCH=" + ARCH]
            status, out, err = run_split(cmd, CLEAN_TARGET_TIMEOUT)
            write_log(f"clean-{name}", f"$ {shlex.join(cmd)}\nexit status {status}\n"
                                       f"--- stdout\n{out}--- stderr\n{err}")
            built = os.path.exists(os.path.join(copy, BUILD, "kernel-cow", "moo.elf"))
            results.check(status == 0 and built and re.search(wanted, out, re.MULTILINE),
                          f"make {name} ARCH={ARCH} from a clean build directory "
                          f"({time.monotonic() - t0:.0f} s)",
                          f"exit status {status}, {ARCH} kernel built: {built}; "
                          f"log {log_path('clean-' + name)}: "
                          f"{(err.strip() or out.strip())[-400:]}")
    finally:
        shutil.rmtree(copy, ignore_errors=True)


# ---------------------------------------------------------------- driver

def build(extra_progs, results):
    """Builds the kernel, the test image (never the user's image) with extra_progs added, and the
    host tools that check images (fsck)."""
    cmd = ["make", "--no-print-directory", "kernel", "test-fs", "host-tools"] + MAKE_VARS
    cmd.append("TEST_EXTRA_PROGS=" + " ".join(extra_progs))
    rc, out = run(cmd, timeout=900)
    write_log("build", out)
    return results.check(rc == 0, "build", "make kernel test-fs host-tools failed:\n" + out[-3000:])


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="everything (the default)")
    ap.add_argument("--arch", choices=ARCHES + ["both"], default="riscv",
                    help="architecture to test (default riscv); both runs the two side by "
                         "side, each in its own process, and adds up their results")
    ap.add_argument("--cpus", type=int, action="append",
                    help="hart count to boot with (repeatable; default 1 and 3 on RISC-V, "
                         "1 and 2 on i386)")
    ap.add_argument("--suite", action="append",
                    help="run only this suite (repeatable): a t_* program, xv6compat, "
                         "crash or unit")
    ap.add_argument("--timeout", type=int, help="seconds allowed per suite")
    ap.add_argument("--no-build", action="store_true", help="use build/ as it is")
    ap.add_argument("--fork", choices=["cow", "eager"],
                    help="boot the kernel built with FORK=cow or FORK=eager (make's default: cow)")
    ap.add_argument("--seed", type=int,
                    help="seed for the fuzz, injection and stress runs (default: a fresh one, "
                         "printed)")
    ap.add_argument("--fuzz-calls", type=int, default=FUZZ_CALLS,
                    help=f"system calls per fuzz run (default {FUZZ_CALLS})")
    ap.add_argument("--fsfuzz-ops", type=int, default=FSFUZZ_OPS,
                    help=f"file-system calls per fsfuzz run (default {FSFUZZ_OPS})")
    ap.add_argument("--stress-seconds", type=int, default=STRESS_SECONDS,
                    help=f"how long t_stress runs (default {STRESS_SECONDS})")
    ap.add_argument("--soak", type=int, metavar="SECONDS",
                    help="instead of the tests: a boot loop, fuzz, fault injection and "
                         "t_stress, each for about SECONDS (make soak)")
    ap.add_argument("--boot", choices=["opensbi"] + OTHER_BOOTS,
                    help="RISC-V: how QEMU starts the kernel for every boot of this run (the "
                         "Makefile's BOOT; default opensbi)")
    ap.add_argument("--list", action="store_true", help="list the suites and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="echo guest output")
    return ap.parse_args()


def run_both(argv):
    """--arch both: runs this script once per architecture at the same time (QEMU uses one
    host core per guest), prints each run's output when it ends, and the summed totals."""
    base, skip = [], False
    for a in argv:  # argv without its --arch choice
        if skip or a == "--arch" or a.startswith("--arch="):
            skip = a == "--arch"
            continue
        base.append(a)
    procs = {}
    for arch in ARCHES:
        out = open(os.path.join("build", f"test-{arch}.out"), "w+")
        procs[arch] = (subprocess.Popen([sys.executable, __file__, "--arch", arch] + base,
                                        stdout=out, stderr=subprocess.STDOUT), out)
    passed = failed = 0
    for arch, (proc, out) in procs.items():
        proc.wait()
        out.seek(0)
        text = out.read()
        out.close()
        print(f"===== {arch} =====")
        print(text, end="", flush=True)
        m = re.findall(r"^(\d+) passed, (\d+) failed$", text, re.MULTILINE)
        if m:
            passed += int(m[-1][0])
            failed += int(m[-1][1])
        else:
            failed += 1
            print(f"FAIL {arch}: the run ended without a result line")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    os.chdir(REPO)
    if "--arch" in sys.argv and sys.argv[sys.argv.index("--arch") + 1:][:1] == ["both"]:
        os.makedirs("build", exist_ok=True)
        return run_both(sys.argv[1:])
    # SIGTERM ends the run like ^C does: through the atexit hook that stops QEMU.
    signal.signal(signal.SIGTERM, lambda signo, frame: sys.exit(128 + signo))
    args = parse_args()
    set_arch(args.arch if args.arch != "both" else "riscv")
    if args.fork:
        MAKE_VARS.append("FORK=" + args.fork)
    if args.boot and ARCH == "riscv":
        MAKE_VARS.append("BOOT=" + args.boot)
    guest_suites = discover_suites() + ["xv6compat", "session"]
    everything = guest_suites + ["fuzz", "fsfuzz", "inject", "crash", "gdb", "bench", "wide",
                                 "xv6fs", "unit", "images", "run", "grade", "targets", "lint"]
    everything += ["bootdisk", "tick"] if ARCH == "i386" else ["boots"]
    if args.list:
        print("\n".join(everything))
        return 0
    wanted = args.suite or everything
    if args.soak:
        wanted = ["t_stress"]
    unknown = [s for s in wanted if s not in everything]
    if unknown:
        print(f"unknown suite(s): {' '.join(unknown)}; try --list", file=sys.stderr)
        return 2
    cpu_list = args.cpus or DEFAULT_CPUS[ARCH]
    if args.seed is None:
        args.seed = random.randrange(1, 2**31)
    args.rng = random.Random(args.seed)
    print(f"seed {args.seed} (fuzz, injection and stress seeds derive from it: --seed "
          f"{args.seed} repeats them)", flush=True)
    results = Results()
    started = time.monotonic()
    args.deadline = started + BUDGET

    user_image_before = file_digest(USER_IMAGE)
    if "unit" in wanted:
        run_unit_tests(results)
    if "images" in wanted:
        check_user_image_contents(results)
        check_user_image_updates(results)
        check_make_messages(results)

    needs_guest = args.soak or any(
        s in wanted for s in guest_suites + ["fuzz", "fsfuzz", "inject", "crash", "gdb", "bench",
                                             "wide", "xv6fs", "boots", "bootdisk", "tick"])
    if needs_guest:
        with_compat = "xv6compat" in wanted and build_compat(results)
        with_example = "session" in wanted and build_example(results)
        extra = ([COMPAT_PROG] if with_compat else []) + ([EXAMPLE_PROG] if with_example else [])
        if not args.no_build and not build(extra, results):
            needs_guest = False
        if "xv6compat" in wanted and not with_compat:
            wanted = [s for s in wanted if s != "xv6compat"]

    if needs_guest:
        try:
            snapshot_build(OTHER_BOOTS if "boots" in wanted else ())
        except (OSError, RuntimeError) as e:
            results.bad("setup", f"cannot snapshot the image and kernel: {e}")
            needs_guest = False
    if needs_guest and args.soak:
        soak(results, args, cpu_list)
    elif needs_guest:
        for cpus in cpu_list:
            print(f"--- {cpus} hart{'s' if cpus > 1 else ''}", flush=True)
            booted = True
            for suite in [s for s in guest_suites if s in wanted and s not in SUITE_CPUS]:
                if time.monotonic() > args.deadline:
                    results.bad(f"cpus={cpus} {suite}", "not run: time budget exhausted")
                elif not booted:
                    results.bad(f"cpus={cpus} {suite}", "not run: the guest does not boot")
                else:
                    command = "xv6hello compat args" if suite == "xv6compat" else suite
                    if suite == "session":
                        booted = run_session(results, cpus, args)
                    else:
                        booted = run_suite(results, cpus, suite, command, args)
        if "boots" in wanted:
            run_other_boots(results, args)
        hardening(results, args, cpu_list, wanted)
        if "gdb" in wanted:
            print("--- debugger backtraces", flush=True)
            run_gdb_check(results, args)
            run_gdb_recipe_check(results, args)
        if "bench" in wanted:
            print("--- benchmark programs", flush=True)
            run_bench_check(results, args)
        if "wide" in wanted and ARCH in WIDE_MEMORY:
            print(f"--- a process wider than a middle page table ({WIDE_MEMORY[ARCH]} of RAM)",
                  flush=True)
            boot_and_run(results, 1, "t_stats wide", "t_stats", "t_stats wide",
                         args.timeout or WIDE_TIMEOUT, args, mem=WIDE_MEMORY[ARCH])
        if "xv6fs" in wanted:
            print("--- disks in xv6's formats", flush=True)
            run_xv6_layouts(results, cpu_list, args)
            refused_boot(results, args)
        if "tick" in wanted:
            print("--- the tick against the host's clock", flush=True)
            for cpus in cpu_list:
                check_tick_rate(results, cpus, args)
        if "bootdisk" in wanted:
            print("--- booted from moo.img, x86 xv6's -drive line", flush=True)
            run_bootdisk(results, cpu_list, args)
        if "crash" in wanted:
            print("--- crash tests", flush=True)
            for cpus in cpu_list:
                for round_no in range(1, CRASH_ROUNDS + 1):
                    if time.monotonic() > args.deadline:
                        results.bad(f"cpus={cpus} crash#{round_no}",
                                    "not run: time budget exhausted")
                        continue
                    try:
                        crash_test(results, cpus, args, round_no)
                    except RuntimeError as e:
                        results.bad(f"cpus={cpus} crash#{round_no}", str(e).strip())

    if "run" in wanted or "grade" in wanted:
        if time.monotonic() > args.deadline:
            results.bad("make run / make grade", "not run: time budget exhausted")
        else:
            batch_tests(results, args, cpu_list, wanted)

    if "lint" in wanted:
        print("--- formatting and static checks", flush=True)
        run_lint(results)
    if "targets" in wanted:
        print("--- make soak, bench, run and grade from a clean build directory", flush=True)
        clean_tree_targets(results)

    kill_live_guests()
    if "images" in wanted:
        after = file_digest(USER_IMAGE)
        results.check(after == user_image_before, "images: the user's image is byte-identical "
                      "after the run", f"{USER_IMAGE} changed during the run")
    try:
        os.rmdir(run_image_dir())
    except OSError:
        pass
    if results.failures:
        print("failures:")
        if os.path.isdir(run_image_dir()):
            print(f"  (disk images of failed runs kept in {run_image_dir()}/)")
        for f in results.failures:
            print("  " + f.splitlines()[0])
    print(f"took {time.monotonic() - started:.0f} s; logs in {LOGS}/")
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
