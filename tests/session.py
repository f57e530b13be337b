# The scripted console session of `make test`: what a new user types in the first hour, typed
# at the console a character at a time through tests/run.py's Guest, with each answer checked.
"""The console session: tests/run.py boots a guest on the test image and calls run_session.

Every step types text (control characters included: ^C is "\x03", ^D is "\x04"), waits for the
shell's next prompt and checks the output since the typing began with regular expressions
(multi-line: ^ and $ match at line ends, so a pattern can tell output from the echoed command).
Only the shell, the commands of user/bin, the example `hello` and three small programs of the
test image (`spin`, `forkloop`, `fginit`) are used, and nothing depends on the architecture, so
every port can run the same session.
"""

import re
import time

NEXT_PROMPT = r"\n\$ "     # the shell's prompt, always at the start of a line
STEP_TIMEOUT = 30          # seconds for a step's prompt (a 100 s sleep is ^C'd long before)
INTERRUPT_DELAY = 1.0      # seconds a program runs before ^C, so it is surely running
PIPE_STAGES = 30           # the pipeline the session runs; the shell's limit is 32 commands
TOO_MANY_STAGES = 33
CONSOLE_LINE_MAX = 511     # characters the console takes in one line
FORK_RACE_TRIES = 3        # ^C lands inside fork now and then: each try is a chance to see it


def pipeline(stages, word):
    return "echo " + word + " | cat" * (stages - 1)


class Console:
    """Types steps at a booted guest's shell and records one check per step."""

    def __init__(self, guest, results, label):
        self.guest = guest
        self.results = results
        self.label = label
        self.lost = None  # the step after which the prompt never came back


    def step(self, name, parts, expect=(), forbid=(), timeout=STEP_TIMEOUT, prompts=1):
        """Types parts (strings, or numbers: pauses in seconds), waits for the prompt (the
        prompts-th one, when a key reprints it) and checks that every pattern of expect matches
        the output and none of forbid does. Returns the output, or None when the prompt never
        came back. Once a prompt is lost, the steps after it would only type into a busy shell:
        they fail at once, as not run."""
        if self.lost:
            self.results.bad(f"{self.label}: {name}", f"not run: no prompt after '{self.lost}'")
            return None
        start = self.guest.mark()
        for part in parts:
            if isinstance(part, str):
                self.guest.type(part)
            else:
                time.sleep(part)
        m, why = self.guest.wait_for(NEXT_PROMPT, start, timeout)
        for _ in range(prompts - 1):
            if m:
                m, why = self.guest.wait_for(NEXT_PROMPT, m.end(), timeout)
        out = self.guest.output(start, m.start() + 1 if m else None)
        problems = []
        if why:
            problems.append(f"no prompt ({why})")
            self.lost = name
        problems += [f"missing {p!r}" for p in expect if not re.search(p, out, re.MULTILINE)]
        problems += [f"unexpected {p!r}" for p in forbid if re.search(p, out, re.MULTILINE)]
        shown = out if len(out) < 600 else out[:250] + " [...] " + out[-250:]
        self.results.check(not problems, f"{self.label}: {name}",
                           f"{name}: {'; '.join(problems)}; output was {shown!r}")
        return None if why else out


def interrupts(con):
    """^C ends the foreground job, whatever it is doing; never the shell."""
    con.step("^C ends a sleeping program",
             ["sleep 100\n", INTERRUPT_DELAY, "\x03"], expect=[r"\^C"])
    con.step("a program ended by ^C has status 130, as in Unix", ["echo status=$?\n"],
             expect=[r"^status=130$"])
    con.step("^C ends a program that never makes a system call",
             ["spin\n", INTERRUPT_DELAY, "\x03"], expect=[r"\^C"])
    con.step("^C ends every stage of a pipeline reading the console",
             ["cat | grep never\n", INTERRUPT_DELAY, "\x03"], expect=[r"\^C"])
    con.step("^C ends a ( ) group and its children",
             ["(sleep 5; echo ESCAPED)\n", INTERRUPT_DELAY, "\x03"], expect=[r"\^C"])
    for attempt in range(1, FORK_RACE_TRIES + 1):
        con.step(f"^C of a program that forks all the time, try {attempt}",
                 ["forkloop\n", INTERRUPT_DELAY, "\x03"], expect=[r"\^C"])
        con.step(f"no child of it escaped, try {attempt}", ["ps\n"], forbid=[r" forkloop$"])
    con.step("^C with init's group in the foreground kills no one, not init",
             ["fginit\n", INTERRUPT_DELAY, "\x03"], expect=[r"^fginit: done$"],
             forbid=[r"init exited"])
    con.step("^C at the prompt drops the line and prompts again",
             ["echo dropped", "\x03"], expect=[r"\^C"], forbid=[r"^dropped$"])
    con.step("nothing ^C'd is left running, the shell is",
             ["ps\n"], expect=[r" sh$", r" ps$"], forbid=[r" (sleep|spin|cat|grep)$"])


def long_lines(con):
    """The console refuses an over-long line whole; lines past the old 127 are not cut."""
    con.step("a 300-character line runs whole", ["echo " + "y" * 300 + "\n"],
             expect=[r"^" + "y" * 300 + "$"])
    con.step("an over-long line is refused with a message, never run",
             ["echo " + "x" * (CONSOLE_LINE_MAX + 100) + "\n"],
             expect=[r"line too long"], forbid=[r"^x+$"])
    con.step("the shell is fine after it", ["echo still here\n"], expect=[r"^still here$"])
    over = CONSOLE_LINE_MAX - len("echo ") + 9  # 9 characters too many, then 10 erased
    con.step("erasing back under the limit makes a long line acceptable again",
             ["echo " + "z" * over + "\x7f" * 10 + "\n"], expect=[r"^" + "z" * (over - 10) + "$"],
             forbid=[r"line too long"])
    con.step("^U erases a line past the limit whole", ["echo " + "w" * 600 + "\x15echo fresh\n"],
             expect=[r"^fresh$"], forbid=[r"line too long"])


def pipelines(con):
    con.step(f"a {PIPE_STAGES}-stage pipeline", [pipeline(PIPE_STAGES, "piped") + "\n"],
             expect=[r"^piped$"], forbid=[r"killed", r"bad address"])
    con.step("beyond the limit, a message", [pipeline(TOO_MANY_STAGES, "nope") + "\n"],
             expect=[r"^sh: pipeline too long"], forbid=[r"^nope$"])


def shell_features(con):
    con.step(">> appends", ["echo one > f; echo two >> f; cat f\n"], expect=[r"^one\ntwo$"])
    con.step("$? after a failure", ["cat nosuch; echo status=$?\n"],
             expect=[r"^cat: nosuch: no such file or directory$", r"^status=1$"])
    con.step("not found", ["nosuchcmd\n"], expect=[r"^sh: nosuchcmd: not found$"],
             forbid=[r"exec"])
    con.step("$? of not found", ["echo status=$?\n"], expect=[r"^status=127$"])
    con.step("a redirection says why it failed", ["cat < nosuch\n"],
             expect=[r"^sh: nosuch: no such file or directory$"])
    out = con.step("& prints the new pid", ["sleep 100 &\n"], expect=[r"^\[\d+\]$"])
    pid = re.search(r"^\[(\d+)\]$", out or "", re.MULTILINE)
    pid = pid.group(1) if pid else "0"
    con.step("^P lists the processes as ps does, then the prompt again", [1.0, "\x10"],
             expect=[r"^\s+PID\s+PPID\s+PGID\s+STATE\s+KiB\s+NAME$",
                     r"^\s+1\s+0\s+1 sleep\s+\d+ init$",
                     rf"^\s*{pid}\s+\d+\s+\d+ (sleep|ready|run)\s+\d+ (sleep|sh)$"])
    con.step("kill -9 ends it; the shell reports the end as Unix shells do",
             [f"kill -9 {pid}; sleep 1\n"], expect=[rf"^\[{pid}\] terminated$"])
    con.step("wait reports a killed job and $? is 143",
             ["sleep 100 &\n", "kill $!; wait $!; echo status=$?\n"],
             expect=[r"^\[\d+\] terminated$", r"^status=143$"], prompts=2)
    con.step("^C during wait ends the job waited for, not the shell",
             ["sleep 100 &\n", "wait; echo status=$?\n", INTERRUPT_DELAY, "\x03"],
             expect=[r"\^C", r"^\[\d+\] interrupted$", r"^status=130$"], prompts=2)
    con.step("no sleep is left", ["ps\n"], forbid=[r" sleep$"])


def command_options(con):
    con.step("wc -l -w -c", ["wc -l -w -c f; wc -l f; wc -wc f\n"],
             expect=[r"^2 2 8 f$", r"^2 f$", r"^2 8 f$"])
    con.step("an unknown option is rejected with a usage line", ["wc -z f\n"],
             expect=[r"^wc: unknown option -z$", r"^usage: wc "], forbid=[r"^\d+ \d+ \d+"])
    con.step("a fruit file", ["echo Apple > g; echo banana >> g; echo APPLE pie >> g\n"])
    con.step("grep -i", ["grep -i apple g\n"], expect=[r"^Apple$", r"^APPLE pie$"],
             forbid=[r"^banana$"])
    con.step("grep -v -c -n", ["grep -v -i apple g; grep -c -i apple g; grep -n an g\n"],
             expect=[r"^banana$", r"^2$", r"^2:banana$"])
    con.step("echo -n", ["echo -n ab; echo cd\n"], expect=[r"^abcd$"])
    con.step("kill rejects other signals", ["kill -15 1\n"],
             expect=[r"^kill: unknown option -15", r"^usage: kill"])
    con.step("ls rejects an unknown option", ["ls -l\n"],
             expect=[r"^ls: unknown option -l$", r"^usage: ls"])


def directories(con):
    con.step("cat of a directory is an error", ["mkdir d; echo x > d/file; cat d\n"],
             expect=[r"^cat: d: is a directory$"])
    con.step("rm refuses a directory", ["rm d\n"], expect=[r"^rm: cannot remove d: is a directory"])
    con.step("rmdir refuses a full one, saying why", ["rmdir d\n"],
             expect=[r"^rmdir: cannot remove d: directory not empty$"])
    con.step("rmdir removes an empty one", ["rm d/file; rmdir d; ls d\n"],
             expect=[r"^ls: d: no such file or directory$"])
    con.step("pwd", ["pwd; mkdir p; cd p; pwd; cd ..; rmdir p\n"], expect=[r"^/$", r"^/p$"])
    con.step("cd .. out of a directory removed meanwhile",
             ["mkdir q; cd q; rmdir /q; cd ..; pwd\n"],
             expect=[r"^/$"], forbid=[r"cd:"])


UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
HOME, END, DELETE = "\x1b[H", "\x1b[F", "\x1b[3~"


def line_editing(con):
    """The console's line editor: keys move and edit in the line, Up and Down recall lines,
    ^L and ^P reprint it; no escape sequence or unused control key is ever entered."""
    con.step("an arrow at an empty prompt enters nothing", [UP + DOWN + LEFT + RIGHT + "\n"],
             forbid=[r"not found", r"\^\["])
    con.step("a first line to recall", ["echo first\n"], expect=[r"^first$"])
    con.step("Up recalls it", [UP + "\n"], expect=[r"^first$"], forbid=[r"not found"])
    con.step("a second line", ["echo second\n"], expect=[r"^second$"])
    con.step("Up Up Down recalls the newer of the two", [UP + UP + DOWN + "\n"],
             expect=[r"^second$"], forbid=[r"^first$"])
    con.step("Down past the newest brings back what was being typed",
             ["echo draft", UP, DOWN, "\n"], expect=[r"^draft$"])
    con.step("Left, then typing inserts in the middle", ["echo ac" + LEFT + "b\n"],
             expect=[r"^abc$"])
    con.step("Backspace in the middle erases before the cursor",
             ["echo abxc" + LEFT + "\x7f\n"], expect=[r"^abc$"])
    con.step("Home and End", ["cho x" + HOME + "e" + END + "y\n"], expect=[r"^xy$"])
    con.step("Delete erases under the cursor", ["echo abXc" + LEFT + LEFT + DELETE + "\n"],
             expect=[r"^abc$"])
    con.step("unknown escape sequences (F1, F12, Alt-x) are never entered",
             ["echo a\x1bOPb\x1b[24~c\x1bxd\n"], expect=[r"^abcd$"], forbid=[r"24~", r"not found"])
    con.step("Tab, ^Z and other unused control keys are not entered",
             ["echo a\tb\x1ac\x02d\n"], expect=[r"^abcd$"], forbid=[r"^a b"])
    con.step("^L clears the screen and reprints the prompt and the line",
             ["echo cl\x0c", 0.5, "ear\n"], expect=[r"\x1b\[2J\$ echo cl", r"^clear$"])
    con.step("^P in the middle of a line lists the processes, then reprints the line",
             ["echo mi\x10", 1.0, "d\n"],
             expect=[r"^\s*\d+\s+1\s+\d+ sleep\s+\d+ sh$", r"^\$ echo mi", r"^mid$"], prompts=2)


def run_session(guest, results, label, cpus):
    """The whole session on a booted guest whose boot output is already in guest.output()."""
    con = Console(guest, results, label)
    boot = guest.output()
    harts = "hart" if cpus == 1 else "harts"
    results.check(re.search(rf"^moo: {cpus} {harts}, ", boot, re.MULTILINE) is not None,
                  f"{label}: the banner says {cpus} {harts}", "banner: " +
                  (re.search(r"^moo: .*$", boot, re.MULTILINE) or ["none"])[0])
    con.step("a first command", ["echo hello\n"], expect=[r"^hello$"])
    con.step("the example built with README's command line runs", ["hello world\n"],
             expect=[r"^hello from hello world$"])
    interrupts(con)
    long_lines(con)
    pipelines(con)
    shell_features(con)
    line_editing(con)
    command_options(con)
    directories(con)
    con.step("sleep takes seconds", ["sleep 0.5; echo slept\n"], expect=[r"^slept$"])
    con.step("^D at the prompt: the line ends, a new shell starts, no '$ $'", ["\x04"],
             expect=[r"\A\ninit: starting sh\n\Z"], forbid=[r"\$ \$"])
    con.step("the new shell works", ["echo again\n"], expect=[r"^again$"])
    results.check(not re.search(r"^ESCAPED$", guest.output(), re.MULTILINE),
                  f"{label}: the ( ) group ^C'd never went on", "ESCAPED was printed")
