# An xv6-family tree in a scratch copy: which architecture it is, a submission's files copied
# over it, the lab's programs added to its UPROGS, its own build, and a fresh image per test.
import os
import re
import shutil
import subprocess

from grading.console import make_env

BUILD_TIMEOUT = 900
SKIPPED = shutil.ignore_patterns(".git", ".grade-*")
PRISTINE = ".grade-fs.img"  # the image as built, copied over fs.img before every test
UPROGS_LINE = re.compile(r"^UPROGS\s*[:+]?=")
FIRST_ERROR = re.compile(r"\berror\b|undefined reference|No rule to make target", re.IGNORECASE)
MAKE_STOP = re.compile(r"^make(\[\d+\])?: \*\*\*")


class NotATree(Exception):
    pass


class Layout:
    """Where a kind of tree keeps its programs and what builds and boots it."""

    def __init__(self, arch, prog_dir, entry, targets, boot):
        self.arch = arch            # riscv or i386 (the lab's expected-file names)
        self.prog_dir = prog_dir    # where NAME.c goes
        self.entry = entry          # UPROGS word for NAME
        self.targets = targets      # make targets that build the kernel and the image
        self.boot = boot            # make target that boots headless


RISCV = Layout("riscv", "user", "$U/_{}", ["kernel/kernel", "fs.img"], "qemu")
X86 = Layout("i386", ".", "_{}", ["xv6.img", "fs.img"], "qemu-nox")


def detect(tree):
    """The layout of tree, or NotATree saying why not (README: detection rules)."""
    makefile = os.path.join(tree, "Makefile")
    if not os.path.isfile(makefile):
        raise NotATree(f"{tree}: no Makefile")
    with open(makefile, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if not re.search(r"^UPROGS\s*[:+]?=", text, re.MULTILINE):
        raise NotATree(f"{tree}: its Makefile has no UPROGS")
    if (os.path.isdir(os.path.join(tree, "kernel")) and os.path.isdir(os.path.join(tree, "user"))
            and re.search(r"riscv64|qemu-system-riscv", text)):
        return RISCV
    root_c = [f for f in os.listdir(tree) if f.endswith(".c")]
    if root_c and re.search(r"^xv6\.img\s*:", text, re.MULTILINE):
        return X86
    raise NotATree(f"{tree}: neither an xv6-riscv tree (kernel/, user/, a riscv64 toolchain "
                   "in the Makefile) nor an x86 xv6 tree (C files at the top, an xv6.img rule)")


def copy_tree(src, dst):
    shutil.copytree(src, dst, ignore=SKIPPED, symlinks=True)


def overlay(submission, tree):
    """Copies every file of submission over tree (same relative paths), dated now so that
    make rebuilds what they change; returns their relative paths."""
    copied = []
    for root, dirs, files in os.walk(submission):
        dirs[:] = [d for d in dirs if d != ".git"]
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), submission)
            dst = os.path.join(tree, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.lexists(dst):
                os.unlink(dst)
            shutil.copyfile(os.path.join(root, f), dst)
            copied.append(rel)
    return sorted(copied)


def add_uprogs(tree, entries):
    """Adds the entries missing from the Makefile's UPROGS, in a line right after its
    definition (so that rules read later, such as fs.img's, see them)."""
    path = os.path.join(tree, "Makefile")
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    listed, end = [], None
    for start in [i for i, l in enumerate(lines) if UPROGS_LINE.match(l)]:
        stop = start
        while lines[stop].rstrip().endswith("\\") and stop + 1 < len(lines):
            stop += 1
        listed += " ".join(lines[start:stop + 1]).split()
        end = stop if end is None else end
    missing = [e for e in entries if e not in listed]
    if missing:
        lines.insert(end + 1, "UPROGS += " + " ".join(missing) + "  # added by tools/grade")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


def install_programs(tree, layout, programs):
    """Puts the lab's programs into the tree: sources (and the lab's headers) where its own
    programs' sources are, ready binaries as already built; all of them in UPROGS."""
    names = {"source": "{}.c", "binary": "_{}", "header": "{}"}
    for name, (kind, path) in programs.items():
        dst = os.path.join(tree, layout.prog_dir, names[kind].format(name))
        if os.path.lexists(dst):
            os.unlink(dst)
        shutil.copyfile(path, dst)
        if kind == "binary":
            os.chmod(dst, 0o755)
    add_uprogs(tree, [layout.entry.format(n) for n, (kind, _) in programs.items()
                      if kind != "header"])


def first_error(output):
    """The compiler's (or other tool's) first error line; make's own "***" lines only when
    nothing else says what went wrong."""
    lines = [l.strip() for l in output.split("\n") if l.strip()]
    said = [l for l in lines if not MAKE_STOP.match(l)]
    for line in said:
        if FIRST_ERROR.search(line):
            return line
    if said:
        return said[-1]
    return lines[0] if lines else "make failed with no message"


def build(tree, layout):
    """Builds the kernel and the image with the tree's Makefile; returns (None, output) or
    (the compiler's first error, output)."""
    try:
        p = subprocess.run(["make", "--no-print-directory"] + layout.targets, cwd=tree,
                           env=make_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace",
                           timeout=BUILD_TIMEOUT, start_new_session=True)
    except subprocess.TimeoutExpired as e:
        out = e.stdout if isinstance(e.stdout, str) else ""
        return f"the build did not end within {BUILD_TIMEOUT} s", out
    if p.returncode != 0:
        return first_error(p.stdout), p.stdout
    shutil.copy2(os.path.join(tree, "fs.img"), os.path.join(tree, PRISTINE))
    return None, p.stdout


def fresh_image(tree):
    """fs.img as the build made it (its date too, so make does not rebuild it)."""
    shutil.copy2(os.path.join(tree, PRISTINE), os.path.join(tree, "fs.img"))
