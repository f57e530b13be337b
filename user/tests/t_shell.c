/* In-guest suite t_shell: the shell on scripts, as MIT's usertests run it: >>, $?, quoting,
 * not found, pipelines and ( ) at and past their limits, long lines, built-ins, errors;
 * && ||, 2> and 2>&1, * and ?, variables, sh -c, cd's own path, wait, time and exec's reasons. */
#include "../../kernel/lib/errno.h"
#include "capture.h"

#define DIR "/tsh"
#define STAGES_OK 30
#define STAGE_LIMIT 32 /* the shell's documented limit */
#define DEPTH_LIMIT 8
#define SCRIPT_MAX 4096

static char script[SCRIPT_MAX];

/* script = prefix, then count times repeat, then suffix. */
static void build(const char *prefix, const char *repeat, int count, const char *suffix) {
  int len = format(script, SCRIPT_MAX, "%s", prefix);
  for (int i = 0; i < count; i++)
    len += format(script + len, SCRIPT_MAX - len, "%s", repeat);
  format(script + len, SCRIPT_MAX - len, "%s", suffix);
}

static void test_redirections(void) {
  int st = run_script(DIR, "echo one > f\necho two >> f\necho three >> f\ncat f\n");
  check(st == 0 && strcmp(captured, "one\ntwo\nthree\n") == 0, ">> appends to the file",
        "status %d, output '%s'", st, captured);
  run_script(DIR, "rm -- new; echo fresh >> new; cat new\n");
  check(captured_has("fresh\n"), ">> creates a missing file", "output '%s'", captured);
  run_script(DIR, "echo x > f\necho y > f\ncat < f\n");
  check(strcmp(captured, "y\n") == 0, "> truncates and < reads", "output '%s'", captured);
  run_script(DIR, "cat < missing\n");
  check(captured_has("sh: missing: no such file or directory"), "a failed redirection says why",
        "output '%s'", captured);
  run_script(DIR, "echo x > /\n");
  check(captured_has("sh: /: is a directory"), "redirecting into a directory says so",
        "output '%s'", captured);
}

static void test_status(void) {
  run_script(DIR, "cat /nosuch\necho s=$?\necho s=$?\n");
  check(captured_has("s=1\ns=0\n"), "$? is the last command's status", "output '%s'", captured);
  run_script(DIR, "cat /nosuch; echo \"in double $?\" 'in single $?' x$?y\n");
  check(captured_has("in double 1 in single $? x1y\n"),
        "$? expands unquoted and in \"\", not in ''", "output '%s'", captured);
  int st = run_script(DIR, "nosuchcmd arg\n");
  check(strcmp(captured, "sh: nosuchcmd: not found\n") == 0 && st == 127,
        "an unknown command is 'not found', status 127", "status %d, output '%s'", st, captured);
  st = run_script(DIR, "/\n");
  check(captured_has("sh: /: is a directory") && st == 126, "a directory is not a program",
        "status %d, output '%s'", st, captured);
  st = run_script(DIR, "echo x > notprog\n./notprog\n");
  check(captured_has("sh: ./notprog: cannot execute: not a program") &&
            !captured_has("arguments too long") && st == 126,
        "a file that is no program: the one reason exec gave", "status %d, output '%s'", st,
        captured);
  build("A=", "x", 250, "; echo $A$A$A$A$A $A$A$A$A$A $A$A$A$A$A $A$A$A$A$A\n");
  st = run_script(DIR, script);
  check(captured_has("echo: cannot execute: arguments too long") &&
            !captured_has("not a program") && st == 126,
        "arguments past exec's page: the reason exec gave", "status %d, output '%s'", st, captured);
  st = run_script(DIR, "exit 3\necho not reached\n");
  check(st == 3 && !captured_has("not reached"), "exit N ends the shell with N",
        "status %d, output '%s'", st, captured);
  st = run_script(DIR, "cat /nosuch\n");
  check(st == 1, "at the end of input the shell exits with the last status", "status %d", st);
}

static void test_pipelines(void) {
  build("echo deep", " | cat", STAGES_OK - 1, "\n");
  int st = run_script(DIR, script);
  check(st == 0 && strcmp(captured, "deep\n") == 0, "a 30-stage pipeline", "status %d, output '%s'",
        st, captured);
  build("echo limit", " | cat", STAGE_LIMIT - 1, " | wc -c\n");
  run_script(DIR, script);
  check(captured_has("sh: pipeline too long (at most 32 commands)") && !captured_has("limit"),
        "33 stages are refused with a message", "output '%s'", captured);
  build("echo limit", " | cat", STAGE_LIMIT - 1, "\n");
  run_script(DIR, script);
  check(strcmp(captured, "limit\n") == 0, "32 stages, the limit, work", "output '%s'", captured);
  run_script(DIR, "echo a b c | wc -w | cat\n");
  check(strcmp(captured, "3\n") == 0, "the last stage's output is the pipeline's", "output '%s'",
        captured);
  run_script(DIR, "cat /nosuch | echo after; echo s=$?\n");
  check(captured_has("after\n") && captured_has("s=0\n"), "a pipeline's status is its last stage's",
        "output '%s'", captured);
}

/* script = command inside depth ( ), then a newline. */
static void nest(const char *command, int depth) {
  build("", "(", depth, command);
  int len = strlen(script);
  for (int i = 0; i < depth; i++)
    script[len++] = ')';
  script[len++] = '\n';
  script[len] = 0;
}

static void test_nesting(void) {
  /* The deepest stacks: every level keeps its frames (one 4 KiB stack page),
   * and the failures below need the most stack at the bottom. */
  nest("nosuch | cat", DEPTH_LIMIT);
  run_script(DIR, script);
  check(strcmp(captured, "sh: nosuch: not found\n") == 0,
        "a command not found 8 ( ) deep reports, nothing overflows", "output '%s'", captured);
  nest("cat < nodir/x | cat", DEPTH_LIMIT);
  run_script(DIR, script);
  check(strcmp(captured, "sh: nodir/x: no such file or directory\n") == 0,
        "a failed redirection 8 ( ) deep reports, nothing overflows", "output '%s'", captured);
  nest("cd nodir/x; echo $?", DEPTH_LIMIT);
  run_script(DIR, script);
  check(strcmp(captured, "sh: cd: nodir/x: no such file or directory\n1\n") == 0,
        "a failed cd 8 ( ) deep reports, nothing overflows", "output '%s'", captured);
  nest("echo too deep", DEPTH_LIMIT + 1);
  run_script(DIR, script);
  check(captured_has("sh: ( ) nested too deeply") && !captured_has("too deep\n"),
        "9 levels of ( ) are refused", "output '%s'", captured);
  run_script(DIR, "(echo a; echo b) > g; (cat g; echo c) | wc -l\n");
  check(strcmp(captured, "3\n") == 0, "( ) with redirections and pipes", "output '%s'", captured);
}

static void test_lines(void) {
  build("echo ", "x", 1100, "\necho next\n");
  run_script(DIR, script);
  check(captured_has("sh: line too long") && captured_has("next\n") && !captured_has("xxx"),
        "an over-long line is refused whole, the next one runs", "output '%s'", captured);
  build("", "echo x;", 60, "\n");
  run_script(DIR, script);
  int lines = 0;
  for (char *c = captured; *c; c++)
    lines += *c == '\n';
  check(lines == 60, "60 commands on one line", "%d lines of output", lines);
  run_script(DIR, "echo 'a  b' \"c|d\" e\\f # comment\n");
  check(strcmp(captured, "a  b c|d e\\f\n") == 0, "quotes keep spaces and operators", "output '%s'",
        captured);
  run_script(DIR, "echo last line without a newline");
  check(strcmp(captured, "last line without a newline\n") == 0,
        "a last line without a newline runs", "output '%s'", captured);
}

static void test_errors_and_builtins(void) {
  int st = run_script(DIR, "echo a |\n");
  check(captured_has("sh: syntax error") && st == 2, "a pipe into nothing is a syntax error",
        "status %d, output '%s'", st, captured);
  run_script(DIR, "(echo a\n");
  check(captured_has("sh: missing )"), "an unclosed ( is reported", "output '%s'", captured);
  run_script(DIR, "echo 'open\n");
  check(captured_has("sh: unterminated quote"), "an unclosed quote is reported", "output '%s'",
        captured);
  run_script(DIR, "cd /nosuch\ncd f\nmkdir sub; cd sub; pwd\n");
  check(captured_has("sh: cd: /nosuch: no such file or directory") &&
            captured_has("sh: cd: f: not a directory") && captured_has("/tsh/sub\n"),
        "cd says why it failed, and works", "output '%s'", captured);
  run_script(DIR, "sleep 0.2 & echo started\n");
  check(strcmp(captured, "started\n") == 0, "& does not wait, and a script prints no pid",
        "output '%s'", captured);
}

static void test_and_or_and_descriptors(void) {
  run_script(DIR,
             "cat /nosuch 2> err && echo no || echo yes; echo a && echo b; echo sep; cat err\n");
  check(memcmp(captured, "yes\na\nb\nsep\n", 12) == 0 && captured_has("nosuch"),
        "&&, || and 2> (the error went to the file)", "output '%s'", captured);
  run_script(DIR, "(echo out; cat /nosuch) > both 2>&1; echo sep; cat both\n");
  check(memcmp(captured, "sep\nout\n", 8) == 0 && captured_has("nosuch"),
        "> file 2>&1 sends both to the file", "output '%s'", captured);
  run_script(DIR, "echo viaerr 2> e2 >&2; echo sep; cat e2\n");
  check(strcmp(captured, "sep\nviaerr\n") == 0, ">&2 writes to descriptor 2", "output '%s'",
        captured);
  int st = run_script(DIR, "echo a && echo b &\n");
  check(captured_has("sh: && and || with & are not supported") && st == 2,
        "&& with & is refused, saying what works", "status %d, output '%s'", st, captured);
}

static void test_globs(void) {
  run_script(DIR, "mkdir gdir; echo > gdir/a1; echo > gdir/a2; echo > gdir/b1\n"
                  "echo gdir/a*; echo gdir/?1; echo g*/b1; cd gdir; echo *; echo a?; echo z*;"
                  " echo 'a*' \"?1\"; cat < a*\n");
  check(strcmp(captured, "gdir/a1 gdir/a2\ngdir/a1 gdir/b1\ngdir/b1\na1 a2 b1\na1 a2\nz*\n"
                         "a* ?1\nsh: a*: no such file or directory\n") == 0,
        "* and ? in the current directory and in paths; quoted, unmatched and redirected kept",
        "output '%s'", captured);
}

static void test_variables(void) {
  run_script(DIR, "X=hello; echo $X ${X}1 \"$X\" '$X'; echo [$UNSET]; echo $HOME; Y=$X.txt;"
                  " echo $Y\n");
  check(strcmp(captured, "hello hello1 hello $X\n[]\n/\nhello.txt\n") == 0,
        "NAME=value, $NAME, ${NAME}, quoting, and HOME is /", "output '%s'", captured);
  int st = run_script(DIR, "sh -c 'echo in -c; exit 5'; echo st=$?; sh -c\n");
  check(memcmp(captured, "in -c\nst=5\nusage: sh", 20) == 0 && st == 2,
        "sh -c 'commands' runs them; sh -c alone is a usage error", "status %d, output '%s'", st,
        captured);
  run_script(DIR, "mkdir gone; cd gone; rmdir /tsh/gone; cd ..; pwd; HOME=/tsh/gdir; cd; pwd\n");
  check(strcmp(captured, "/tsh\n/tsh/gdir\n") == 0,
        "cd .. leaves a removed directory; cd alone goes to $HOME", "output '%s'", captured);
  run_script(DIR, "echo x > abcdefghijklmn; echo y > abcdefghijklmnZZZ; cat abcdefghijklmn;"
                  " cat < abcdefghijklmnZZZ\n");
  check(strcmp(captured, "sh: abcdefghijklmnZZZ: name too long (at most 14 bytes)\nx\n"
                         "sh: abcdefghijklmnZZZ: name too long (at most 14 bytes)\n") == 0,
        "a redirection refuses a name over 14 bytes instead of cutting it", "output '%s'",
        captured);
}

static void test_jobs(void) {
  run_script(DIR, "(sleep 0.3; echo late) & wait; echo after\n");
  check(strcmp(captured, "late\nafter\n") == 0, "wait waits for the background jobs", "output '%s'",
        captured);
  run_script(DIR, "sleep 5 & kill $!; wait $!; echo st=$?; wait 999; echo st=$?\n");
  check(captured_has("st=143\n") && captured_has("sh: wait: 999 is not a job") &&
            captured_has("st=127\n"),
        "a job ended by kill has status 143, as in Unix; wait of no job says so", "output '%s'",
        captured);
  run_script(DIR, "time sleep 0.3\n");
  check(captured_has("real 0.") || captured_has("real 1."), "time prints the real time",
        "output '%s'", captured);
}

/* Starts a child that does what = 0: exit 3, 1: _exit(-1), 2: fault, 3: wait to be killed. */
static int child(int what) {
  int pid = fork();
  if (pid != 0)
    return pid;
  if (what == 0)
    _exit(3);
  if (what == 1)
    _exit(-1);
  if (what == 2)
    *(volatile int *)opaque(0) = 1;
  sleep(1000);
  _exit(0);
}

/* The calls the shell's messages rest on: waitpid's WREASON and lasterror. */
static void test_kernel_reasons(void) {
  int st[5], plain = 0;
  for (int what = 0; what < 4; what++) {
    int pid = child(what);
    if (what == 3)
      kill(pid);
    waitpid(pid, &st[what], WREASON);
  }
  int pid = child(3);
  kill(pid);
  waitpid(pid, &plain, 0);
  check(st[0] == 3 << 8 && st[1] == 0xff << 8 && st[2] == 11 && st[3] == 15 && plain == -1,
        "waitpid WREASON: exit code << 8, fault 11, kill 15; without it a killed child is -1",
        "%x %x %x %x, plain %d", st[0], st[1], st[2], st[3], plain);
  char *argv[34] = {"x", 0};
  int e[3];
  e[0] = open("/nosuch", O_RDONLY) < 0 ? lasterror() : -1;
  e[1] = exec("/README", argv) < 0 ? lasterror() : -1;
  for (int i = 0; i < 33; i++)
    argv[i] = "x";
  argv[33] = 0;
  e[2] = exec("/echo", argv) < 0 ? lasterror() : -1;
  check(e[0] == ENOENT && e[1] == ENOEXEC && e[2] == E2BIG,
        "lasterror gives the reason of the failed call", "%d %d %d", e[0], e[1], e[2]);
}

static void remove_scratch(void) {
  static const char *names[] = {
      "script", "output", "f",       "new",     "g",       "notprog", "sub",  "err",
      "both",   "e2",     "gdir/a1", "gdir/a2", "gdir/b1", "gdir",    "gone", "abcdefghijklmn"};
  for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
    char path[64];
    format(path, sizeof(path), "%s/%s", DIR, names[i]);
    unlink(path);
  }
}

int main(void) {
  suite_begin("t_shell");
  remove_scratch(); /* left over from an interrupted run */
  unlink(DIR);
  mkdir(DIR);
  run_part(test_redirections);
  run_part(test_status);
  run_part(test_pipelines);
  run_part(test_nesting);
  run_part(test_lines);
  run_part(test_errors_and_builtins);
  run_part(test_and_or_and_descriptors);
  run_part(test_globs);
  run_part(test_variables);
  run_part(test_jobs);
  run_part(test_kernel_reasons);
  remove_scratch();
  check(unlink(DIR) == 0, "the scratch directory is removed", "unlink failed");
  suite_end();
}
