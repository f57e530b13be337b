# A lab directory's tests: which there are for an architecture, the commands each types, and
# the checks its output must pass (expected lines with tolerances, counts, rises, leak checks).
"""Lab directories: NAME.expected / NAME.<ARCH>.expected files and NAME.test files.

A NAME.test file holds one directive a line (# starts a comment):
    type COMMAND LINE         typed at the shell prompt; in order; default: NAME
    repeat K COMMAND LINE     typed K times
    lines                     compare the output with NAME[.ARCH].expected (the default
                              for a test that has no .test file)
    count N REGEX             exactly N output lines match REGEX
    rise TOL BEFORE AFTER     the number AFTER captures minus the number BEFORE captures
                              (first matches, AFTER's after BEFORE's) is within TOL
    same REGEX                the number REGEX captures is the same in its first and last match
    timeout SECONDS           for the whole test, boot included
    points P                  what the test is worth (default 1)
    arch ARCH...              only on these architectures (riscv, i386)
REGEX, BEFORE and AFTER are Python regular expressions, quoted as in the shell when they hold
spaces; each captures its number with its first group. TOL is N (exactly), ~N (within 1%) or
~N+-T.
"""

import os
import re
import shlex

RELATIVE_TOLERANCE = 0.01
APPROX = re.compile(r"~(-?\d+)(?:\+-(\d+))?")
TOLERANCE = re.compile(r"^(~?)(-?\d+)(?:\+-(\d+))?$")


class SpecError(Exception):
    """A .test file that cannot be read; str() says where and why."""


# ---------------------------------------------------------------- tolerances and lines

def bounds(n, t, approx=True):
    n = int(n)
    if t is not None:
        tol = int(t)
    else:
        tol = max(1, int(abs(n) * RELATIVE_TOLERANCE)) if approx else 0
    return n - tol, n + tol


def line_regex(expected):
    """(regex, bounds): the regex captures each ~N of the expected line, bounds are their
    allowed ranges."""
    parts = APPROX.split(expected)
    # split() gives literal, N, T, literal, N, T, ..., literal
    literals = parts[0::3]
    limits = [bounds(n, t) for n, t in zip(parts[1::3], parts[2::3])]
    return re.compile("(-?\\d+)".join(re.escape(l) for l in literals) + r"\Z"), limits


def line_matches(expected, line):
    regex, limits = line_regex(expected)
    m = regex.match(line)
    return bool(m) and all(lo <= int(v) <= hi for v, (lo, hi) in zip(m.groups(), limits))


def clean_lines(text):
    lines = [l.rstrip() for l in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def differences(expected_text, output_text):
    """(line number, expected or None, got or None) for every line that does not match."""
    expected, got = clean_lines(expected_text), clean_lines(output_text)
    diffs = []
    for i in range(max(len(expected), len(got))):
        want = expected[i] if i < len(expected) else None
        have = got[i] if i < len(got) else None
        if want is None or have is None or not line_matches(want, have):
            diffs.append((i + 1, want, have))
    return diffs


def merge_reference(old_text, new_text):
    """The new reference output, keeping the ~N and ~N+-T marks of the old expected file on
    lines that still have the same shape (the marked numbers move to the new values)."""
    old = clean_lines(old_text) if old_text is not None else []
    merged = []
    for i, line in enumerate(clean_lines(new_text)):
        if i < len(old) and APPROX.search(old[i]):
            m = line_regex(old[i])[0].match(line)
            if m:
                values = iter(m.groups())
                line = APPROX.sub(lambda a: "~" + next(values) +
                                  (f"+-{a.group(2)}" if a.group(2) else ""), old[i])
        merged.append(line)
    return "\n".join(merged) + "\n" if merged else ""


# ---------------------------------------------------------------- checks other than lines

def number_in(regex, line):
    m = regex.search(line)
    if not m:
        return None
    try:
        return int(m.group(1))
    except (IndexError, TypeError, ValueError):
        return None


def check_count(lines, n, pattern):
    regex = re.compile(pattern)
    seen = sum(1 for l in lines if regex.search(l))
    if seen == n:
        return None
    return f"{pattern!r} appears {seen} time{'s' if seen != 1 else ''}, expected {n}"


def check_rise(lines, tol, before, after):
    lo, hi = tol
    first = [(i, number_in(re.compile(before), l)) for i, l in enumerate(lines)]
    first = [(i, v) for i, v in first if v is not None]
    if not first:
        return f"no line matches {before!r}"
    start, a = first[0]
    later = [number_in(re.compile(after), l) for l in lines[start + 1:]]
    later = [v for v in later if v is not None]
    if not later:
        return f"no line matches {after!r} after {before!r}"
    rise = later[0] - a
    if lo <= rise <= hi:
        return None
    return f"rose by {rise} ({a} to {later[0]}), expected {lo} to {hi}"


def check_same(lines, pattern):
    values = [number_in(re.compile(pattern), l) for l in lines]
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return f"{pattern!r} matched {len(values)} line(s), need 2"
    if values[0] == values[-1]:
        return None
    return f"{values[0]} first, {values[-1]} last ({pattern!r}): {values[-1] - values[0]:+d}"


# ---------------------------------------------------------------- tests

class Test:
    """One test of a lab: what to type and what to check."""

    def __init__(self, name):
        self.name = name
        self.commands = []
        self.checks = []      # (text for messages, function of the output lines)
        self.lines = False    # compare with the expected file
        self.expected = None  # the expected file for this architecture, if any
        self.timeout = None
        self.points = 1
        self.arches = None
        self.implicit = True  # no .test file: the program is NAME, compared line by line

    def evaluate(self, output):
        """The problems of this output: a list of strings, empty when it passes, and the
        differing lines (for display)."""
        problems, diffs = [], []
        lines = clean_lines(output)
        if self.lines:
            if not self.expected:
                problems.append("no expected output for this architecture (make one with "
                                "tools/grade LAB --reference ARCH)")
            else:
                with open(self.expected, encoding="utf-8", errors="replace") as f:
                    diffs = differences(f.read(), output)
                if diffs:
                    problems.append("1 line differs" if len(diffs) == 1
                                    else f"{len(diffs)} lines differ")
        for _, check in self.checks:
            why = check(lines)
            if why:
                problems.append(why)
        return problems, diffs


def parse_tolerance(word, where):
    m = TOLERANCE.match(word)
    if not m:
        raise SpecError(f"{where}: {word!r} is not N, ~N or ~N+-T")
    return bounds(m.group(2), m.group(3), approx=bool(m.group(1)))


def parse_directive(test, words, rest, where):
    """Applies one line of a .test file."""
    what, args = words[0], words[1:]

    def need(n):
        if len(args) != n:
            raise SpecError(f"{where}: {what} takes {n} argument{'s' if n != 1 else ''}")

    if what == "type":
        test.commands.append(rest)
    elif what == "repeat":
        k, _, command = rest.partition(" ")
        if not k.isdigit() or not command.strip():
            raise SpecError(f"{where}: repeat K COMMAND")
        test.commands += [command.strip()] * int(k)
    elif what == "lines":
        need(0)
        test.lines = True
    elif what == "count":
        need(2)
        n, pattern = int(args[0]), args[1]
        re.compile(pattern)
        test.checks.append((f"count {n} {pattern}", lambda ls: check_count(ls, n, pattern)))
    elif what == "rise":
        need(3)
        tol, before, after = parse_tolerance(args[0], where), args[1], args[2]
        re.compile(before), re.compile(after)
        test.checks.append((f"rise {args[0]}", lambda ls: check_rise(ls, tol, before, after)))
    elif what == "same":
        need(1)
        pattern = args[0]
        re.compile(pattern)
        test.checks.append((f"same {pattern}", lambda ls: check_same(ls, pattern)))
    elif what in ("timeout", "points"):
        need(1)
        setattr(test, what, float(args[0]) if what == "timeout" else int(args[0]))
    elif what == "arch":
        test.arches = set(args)
    else:
        raise SpecError(f"{where}: unknown directive {what!r}")


def read_spec(test, path):
    test.implicit = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            where = f"{path}:{number}"
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                words = shlex.split(line)
                parse_directive(test, words, line.partition(" ")[2].strip(), where)
            except (ValueError, re.error) as e:
                raise SpecError(f"{where}: {e}")
    if not test.lines and not test.checks:
        raise SpecError(f"{path}: checks nothing (add lines, count, rise or same)")


def find_tests(lab, arch, programs=()):
    """The lab's tests for arch, by name: a NAME.test file, or an expected file
    (NAME.expected, or NAME.<ARCH>.expected, preferred), or one of programs (for a
    reference, which writes the expected file such a test lacks)."""
    tests = {name: Test(name) for name in programs}
    names = sorted(os.listdir(lab))
    for f in names:
        stem, ext = os.path.splitext(f)
        if ext == ".expected" and "." not in stem:
            tests.setdefault(stem, Test(stem)).expected = os.path.join(lab, f)
    for f in names:
        stem, ext = os.path.splitext(f)
        if ext == ".expected" and stem.endswith("." + arch) and "." not in stem[:-len(arch) - 1]:
            name = stem[:-len(arch) - 1]
            tests.setdefault(name, Test(name)).expected = os.path.join(lab, f)
    for f in names:
        stem, ext = os.path.splitext(f)
        if ext == ".test" and "." not in stem:
            read_spec(tests.setdefault(stem, Test(stem)), os.path.join(lab, f))
    for test in tests.values():
        if test.implicit:
            test.lines = True
        if not test.commands:
            test.commands = [test.name]
    return {n: t for n, t in sorted(tests.items()) if t.arches is None or arch in t.arches}


def reference_path(lab, test, arch):
    return os.path.join(lab, f"{test.name}.{arch}.expected")
