# Verdicts: one test's result, how it is printed, and the class table (CSV and Markdown).
import csv
import io

MAX_SHOWN = 10  # differing lines shown per test
VERDICTS = ("PASS", "FAIL", "PANIC", "TIMEOUT", "BUILD")


class Result:
    def __init__(self, test, verdict, detail="", diffs=(), output="", console="", seconds=0.0,
                 qemu_seconds=0.0):
        self.name = test.name
        self.points = test.points
        self.verdict = verdict
        self.detail = detail
        self.diffs = list(diffs)
        self.output = output
        self.console = console
        self.seconds = seconds
        self.qemu_seconds = qemu_seconds


def judged(test, output, console="", seconds=0.0, qemu_seconds=0.0):
    """The result of a run that ended normally: PASS or FAIL by the test's checks."""
    problems, diffs = test.evaluate(output)
    return Result(test, "FAIL" if problems else "PASS", "; ".join(problems), diffs, output,
                  console, seconds, qemu_seconds)


def describe(result):
    """The lines printed for a result."""
    took = f"({result.seconds:.1f} s)"
    if result.verdict == "PASS":
        return [f"{result.name}: PASS {took}"]
    lines = [f"{result.name}: {result.verdict}: {result.detail} {took}"]
    for number, want, have in result.diffs[:MAX_SHOWN]:
        where = f"    line {number}: "
        lines.append(f"{where}expected: {want if want is not None else '(no line)'}")
        lines.append(f"{' ' * len(where)}     got: {have if have is not None else '(no line)'}")
    if len(result.diffs) > MAX_SHOWN:
        lines.append(f"    ... and {len(result.diffs) - MAX_SHOWN} more")
    return lines


def score(results):
    """(points earned, points possible)."""
    return (sum(r.points for r in results if r.verdict == "PASS"),
            sum(r.points for r in results))


def table_rows(test_names, graded):
    """Rows of the class table: graded is [(submission, [Result])] in order."""
    rows = []
    for submission, results in graded:
        by_name = {r.name: r.verdict for r in results}
        got, total = score(results)
        rows.append([submission] + [by_name.get(n, "-") for n in test_names]
                    + [f"{got}/{total}"])
    return rows


def csv_text(test_names, graded):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["submission"] + test_names + ["score"])
    w.writerows(table_rows(test_names, graded))
    return out.getvalue()


def markdown_text(test_names, graded):
    header = ["submission"] + test_names + ["score"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in table_rows(test_names, graded):
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
