#!/usr/bin/env python3
# `make bench`: boots the copy-on-write and the eager-fork kernels under identical QEMU settings,
# runs user/bench/ on each, prints one table and writes docs/bench.md and docs/fork-latency.png.
"""Benchmarks copy-on-write fork (build/kernel-cow) against eager fork (build/kernel-eager).

Both kernels must be built (the `bench` Makefile target does it) and use the same disk image,
the test image build/test/fs.img (never the user's build/fs.img, which holds no benchmarks).
Each benchmark program runs in its own boot of QEMU (CPUS=1, copy of the image),
started with the Makefile's QEMU command line (`make print-qemu`). The programs print lines
    BENCH <name> <size MiB> <value> <unit>      (value "fail" when the operation was refused)
and end with "BENCH-DONE <program>". Then the in-guest test suites run once on each kernel
(tests/run.py --fork) and their wall time is recorded.

With --icount 1, QEMU runs with -icount (one instruction = 1 ns of guest time): the figures
repeat exactly, and this script compares them with the previous ICOUNT=1 run.
Python 3 standard library only; gnuplot draws the plot.
"""

import argparse
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests"))
from run import Guest  # noqa: E402  (the test runner's QEMU console driver)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = "build"
OUT = os.path.join(BUILD, "bench")
BASE_IMAGE = os.path.join(BUILD, "test", "fs.img")
DOC = os.path.join("docs", "bench.md")
PLOT = os.path.join("docs", "fork-latency.png")
BUILDS = ["cow", "eager"]
ARCH = "riscv"
QEMU_BINARY = {"riscv": "qemu-system-riscv64", "i386": "qemu-system-i386"}


def set_arch(arch):
    """RISC-V builds in build/ and writes docs/bench.md; i386 builds in build/i386/ and writes
    docs/bench-i386.md (the Makefile's B for each)."""
    global ARCH, BUILD, OUT, BASE_IMAGE, DOC, PLOT
    ARCH = arch
    suffix = "" if arch == "riscv" else "-" + arch
    BUILD = "build" if arch == "riscv" else os.path.join("build", arch)
    OUT = os.path.join(BUILD, "bench")
    # the test image: the user's has no benchmarks
    BASE_IMAGE = os.path.join(BUILD, "test", "fs.img")
    DOC = os.path.join("docs", f"bench{suffix}.md")
    PLOT = os.path.join("docs", f"fork-latency{suffix}.png")
PROGRAMS = ["bench_fork", "bench_cow", "bench_dedup"]
CPUS = 1
PROMPT = "$ "
BOOT_TIMEOUT = 60
PROGRAM_TIMEOUT = 300
SUITES_TIMEOUT = 300   # one run of the test suites on one kernel
FORK_SIZES = [0, 1, 8, 32, 64]
TOUCH_SIZES = [8, 32]
DEDUP_SIZES = [10, 64]
PAGES_PER_MIB = 256
RESULT = re.compile(r"^BENCH (\S+) (\d+) (\S+) (\S+)", re.MULTILINE)


def mode_name(icount):
    return "icount" if icount else "tcg"


# ---------------------------------------------------------------- the guest

def qemu_command(fork, icount, image):
    """The Makefile's QEMU command line for this kernel, one hart, the given disk image."""
    cmd = ["make", "-s", "--no-print-directory", "print-qemu", f"CPUS={CPUS}", f"FORK={fork}",
           f"ICOUNT={icount}", f"FSIMG={image}", f"ARCH={ARCH}"]
    p = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [l for l in p.stdout.splitlines() if l.startswith("qemu")]
    if p.returncode != 0 or not lines:
        sys.exit("bench: `make print-qemu` failed:\n" + p.stdout)
    return shlex.split(lines[-1])


def run_program(fork, icount, program, reps):
    """Boots the kernel, runs one benchmark program; returns its output (exits on failure)."""
    image = os.path.join(OUT, f"{fork}.img")
    shutil.copyfile(BASE_IMAGE, image)
    log = os.path.join(OUT, f"{mode_name(icount)}-{fork}-{program}.log")
    guest = Guest(qemu_command(fork, icount, image))
    try:
        _, why = guest.wait_for(re.escape(PROMPT), 0, BOOT_TIMEOUT)
        if why:
            sys.exit(f"bench: {fork} kernel: no shell prompt after boot ({why}); see {log}")
        start = guest.mark()
        guest.type(f"{program} {reps}\n")
        done, why = guest.wait_for(r"^BENCH-DONE " + program + r"$", start, PROGRAM_TIMEOUT,
                                   re.MULTILINE)
        if why:
            sys.exit(f"bench: {fork} kernel: {program} did not finish ({why}); see {log}")
        return guest.text[start:done.end()]
    finally:
        guest.kill()
        with open(log, "w", encoding="utf-8", errors="replace") as f:
            f.write(guest.output())
        os.remove(image)


def parse_results(text):
    """{(name, size): value}: an int, or None where the guest reported a failure."""
    results = {}
    for name, size, value, _unit in RESULT.findall(text):
        results[(name, int(size))] = None if value == "fail" else int(value)
    return results


def run_benchmarks(icount, reps):
    """{build: {(name, size): value}} for both kernels."""
    results = {}
    for fork in BUILDS:
        results[fork] = {}
        for program in PROGRAMS:
            t0 = time.monotonic()
            results[fork].update(parse_results(run_program(fork, icount, program, reps)))
            print(f"  {fork:5} {program:12} {time.monotonic() - t0:5.1f} s", flush=True)
    return results


# ---------------------------------------------------------------- the test suites

def suites_with_own_harts():
    """Suites tests/run.py boots with hart counts of their own whatever --cpus says (t_stress)."""
    sys.path.insert(0, os.path.join(REPO, "tests"))
    try:
        import run as runner
        return set(getattr(runner, "SUITE_CPUS", {}))
    except Exception:  # an older or broken runner: assume none
        return set()
    finally:
        sys.path.pop(0)


def guest_suites():
    """The in-guest test programs tests/run.py knows, t_* and xv6compat, that it boots with one
    hart when asked (not the crash test, the host unit tests, or the fuzz and injection runs)."""
    out = subprocess.run([sys.executable, "tests/run.py", "--list", "--arch", ARCH], cwd=REPO,
                         text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    pinned = suites_with_own_harts()
    return [s for s in out.split()
            if (s.startswith("t_") or s == "xv6compat") and s not in pinned]


def run_suites(fork, icount):
    """Runs the in-guest suites on one kernel, one hart: (wall seconds, passed, failed)."""
    cmd = [sys.executable, "tests/run.py", "--cpus", str(CPUS), "--fork", fork, "--arch", ARCH]
    for suite in guest_suites():
        cmd += ["--suite", suite]
    env = dict(os.environ, ICOUNT=str(icount))
    t0 = time.monotonic()
    # A session of its own, so that on timeout the runner and its QEMU can be ended together.
    p = subprocess.Popen(cmd, cwd=REPO, env=env, text=True, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=SUITES_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out = p.communicate()[0] + f"\nbench: the runner took over {SUITES_TIMEOUT} s\n"
    seconds = time.monotonic() - t0
    with open(os.path.join(OUT, f"{mode_name(icount)}-{fork}-suites.log"), "w") as f:
        f.write(out)
    counts = re.findall(r"^(\d+) passed, (\d+) failed", out, re.MULTILINE)
    passed, failed = map(int, counts[-1]) if counts else (0, 1)
    return seconds, passed, failed


def runner_has_fork_option():
    out = subprocess.run([sys.executable, "tests/run.py", "--help"], cwd=REPO, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    return "--fork" in out


def time_suites(results, icount):
    if not runner_has_fork_option():
        print("  tests/run.py has no --fork option: suite times not measured", flush=True)
        return
    for fork in BUILDS:
        seconds, passed, failed = run_suites(fork, icount)
        results[fork]["suites"] = (seconds, passed, failed)
        print(f"  {fork:5} test suites  {seconds:5.1f} s ({passed} passed, {failed} failed)",
              flush=True)


# ---------------------------------------------------------------- the table

def us(ns):
    """Nanoseconds as microseconds with three significant digits or so."""
    v = ns / 1000
    digits = 0 if v >= 100 else 1 if v >= 10 else 2 if v >= 1 else 3
    return f"{v:.{digits}f}"


def get(r, name, size, per=1):
    v = r.get((name, size))
    return None if v is None else v / per


def private_copy_per_page(r, fork, size):
    """cow: the child's write fault; eager: the copy inside fork (its growth from 0 MiB)."""
    pages = size * PAGES_PER_MIB
    if fork == "cow":
        return get(r, "cow_touch_writes", size, pages)
    big, empty = get(r, "fork", size), get(r, "fork", 0)
    return None if big is None or empty is None else (big - empty) / pages


def frames_cell(r, size):
    frames, pt = get(r, "fork_frames", size), get(r, "fork_child_pt", size)
    if frames is None or pt is None:
        return "fails (out of memory)"
    return f"{frames:.0f} ({pt:.0f} pt)"


def dedup_over_read(r, size):
    d, rd = get(r, "dedup", size), get(r, "read_pass", size)
    return None if d is None or not rd else d / rd


class Table:
    """Rows of (measurement, size, cow, eager, cow/eager, target) as display strings."""

    def __init__(self):
        self.rows = []

    def add(self, label, size, cow, eager, fmt, target=""):
        """A row of two figures (None: the guest reported a failure) shown with fmt."""
        cells = [fmt(v) if v is not None else "fails (out of memory)" for v in (cow, eager)]
        self.add_cells(label, size, cells, cow, eager, target)

    def add_cells(self, label, size, cells, cow, eager, target=""):
        """A row whose two cells are already formatted; cow and eager give the ratio."""
        ratio = f"{cow / eager:.3g}" if cow is not None and eager else "—"
        self.rows.append([label, size, cells[0], cells[1], ratio, target])

    def markdown(self):
        head = ["measurement", "size", "cow", "eager", "cow ÷ eager", "target"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def build_table(results):
    cow, eager = results["cow"], results["eager"]
    t = Table()
    for s in FORK_SIZES:
        t.add("fork + exit + wait (µs)", f"{s} MiB", get(cow, "fork", s), get(eager, "fork", s),
              us, "≤ 0.01 (100x), flat" if s == 32 else "")
    for s in FORK_SIZES:
        t.add("fork + exec + wait (µs)", f"{s} MiB", get(cow, "fork_exec", s),
              get(eager, "fork_exec", s), us, "≤ 0.0167 (60x)" if s == 32 else "")
    for s in FORK_SIZES:
        t.add_cells("free frames taken by fork (child's page-table pages)", f"{s} MiB",
                    [frames_cell(cow, s), frames_cell(eager, s)], get(cow, "fork_frames", s),
                    get(eager, "fork_frames", s))
    for s in TOUCH_SIZES:
        pages = s * PAGES_PER_MIB
        t.add("fork, then the child writes 1 word per page: per page (µs)", f"{s} MiB",
              get(cow, "cow_touch_total", s, pages), get(eager, "cow_touch_total", s, pages), us,
              "≤ 1.3" if s == 32 else "")
    s, pages = 32, 32 * PAGES_PER_MIB
    t.add("… of which the child's writes, per page (µs)", f"{s} MiB",
          get(cow, "cow_touch_writes", s, pages), get(eager, "cow_touch_writes", s, pages), us)
    t.add("private copy of one page: cow write fault / eager copy in fork (µs)", f"{s} MiB",
          private_copy_per_page(cow, "cow", s), private_copy_per_page(eager, "eager", s), us)
    t.add("write fault without copy (sole owner), per page (µs)", f"{s} MiB",
          get(cow, "sole_owner_writes", s, pages), get(eager, "sole_owner_writes", s, pages), us)
    t.add("system call round trip, getpid (µs)", "—", get(cow, "syscall_x1000", 0, 1000),
          get(eager, "syscall_x1000", 0, 1000), us)
    for s in DEDUP_SIZES:
        t.add("read pass, per MiB (µs)", f"{s} MiB", get(cow, "read_pass", s, s),
              get(eager, "read_pass", s, s), us)
        t.add("dedup, per MiB (µs)", f"{s} MiB", get(cow, "dedup", s, s),
              get(eager, "dedup", s, s), us)
        t.add("dedup ÷ read pass", f"{s} MiB", dedup_over_read(cow, s), dedup_over_read(eager, s),
              lambda v: f"{v:.2f}", "each ≤ 3")
        t.add("frames freed by dedup", f"{s} MiB", get(cow, "dedup_freed", s),
              get(eager, "dedup_freed", s), lambda v: f"{v:.0f}")
    if "suites" in cow and "suites" in eager:
        cells = [f"{secs:.1f} ({p}/{p + f} passed)" for secs, p, f in (cow["suites"],
                                                                      eager["suites"])]
        t.add_cells("in-guest test suites, 1 hart, wall clock (s)", "—", cells,
                    cow["suites"][0], eager["suites"][0])
    return t


def check_targets(results):
    """[(target, measured, met)] for the targets of README's benchmark section."""
    cow, eager = results["cow"], results["eager"]
    out = []
    c32, e32, c0 = get(cow, "fork", 32), get(eager, "fork", 32), get(cow, "fork", 0)
    if c32 and e32 and c0:
        out.append(("fork of a 32 MiB process ≥ 100x faster than eager",
                    f"{e32 / c32:.1f}x", e32 / c32 >= 100))
        out.append(("… and nearly flat: fork(32 MiB) ≤ 2 × fork(0 MiB)",
                    f"{c32 / c0:.1f} ×", c32 / c0 <= 2))
    ct, et = get(cow, "cow_touch_total", 32), get(eager, "cow_touch_total", 32)
    if ct and et:
        out.append(("fork + touching every page ≤ 1.3 × eager", f"{ct / et:.2f} ×",
                    ct / et <= 1.3))
    cx, ex = get(cow, "fork_exec", 32), get(eager, "fork_exec", 32)
    if cx and ex:
        out.append(("fork + exec of a 32 MiB process ≥ 60x faster than eager",
                    f"{ex / cx:.1f}x", ex / cx >= 60))
    for s in DEDUP_SIZES:
        ratio = dedup_over_read(cow, s)
        if ratio:
            out.append((f"dedup of {s} MiB ≤ 3 × one read pass", f"{ratio:.2f} ×", ratio <= 3))
    return out


def targets_markdown(targets):
    lines = ["| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets]
    return "\n".join(lines)


# ---------------------------------------------------------------- docs/bench.md

METHOD = """\
# Benchmarks: copy-on-write fork against eager fork

Generated by `tools/bench.py` (`make bench`, `make bench ICOUNT=1`); each run rewrites its own
results section below and keeps the other. The targets and what the figures mean for them are
in README.md (Benchmarks).

## Method

Two kernels are built from the same tree: `build/kernel-cow/moo.elf` (the default; fork shares
every user page copy-on-write) and `build/kernel-eager/moo.elf` (`make FORK=eager`; fork copies
every user page at once, `kernel/mm/fork.c`). Everything else is identical: same user programs,
same disk image (the test image `build/test/fs.img`), same QEMU command line. Each benchmark
program (`user/bench/`) runs in its own boot of QEMU on a copy of the image, typed at the shell
prompt.

**Clock.** On RISC-V, user mode reads the `time` CSR with `rdtime`. The timebase of QEMU `virt`
is taken to be 10,000,000 Hz (100 ns per tick); this is assumed, not read from the device tree.
On i386, user mode reads the TSC, whose rate each program measures once against 10 timer ticks
(100 ms); `user/lib/arch/ARCH/machine.h` holds both clocks.

**Statistics.** Every figure is the median of REPS repetitions, after one untimed warm-up run.
After the warm-up, each series of samples starts just after a timer tick (`sleep(1)`) and
then a fixed number of instructions after an edge of the 10 MHz clock (`sync_to_clock_edge`
in `user/bench/bench.h`), so it starts at the same point of both periods on every run; no disk
or console I/O happens inside a series. The samples of a series run back to back: when every
sample followed a sleep, short operations measured up to twice as slow under plain QEMU. A
tick may land in a sample; the median ignores it. The logs in `build/bench/` also give the
fastest and the slowest sample of every figure.

**Resident size S.** The process grows its heap by S MiB with `sbrk` and writes one word in
every new page before measuring, so every page is mapped and private. Text, data, guard and
stack add 5 pages.

**Measurements.**
- *fork + exit + wait*, S = 0, 1, 8, 32, 64 MiB: the parent reads the clock, forks, the child
  calls `exit(0)` at once, the parent returns from `wait` and reads the clock. This includes
  creating and destroying the child's address space.
- *fork + exec + wait*, same sizes: the child instead execs `/bench_true`, a one-page program
  that exits at once (its blocks stay in the buffer cache after the warm-up run).
- *free frames taken by fork*: `getNumFreePages()` in the parent just before and just after
  `fork()`, while the child waits on a pipe; the child then reports its `getNumPTPages()`
  (in parentheses). That count includes the kernel's three tables, which every root shares
  and fork does not allocate, and the trap frame lives on the kernel stack: a copy-on-write
  fork takes the child's own table pages and nothing else. The eager kernel cannot fork at
  64 MiB: the copy needs 64 MiB more than the 128 MiB machine has free.
- *fork, then the child writes 1 word per page*, S = 8 and 32 MiB: the parent reads the clock
  and forks, then blocks reading a pipe; the child writes one word in each of the S MiB of
  pages, reads the clock and sends back the time since the parent's reading. Divided by the
  number of pages. This is the fair comparison of the two designs: both start from the same
  process, do the same user-visible work and end in the same state (a child holding a private
  copy of every page); copy-on-write pays a cheap fork plus one write fault per page, eager
  fork pays one copy per page inside fork plus plain stores. Freeing the copies when the child
  exits is counted in neither.
- *… of which the child's writes*: the child's write pass alone (cow: a fault that copies the
  page; eager: a plain store).
- *private copy of one page*: cow: the child's write pass per page (fault + copy); eager: the
  growth of fork + exit + wait from 0 to 32 MiB, per page (allocate, copy, and free at exit).
- *write fault without copy*: a child that exits at once is forked; then the parent, sole owner
  of its copy-on-write pages, writes one word per page. In the cow kernel each write takes a
  fault that only makes the page writable again; in the eager kernel it is a plain store.
- *system call round trip*: 1000 calls of `getpid()`, divided by 1000.
- *dedup*, S = 10 and 64 MiB: the process fills S MiB with one repeated 4096-byte page (its
  512 words all different), times one pass reading every word once (user mode, 64-bit loads
  summed), then times one `dedup()` call. The memory is refilled (untimed) before each
  repetition. Per MiB, and the ratio of the two. dedup also scans the shell's and init's
  pages; their duplicates merge during the warm-up run.
- *in-guest test suites*: `tests/run.py --cpus 1 --fork F --suite ...` with every in-guest
  test program (`t_*` and `xv6compat`; not the crash test, the host unit tests, the fuzz and
  fault-injection runs, or `t_stress`, which always boots 8 harts): wall-clock time of the
  whole runner, QEMU boots and typing included. This row is host time in both modes and is
  not repeatable exactly. On the eager kernel a few checks fail by design: they test
  copy-on-write itself (a fork with two thirds of RAM in use, a child's write costing exactly
  one frame, shared pages in memstat).

**Two modes.** `make bench` runs QEMU's TCG with the guest clock following the host clock:
figures are what the guest sees on this host and vary from run to run (single figures moved
by up to 40% between two runs while other work shared the host's two cores), so compare the
two kernels within one run.
`make bench ICOUNT=1` adds `-icount shift=0,sleep=off`: guest time advances exactly one
nanosecond per instruction executed (idle time is skipped), so the figures are instruction
counts and repeat exactly, but they are blind to what memory traffic and TLB flushes cost
a real processor (or QEMU).
"""


def host_description():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            names = re.findall(r"^model name\s*:\s*(.*)$", f.read(), re.MULTILINE)
        cpu = names[0] if names else cpu
    except OSError:
        pass
    version = subprocess.run([QEMU_BINARY[ARCH], "--version"], text=True,
                             stdout=subprocess.PIPE).stdout.splitlines()[0]
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; {version}"


def results_section(icount, table, targets, reps):
    command = " ".join(qemu_command("FORK", icount, "IMAGE")).replace("kernel-FORK",
                                                                       "kernel-{cow,eager}")
    title = "make bench ICOUNT=1 (instruction counting)" if icount else "make bench (real time)"
    parts = [f"<!-- results:{mode_name(icount)} -->", f"## Results: {title}", "",
             f"Host: {host_description()}.", "",
             f"QEMU: `{command}`", "", f"Repetitions: {reps} (median).", "",
             table.markdown(), "", "Targets:", "", targets_markdown(targets), ""]
    if not icount:
        parts += [f"![fork latency against resident size]({os.path.basename(PLOT)})", ""]
    parts.append(f"<!-- end:{mode_name(icount)} -->")
    return "\n".join(parts)


def old_section(mode):
    """The other mode's results section from the current docs/bench.md, if any."""
    try:
        with open(DOC, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    m = re.search(rf"<!-- results:{mode} -->.*?<!-- end:{mode} -->", text, re.DOTALL)
    return m.group(0) if m else None


def write_doc(icount, table, targets, reps):
    mine = results_section(icount, table, targets, reps)
    other = old_section(mode_name(not icount))
    sections = [mine, other] if not icount else [other, mine]
    body = METHOD.replace("REPS", str(reps)) + "\n" + "\n\n".join(s for s in sections if s)
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(body + "\n")


# ---------------------------------------------------------------- the plot

def write_plot(results, icount):
    data = os.path.join(OUT, "fork-latency.dat")
    with open(data, "w") as f:
        for s in FORK_SIZES:
            cells = [get(results[b], "fork", s) for b in BUILDS]
            text = ["?" if v is None else f"{v / 1000:.3f}" for v in cells]
            f.write(f"{s} {' '.join(text)}\n")
    terminals = subprocess.run(["gnuplot", "-e", "set terminal"], text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    terminal = "pngcairo size 800,560" if "pngcairo" in terminals else "png size 800,560"
    mode = "icount: 1 instruction = 1 ns" if icount else "QEMU TCG, real time"
    # docs/fork-latency-before*.dat: the copy-on-write fork of an earlier design, measured by
    # an earlier run of this script (the file says which), drawn beside this run's figures.
    before = PLOT.replace("fork-latency", "fork-latency-before").replace(".png", ".dat")
    before_series = (f", \\\n     '{before}' using 1:2 with linespoints lw 2 pt 9 dt 2 "
                     f"title 'copy-on-write fork before shared page tables (earlier run)'"
                     if os.path.exists(before) else "")
    eager_fails = get(results["eager"], "fork", FORK_SIZES[-1]) is None
    eager_label = (f"set label 'eager fork fails at {FORK_SIZES[-1]} MiB (out of memory)' "
                   f"at {FORK_SIZES[-1] - 1}, graph 0.08 right" if eager_fails else "")
    script = f"""
set terminal {terminal}
set output '{PLOT}'
set datafile missing '?'
set title 'fork + exit + wait against resident size ({ARCH}, 1 hart; {mode})'
set xlabel 'resident heap (MiB)'
set ylabel 'time (µs, median; log scale)'
set logscale y
set key below
set grid
set xrange [-2:66]
set yrange [10:*]
{eager_label}
plot '{data}' using 1:2 with linespoints lw 2 pt 7 title 'copy-on-write fork', \\
     '{data}' using 1:3 with linespoints lw 2 pt 5 title 'eager fork'{before_series}
"""
    p = subprocess.run(["gnuplot"], input=script, text=True, cwd=REPO, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        print("bench: gnuplot failed:\n" + p.stdout, file=sys.stderr)
        return False
    return True


# ---------------------------------------------------------------- repeatability

def flatten(results):
    """Sorted text lines of every guest-measured figure (the wall-clock suite times left out)."""
    lines = []
    for fork in BUILDS:
        figures = [(k, v) for k, v in results[fork].items() if isinstance(k, tuple)]
        for (name, size), value in sorted(figures):
            lines.append(f"{fork} {name} {size} {'fail' if value is None else value}")
    return lines


def compare_with_previous(results, icount):
    """Saves this run's figures and compares them with the previous run in the same mode."""
    path = os.path.join(OUT, f"results-{mode_name(icount)}.txt")
    now = flatten(results)
    before = None
    if os.path.exists(path):
        with open(path) as f:
            before = f.read().splitlines()
        os.replace(path, path.replace(".txt", "-previous.txt"))
    with open(path, "w") as f:
        f.write("\n".join(now) + "\n")
    if before is None:
        return "no previous run in this mode to compare with"
    if before == now:
        return "every figure identical to the previous run in this mode"
    changes = []
    for old, new in zip(before, now):
        a, b = old.split()[-1], new.split()[-1]
        if a != b and a.isdigit() and b.isdigit() and int(a):
            changes.append((abs(int(b) - int(a)) / int(a), " ".join(new.split()[:3])))
    worst = max(changes) if changes else (0, "")
    return (f"{len(changes)} of {len(now)} figures differ from the previous run in this mode; "
            f"largest change {worst[0] * 100:.2f}% ({worst[1]}); compare {path} with "
            f"{os.path.basename(path).replace('.txt', '-previous.txt')}")


# ---------------------------------------------------------------- driver

def main():
    os.chdir(REPO)
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--icount", type=int, choices=[0, 1], default=0,
                    help="1: QEMU with -icount, figures repeat exactly")
    ap.add_argument("--reps", type=int, default=15, help="repetitions per figure (median)")
    ap.add_argument("--arch", choices=sorted(QEMU_BINARY), default="riscv",
                    help="architecture to measure (the Makefile's ARCH)")
    ap.add_argument("--no-suites", action="store_true", help="skip timing the test suites")
    args = ap.parse_args()
    set_arch(args.arch)
    for fork in BUILDS:
        if not os.path.exists(os.path.join(BUILD, f"kernel-{fork}", "moo.elf")):
            sys.exit(f"bench: build/kernel-{fork}/moo.elf missing; run `make bench`")
    os.makedirs(OUT, exist_ok=True)
    started = time.monotonic()
    print(f"bench: {mode_name(args.icount)} mode, {args.reps} repetitions, 1 hart", flush=True)
    results = run_benchmarks(args.icount, args.reps)
    if not args.no_suites:
        time_suites(results, args.icount)
    table, targets = build_table(results), check_targets(results)
    print()
    print(table.markdown())
    print()
    print(targets_markdown(targets))
    print()
    write_doc(args.icount, table, targets, args.reps)
    plotted = write_plot(results, args.icount) if not args.icount else False
    print(f"bench: {compare_with_previous(results, args.icount)}")
    print(f"bench: wrote {DOC}" + (f" and {PLOT}" if plotted else "") +
          f"; logs in {OUT}/; took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
