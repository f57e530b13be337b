# One boot of a tree's `make qemu` as a console: waits for the shell's prompt, types commands,
# returns each command's output, and notices a kernel panic, a hang or QEMU ending.
import os
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tests"))
from run import Guest  # noqa: E402  (the test runner's console reader)

PROMPT = re.compile(r"(?:^|\n)\$ ")
PANIC_LINE = re.compile(r"^.*\bpanic: .*$", re.MULTILINE)
PANIC_GRACE = 0.5  # seconds for the rest of a panic message to arrive
LAST_LINES = 3     # lines shown with a timeout


class Stopped(Exception):
    """The test ended early: verdict is PANIC, TIMEOUT or FAIL, detail says what was seen."""

    def __init__(self, verdict, detail):
        super().__init__(f"{verdict}: {detail}")
        self.verdict = verdict
        self.detail = detail


def make_env():
    """The environment for a make of another tree: none of our own make's settings."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


class Console(Guest):
    """`make TARGET` in a tree (its own session, so that stopping it stops QEMU too), the
    console read as the test runner's Guest reads it."""

    def __init__(self, tree, target, deadline):
        self.verbose = False
        self.deadline = deadline
        self.text = ""
        self.exited = False
        self.cond = threading.Condition()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(["make", "--no-print-directory", target], cwd=tree,
                                     env=make_env(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        Guest.live.add(self)  # stopped at exit, and by tools/grade on ^C
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def last_lines(self, start=0):
        lines = [l for l in self.text[start:].split("\n") if l.strip()]
        return " | ".join(lines[-LAST_LINES:]) or "(no output)"

    def wait_prompt(self, start):
        """Waits for the prompt after offset start; returns the offset of its start."""
        with self.cond:
            while True:
                m = PROMPT.search(self.text, start)
                panic = PANIC_LINE.search(self.text, start)
                if panic:
                    self.cond.release()
                    time.sleep(PANIC_GRACE)
                    self.cond.acquire()
                    raise Stopped("PANIC", PANIC_LINE.search(self.text, start).group(0).strip())
                if m:
                    return m.start() + (1 if m.group(0).startswith("\n") else 0)
                if self.exited:
                    raise Stopped("FAIL", "QEMU exited: " + self.last_lines())
                left = self.deadline - time.monotonic()
                if left <= 0:
                    raise Stopped("TIMEOUT", "last lines: " + self.last_lines())
                self.cond.wait(min(left, 0.5))

    def run(self, command):
        """Types command at the prompt; returns its output (the echo of the line left out)."""
        with self.cond:
            mark = len(self.text)
        try:
            self.proc.stdin.write(command.encode("latin-1") + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass
        end = self.wait_prompt(mark)
        with self.cond:
            out = self.text[mark:end]
        echo = out.find("\n")  # the console echoes the line typed
        return out[echo + 1:] if echo >= 0 and out[:echo].strip() == command.strip() else out

    def kill(self):
        """Ends make and QEMU (make's child, in the same session) at once."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        Guest.kill(self)


def stop_all():
    """Stops every console still running (on ^C or SIGTERM, from any thread)."""
    for guest in list(Guest.live):
        guest.kill()


def run_commands(tree, target, commands, timeout):
    """Boots, types each command, stops; returns (output of all commands, whole console,
    seconds QEMU ran). Raises Stopped (with .console) when the run ends early."""
    console = Console(tree, target, time.monotonic() + timeout)
    outputs = []
    try:
        console.wait_prompt(0)
        for command in commands:
            outputs.append(console.run(command))
        return "".join(outputs), console.text, time.monotonic() - console.started
    except Stopped as e:
        e.output = "".join(outputs)
        e.console = console.text
        e.seconds = time.monotonic() - console.started
        raise
    finally:
        console.kill()
