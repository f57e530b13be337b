#!/usr/bin/env python3
# make run: boots moo headless on a copy of the image holding an /autorun script, prints the
# commands' output as it comes and says whether they all ended (poweroff) without a panic.
"""Runs shell commands in moo without anyone at the console (`make run CMDS=...`).

The image is built afresh in a temporary directory from the Makefile's file list (`make -s
print-fs`), the extra files given, and a script /autorun:
    (CMDS) < /console
    poweroff
init runs /autorun with sh before any interactive shell and prints "init: running /autorun"
first; the commands read the console as they would when typed (so none of them can read the
rest of the script), and poweroff makes the kernel print "moo: power off by pid N (name)" once
all console output is out, then switch the machine off. QEMU's command line comes from `make -s
print-qemu`, with the make variables given (ARCH, CPUS, MEM, FORK, TESTHOOKS) passed through.

Standard output gets exactly the guest's output between those two lines. Exit status: 0 when
the script reached poweroff with no kernel panic within the timeout (a command's own failure
shows in its output and is not counted); 1 on a kernel panic, a timeout (the process list,
from ^P, goes to standard error), QEMU ending early, or the script ending without powering
off; 2 when the run could not be set up. Failures end with one line on standard error:
"batch: FAILED: <why>". The whole console, boot included, is kept in build/run.log
(build/i386/run.log with ARCH=i386).

Example: tools/batch.py --cmds 'echo hello; free' CPUS=1 build/extra/_prog
"""

import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests"))
from run import Guest  # noqa: E402  (the test runner's QEMU console driver)

WORK = os.path.join("build", "batch")  # temporary images, one directory per run
LOG = os.path.join("build", "run.log")
SCRIPT_NAME = "autorun"                # on the image as /autorun (user/bin/init.c)
CONSOLE = "/console"
SHELL_LINE_MAX = 511                   # sh reads lines of up to 511 bytes (user/bin/sh.c)

# Lines init and the kernel print; their meaning is documented above.
STARTED = re.compile(r"^init: running /autorun\n", re.MULTILINE)
SHELL_STARTED = re.compile(r"^init: starting sh\n", re.MULTILINE)
POWER_OFF = "moo: power off by pid "
POWERED_OFF = re.compile(re.escape(POWER_OFF) + r"\d+ \([^)\n]*\)\n")
PANIC = re.compile(r"^panic: ", re.MULTILINE)

POWER_OFF_WAIT = 10  # seconds for QEMU to end after the kernel says it powers off
PANIC_GRACE = 1      # seconds for the rest of a panic message to arrive
PS_WAIT = 1          # seconds for the ^P process list after a timeout
CTRL_P = "\x10"
MAKE_VAR = re.compile(r"^[A-Z_][A-Z0-9_]*=")


class Failure(Exception):
    """The commands did not all end; str() says why."""


def make_print(target, make_vars):
    """The words of the last line `make -s <target>` prints with these variables."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["make", "-s", "--no-print-directory", target] + make_vars, cwd=REPO,
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = p.stdout.strip().splitlines()
    if p.returncode != 0 or not lines:
        raise RuntimeError(f"`make -s {target}` failed:\n{p.stdout}")
    return shlex.split(lines[-1])


def script(cmds):
    """The text of /autorun for the command line cmds."""
    if "\n" in cmds:
        raise RuntimeError("CMDS must be one line (separate commands with ';')")
    if not cmds.strip():
        return "poweroff\n"
    line = f"({cmds}) < {CONSOLE}"
    if len(line) > SHELL_LINE_MAX:
        raise RuntimeError(f"CMDS is too long for moo's shell ({len(line)} of "
                           f"{SHELL_LINE_MAX} characters with the wrapping)")
    return line + "\npoweroff\n"


def image_name(path):
    """The name mkfs gives a file: its last component without a leading '_'."""
    name = os.path.basename(path)
    return name[1:] if name.startswith("_") else name


def build_image(workdir, make_vars, extra_files, cmds):
    """Makes workdir/fs.img: the default image's files, extra_files (those not already among
    them; one named like a default file replaces it) and /autorun."""
    words = make_print("print-fs", make_vars)
    mkfs, files = words[0], words[1:]
    on_image = {os.path.realpath(f) for f in files}
    extra = [f for f in extra_files if os.path.realpath(f) not in on_image]
    # An extra file named like one of the image's replaces it (a lab's own dedup_reader).
    replaced = {image_name(f) for f in extra}
    files = [f for f in files if image_name(f) not in replaced] + extra
    script_path = os.path.join(workdir, SCRIPT_NAME)
    with open(script_path, "w") as f:
        f.write(script(cmds))
    image = os.path.join(workdir, "fs.img")
    p = subprocess.run([mkfs, image] + files + [script_path], cwd=REPO,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"mkfs failed:\n{p.stdout}")
    return image


def qemu_command(make_vars, image):
    words = make_print("print-qemu", make_vars + ["FSIMG=@IMAGE@"])
    return [w.replace("@IMAGE@", image) for w in words]


def printable_end(text, start):
    """How far text may be printed: all of it but a tail that is, or could become, the
    power-off line, which is not the commands' output."""
    begun = text.find(POWER_OFF, start)
    if begun >= 0:
        return begun
    for k in range(min(len(POWER_OFF), len(text) - start), 0, -1):
        if text.endswith(POWER_OFF[:k]):
            return len(text) - k
    return len(text)


def wait_for_start(guest, deadline):
    """Waits for init's line saying the script starts; returns the offset after it."""
    text = ""
    while True:
        left = deadline - time.monotonic()
        text, exited = guest.wait_more(len(text), min(left, 1) if left > 0 else 0)
        started = STARTED.search(text)
        if started:
            return started.end()
        if PANIC.search(text):
            time.sleep(PANIC_GRACE)
            raise Failure("kernel panic during boot")
        if SHELL_STARTED.search(text):
            raise Failure("the image has no /autorun: init started an interactive shell")
        if exited:
            raise Failure("QEMU exited during boot")
        if left <= 0:
            raise Failure("timeout during boot")


def follow(guest, start, deadline, out):
    """Copies the commands' output to out as it comes until the power-off line; raises
    Failure if something else ends the run."""
    printed = start
    text = ""
    while True:
        left = deadline - time.monotonic()
        text, exited = guest.wait_more(len(text), min(left, 1) if left > 0 else 0)
        end = POWERED_OFF.search(text, start)
        panic = PANIC.search(text, start)
        if panic and (not end or panic.start() < end.start()):
            time.sleep(PANIC_GRACE)
            out.write(guest.output(printed))
            out.flush()
            raise Failure("kernel panic")
        upto = end.start() if end else printable_end(text, printed)
        if upto > printed:
            out.write(text[printed:upto])
            out.flush()
            printed = upto
        if end:
            return
        if SHELL_STARTED.search(text, start):
            raise Failure("the script ended without powering off")
        if exited:
            raise Failure("QEMU exited before the commands ended")
        if left <= 0:
            raise Failure("timeout")


def list_processes(guest):
    """Asks the kernel for its process list (^P) and returns what it printed."""
    mark = guest.mark()
    guest.type(CTRL_P)
    time.sleep(PS_WAIT)
    return guest.output(mark).strip()


def run(args):
    """Boots, runs, and returns the exit status; the failure line goes to standard error."""
    os.makedirs(WORK, exist_ok=True)
    workdir = tempfile.mkdtemp(dir=WORK)
    guest = None
    try:
        image = build_image(workdir, args.make_vars, args.files, args.cmds)
        guest = Guest(qemu_command(args.make_vars, image))
        deadline = time.monotonic() + args.timeout
        try:
            start = wait_for_start(guest, deadline)
        except Failure as e:
            sys.stderr.write(guest.output())  # the boot messages say what went wrong
            print(f"batch: FAILED: {e} (whole console in {LOG})", file=sys.stderr)
            return 1
        try:
            follow(guest, start, deadline, sys.stdout)
        except Failure as e:
            why = str(e)
            if why.startswith("timeout"):
                why += f" after {args.timeout} s"
                procs = list_processes(guest)
                if procs:
                    print("batch: processes at the timeout:\n" + procs, file=sys.stderr)
            print(f"batch: FAILED: {why} (whole console in {LOG})", file=sys.stderr)
            return 1
        _, exited = guest.wait_more(len(guest.output()), POWER_OFF_WAIT)
        if not exited:
            print(f"batch: FAILED: the machine did not power off within {POWER_OFF_WAIT} s",
                  file=sys.stderr)
            return 1
        return 0
    finally:
        if guest:
            guest.kill()
            with open(LOG, "w", encoding="utf-8", errors="replace") as f:
                f.write(guest.output())
        shutil.rmtree(workdir, ignore_errors=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cmds", default="", help="the command line to run in the shell")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds for the whole run, boot included (default 300)")
    ap.add_argument("items", nargs="*", metavar="NAME=VALUE | FILE",
                    help="make variables passed to `make print-qemu` and `make print-fs` "
                         "(ARCH, CPUS, MEM, FORK, TESTHOOKS), and extra files for the image")
    args = ap.parse_intermixed_args()
    args.make_vars = [i for i in args.items if MAKE_VAR.match(i)]
    args.files = [i for i in args.items if not MAKE_VAR.match(i)]
    return args


def main():
    os.chdir(REPO)
    # SIGTERM (make killed, a test's timeout) ends like ^C: the finally clause stops QEMU.
    signal.signal(signal.SIGTERM, lambda signo, frame: sys.exit(128 + signo))
    args = parse_args()
    global LOG  # in the build directory of the ARCH given (build/, or build/i386/)
    LOG = os.path.join(make_print("print-var", args.make_vars + ["VAR=B"])[0], "run.log")
    missing = [f for f in args.files if not os.path.isfile(f)]
    if missing:
        print(f"batch: no such file: {' '.join(missing)}", file=sys.stderr)
        return 2
    try:
        return run(args)
    except BrokenPipeError:  # whoever read our output stopped reading
        return 1
    except (OSError, RuntimeError) as e:
        print(f"batch: cannot run: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
