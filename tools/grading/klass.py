# A whole class: every submission under a directory graded on its own scratch tree, several at
# once, with a progress line; one table (CSV and Markdown) and a log per submission.
import concurrent.futures
import os
import sys
import threading
import time
import traceback

from grading import report, treegrade, xv6tree


class Progress:
    """The progress line on standard error: one line per submission done (rewritten in place
    on a terminal)."""

    def __init__(self, total):
        self.total = total
        self.done = 0
        self.running = set()
        self.lock = threading.Lock()
        self.t0 = time.monotonic()
        self.tty = sys.stderr.isatty()

    def show(self, last=""):
        running = ", ".join(sorted(self.running)) or "-"
        line = (f"grading: {self.done}/{self.total} done, running: {running}, "
                f"{time.monotonic() - self.t0:.0f} s{last}")
        sys.stderr.write(("\r\033[K" + line) if self.tty else line + "\n")
        sys.stderr.flush()

    def start(self, name):
        with self.lock:
            self.running.add(name)
            if self.tty:
                self.show()

    def finish(self, name, results):
        with self.lock:
            self.running.discard(name)
            self.done += 1
            got, total = report.score(results)
            self.show(f"; {name}: {got}/{total}")
            if self.tty and self.done == self.total:
                sys.stderr.write("\n")


def submissions(class_dir):
    return sorted(d for d in os.listdir(class_dir)
                  if os.path.isdir(os.path.join(class_dir, d)) and not d.startswith("."))


def grade_one(args, tests, programs, name, base_built, progress):
    progress.start(name)
    path = os.path.join(args.class_dir, name)
    with open(os.path.join(args.out, "logs", name + ".log"), "w", encoding="utf-8",
              errors="replace") as log:
        try:
            if base_built:
                prepared = treegrade.prepare(args.scratch, programs, base=base_built.path,
                                             submission=path)
            else:
                prepared = treegrade.prepare(args.scratch, programs, tree=path)
        except (xv6tree.NotATree, OSError) as e:
            results = [report.Result(t, "BUILD", f"not graded: {e}") for t in tests.values()]
        else:
            try:
                results = treegrade.grade(prepared, tests, args.timeout, log=log)
            except Exception as e:  # one submission's trouble must not stop the class
                log.write(traceback.format_exc())
                results = [report.Result(t, "FAIL", f"grader error: {e}") for t in tests.values()]
            treegrade.discard(prepared, args.keep)
        for r in results:
            log.write("\n".join(report.describe(r)) + "\n")
        got, total = report.score(results)
        log.write(f"score: {got}/{total}\n")
    progress.finish(name, results)
    return results


def grade_class(args, tests, programs):
    """Grades every submission; writes the tables; returns [(submission, [Result])]."""
    names = submissions(args.class_dir)
    os.makedirs(os.path.join(args.out, "logs"), exist_ok=True)
    base_built = None
    if args.base:
        # The base is built once; each submission's copy rebuilds only what it changes.
        base_built = treegrade.prepare(args.scratch, programs, tree=args.base)
        error, output = xv6tree.build(base_built.path, base_built.layout)
        if error:
            treegrade.discard(base_built)
            raise RuntimeError(f"the base tree does not build: {error}")
    progress = Progress(len(names))
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(grade_one, args, tests, programs, n, base_built, progress)
                       for n in names]
            graded = [(n, f.result()) for n, f in zip(names, futures)]
    finally:
        if base_built:
            treegrade.discard(base_built, args.keep)
    test_names = list(tests)
    for ext, text in (("csv", report.csv_text), ("md", report.markdown_text)):
        with open(os.path.join(args.out, "grades." + ext), "w", encoding="utf-8") as f:
            f.write(text(test_names, graded))
    return graded
