# Grading an xv6-family tree: a scratch copy (a base tree with a submission's files over it, or
# a whole tree), the lab's programs added, one build, then each test on a fresh boot and image.
import os
import shutil
import tempfile
import time

from grading import console, xv6tree
from grading.report import Result, judged

DEFAULT_TIMEOUT = 120


class Prepared:
    """A scratch tree ready to build: its directory and layout."""

    def __init__(self, path, layout):
        self.path = path
        self.layout = layout


def prepare(scratch_root, programs, tree=None, base=None, submission=None):
    """A scratch copy of tree, or of base with submission's files over it, holding the lab's
    programs. base may be a scratch tree built already (its objects are then reused)."""
    source = tree or base
    layout = xv6tree.detect(source)
    path = tempfile.mkdtemp(prefix="tree-", dir=scratch_root)
    os.rmdir(path)
    xv6tree.copy_tree(source, path)
    if submission:
        xv6tree.overlay(submission, path)
    xv6tree.install_programs(path, layout, programs)
    return Prepared(path, layout)


def run_test(prepared, test, default_timeout):
    t0 = time.monotonic()
    xv6tree.fresh_image(prepared.path)
    timeout = test.timeout or default_timeout
    try:
        output, text, qemu = console.run_commands(prepared.path, prepared.layout.boot,
                                                  test.commands, timeout)
    except console.Stopped as e:
        return Result(test, e.verdict, e.detail, output=e.output, console=e.console,
                      seconds=time.monotonic() - t0, qemu_seconds=e.seconds)
    return judged(test, output, text, time.monotonic() - t0, qemu)


def grade(prepared, tests, default_timeout=DEFAULT_TIMEOUT, on_result=None, log=None):
    """Builds the tree and runs every test; returns [Result]. A build that fails gives every
    test the verdict BUILD with the compiler's first error."""
    error, output = xv6tree.build(prepared.path, prepared.layout)
    if log:
        log.write(f"=== build ({' '.join(prepared.layout.targets)})\n{output}\n")
    results = []
    for test in tests.values():
        if error:
            result = Result(test, "BUILD", error)
        else:
            result = run_test(prepared, test, default_timeout)
        results.append(result)
        if log:
            log.write(f"=== {test.name}: {result.verdict} {result.detail}\n"
                      f"typed: {' ; '.join(test.commands)}\n{result.console}\n")
        if on_result:
            on_result(result)
    return results


def discard(prepared, keep=False):
    if not keep:
        shutil.rmtree(prepared.path, ignore_errors=True)
