# Grading moo itself (no --kernel): the lab's programs built with moo's user library for ARCH,
# each test a headless run of tools/batch.py on a fresh copy of moo's image.
import os
import re
import subprocess
import sys
import time

from grading import console
from grading.report import Result, judged
from grading.xv6tree import first_error

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BATCH_FAILURE = re.compile(r"^batch: (?:FAILED|cannot run): (.*)$", re.MULTILINE)


def make(make_vars, target, *words, timeout=None):
    """Runs make in moo's tree with the pass-through variables; (status, out, err)."""
    cmd = ["make", "-s", "--no-print-directory", target] + make_vars + list(words)
    try:
        p = subprocess.run(cmd, cwd=REPO, env=console.make_env(), stdin=subprocess.DEVNULL,
                           timeout=timeout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 124, "", f"make {target} did not end within {timeout} s"


def make_variable(make_vars, name):
    """The value of a make variable: from the command line, else the Makefile's default."""
    for v in make_vars:
        if v.startswith(name + "="):
            return v.split("=", 1)[1]
    status, out, err = make(make_vars, "print-var", "VAR=" + name)
    if status != 0 or not out.strip():
        raise RuntimeError(f"cannot read {name} from the Makefile: {err.strip()}")
    return out.strip().splitlines()[-1]


def build_programs(make_vars, programs, build_dir):
    """{name: path of the binary} and {name: the compiler's first error}."""
    built, failed = {}, {}
    for name, (kind, path) in programs.items():
        if kind == "header":  # included by the sources, from the lab's directory
            continue
        if kind == "binary":
            built[name] = os.path.abspath(path)
            continue
        out = os.path.join(build_dir, "_" + name)
        status, stdout, stderr = make(make_vars, "prog", "SRC=" + os.path.abspath(path),
                                      "OUT=" + out)
        if status == 0:
            built[name] = out
        else:
            failed[name] = first_error(stdout + stderr)
    return built, failed


def run_test(make_vars, test, programs, timeout):
    t0 = time.monotonic()
    timeout = test.timeout or timeout
    cmd = [sys.executable, os.path.join(REPO, "tools", "batch.py"), "--timeout", str(timeout),
           "--cmds", "; ".join(test.commands)] + make_vars + sorted(programs.values())
    try:
        p = subprocess.run(cmd, cwd=REPO, env=console.make_env(), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           errors="replace", timeout=timeout + 120)
        status, output, errors = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        status, output, errors = 124, "", "batch: FAILED: timeout (batch.py did not end)"
    took = time.monotonic() - t0
    if status == 0:
        return judged(test, output, output, took, took)
    failure = BATCH_FAILURE.findall(errors)
    why = failure[-1] if failure else f"batch.py exited {status}: {errors.strip()}"
    panic = console.PANIC_LINE.search(output + errors)
    if "panic" in why and panic:
        return Result(test, "PANIC", panic.group(0).strip(), output=output, seconds=took)
    if why.startswith("timeout"):
        lines = [l for l in output.split("\n") if l.strip()][-console.LAST_LINES:]
        return Result(test, "TIMEOUT", "last lines: " + (" | ".join(lines) or "(no output)"),
                      output=output, seconds=took)
    return Result(test, "FAIL", why, output=output, seconds=took)


def grade(make_vars, tests, programs, build_dir, timeout, on_result):
    """Grades moo with the lab's tests; returns [Result]."""
    built, failed = build_programs(make_vars, programs, build_dir)
    results = []
    for test in tests.values():
        uses = {c.split()[0] for c in test.commands if c.split()}
        broken = sorted(uses & set(failed))
        if test.implicit and test.name not in programs:
            result = Result(test, "FAIL", f"no program: neither {test.name}.c nor a binary "
                                          f"{test.name} or _{test.name} in the lab")
        elif broken:
            result = Result(test, "BUILD", f"{broken[0]}: {failed[broken[0]]}")
        else:
            result = run_test(make_vars, test, built, timeout)
        results.append(result)
        on_result(result)
    return results
