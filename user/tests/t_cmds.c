/* In-guest suite t_cmds: the commands of user/bin as a user calls them: their options, unknown
 * ones refused with a usage line, messages that say why, directories refused or removed, names
 * longer than 14 bytes refused, and the commands help lists. */
#include "capture.h"
#include "scratch.h"

#define DIR "/tcmd"
#define RM_DIR "is a directory (rmdir removes an empty one, rm -r a tree)"
#define RM_DOT "refusing to remove ., .. or /"
#define LONG "name too long (at most 14 bytes)"

/* Does captured begin with prefix? */
static int captured_starts(const char *prefix) {
  return memcmp(captured, prefix, strlen(prefix)) == 0;
}

static void test_wc(void) {
  run_script(DIR, "echo one two > f; echo three >> f\nwc f; wc -l f; wc -w f; wc -c f; wc -lc f\n");
  check(strcmp(captured, "2 3 14 f\n2 f\n3 f\n14 f\n2 14 f\n") == 0,
        "wc with no option, -l, -w, -c and -lc", "output '%s'", captured);
  run_script(DIR, "echo a b | wc; wc -l -w -c f f\n");
  check(strcmp(captured, "1 2 4\n2 3 14 f\n2 3 14 f\n4 6 28 total\n") == 0,
        "wc of standard input, and a total", "output '%s'", captured);
}

static void test_grep(void) {
  run_script(DIR, "echo Apple > g; echo banana >> g; echo APPLE pie >> g; echo cherry >> g\n"
                  "grep apple g; echo s=$?\n");
  check(strcmp(captured, "s=1\n") == 0, "grep is case-sensitive by default, status 1 if none",
        "output '%s'", captured);
  run_script(DIR, "grep -i apple g; grep -v -i apple g; grep -c an g; grep -n e g\n");
  check(strcmp(captured, "Apple\nAPPLE pie\nbanana\ncherry\n1\n1:Apple\n3:APPLE pie\n4:cherry\n") ==
            0,
        "grep -i, -v, -c and -n", "output '%s'", captured);
  run_script(DIR, "grep -vc a g; grep -in '^a' g g\n");
  check(strcmp(captured, "3\ng:1:Apple\ng:3:APPLE pie\ng:1:Apple\ng:3:APPLE pie\n") == 0,
        "combined flags, and names with several files", "output '%s'", captured);
  int st = run_script(DIR, "grep -y a g\n");
  check(st == 2 && captured_has("grep: unknown option -y") && captured_has("usage: grep"),
        "grep refuses an unknown option", "status %d, output '%s'", st, captured);
  run_script(DIR, "grep -q an g; echo s=$?; grep -q zz g; echo s=$?; grep -qc an g nosuch\n");
  check(strcmp(captured, "s=0\ns=1\n") == 0, "grep -q prints nothing; its status tells",
        "output '%s'", captured);
  run_script(DIR, "echo apple pie > w; echo pineapple >> w; echo apple_x >> w; grep -w apple w;"
                  " grep -x pineapple w; grep -wx 'apple.*' w; grep -cx 'apple' w\n");
  check(strcmp(captured, "apple pie\npineapple\napple pie\napple_x\n0\n") == 0,
        "grep -w matches whole words, -x whole lines", "output '%s'", captured);
  run_script(DIR, "echo -v > v; echo x-y >> v; grep -e -v v; grep -e an -e ch g; grep -ne -y v"
                  "; grep -e\n");
  check(strcmp(captured, "-v\nbanana\ncherry\n2:x-y\n"
                         "grep: missing the value of option -e\nusage: grep [-ivcnqwx] "
                         "[-e pattern]... [pattern] [file...]\n") == 0,
        "grep -e: patterns that start with -, and several of them", "output '%s'", captured);
  run_script(DIR, "grep a nosuch\n");
  check(captured_has("grep: nosuch: no such file or directory"), "grep says why a file fails",
        "output '%s'", captured);
}

static void test_echo_cat(void) {
  run_script(DIR, "echo -n ab; echo cd; echo -x; echo\n");
  check(strcmp(captured, "abcd\n-x\n\n") == 0, "echo -n, and other words printed as they are",
        "output '%s'", captured);
  int st = run_script(DIR, "mkdir d; cat d\n");
  check(strcmp(captured, "cat: d: is a directory\n") == 0 && st == 1,
        "cat of a directory is an error, not bytes", "status %d, output '%s'", st, captured);
  st = run_script(DIR, "cat -n f\n");
  check(st == 2 && captured_has("cat: unknown option -n") && captured_has("usage: cat"),
        "cat refuses an option instead of opening it", "status %d, output '%s'", st, captured);
  run_script(DIR, "echo data > ./-n; cat -- -n; echo in | cat f - f\n");
  check(strcmp(captured, "data\none two\nthree\nin\none two\nthree\n") == 0,
        "-- ends options, - is standard input", "output '%s'", captured);
  st = run_script(DIR, "cat f >> f; echo s=$?; cat g f > f; echo s=$?; wc -c f\n");
  check(strcmp(captured, "cat: f: input file is output file\ns=1\n"
                         "cat: f: input file is output file\ns=1\n"
                         "30 f\n") == 0,
        "cat f >> f is refused (it would grow without end)", "output '%s'", captured);
  run_script(DIR, "echo one two > f; echo three >> f\n"); /* what the next parts expect */
}

static void test_removal(void) {
  run_script(DIR, "echo x > d/inner; rm d; rm nosuch; rmdir d; rmdir f\n");
  check(strcmp(captured, "rm: cannot remove d: " RM_DIR "\n"
                         "rm: cannot remove nosuch: no such file or directory\n"
                         "rmdir: cannot remove d: directory not empty\n"
                         "rmdir: cannot remove f: not a directory\n") == 0,
        "rm and rmdir refuse, saying why", "output '%s'", captured);
  struct stat st;
  check(stat(DIR "/d/inner", &st) == 0, "nothing was removed", "d/inner is gone");
  int status = run_script(DIR, "rm d/inner; rmdir d; ls d\n");
  check(captured_has("ls: d: no such file or directory") && stat(DIR "/d", &st) < 0,
        "rmdir removes an empty directory", "status %d, output '%s'", status, captured);
  run_script(DIR, "mkdir e; rm e\n");
  check(strcmp(captured, "rm: cannot remove e: " RM_DIR "\n") == 0 && stat(DIR "/e", &st) == 0,
        "rm refuses even an empty directory", "output '%s'", captured);
  run_script(DIR, "rmdir e; rmdir .\n");
  check(captured_has("rmdir: cannot remove .: invalid") && stat(DIR "/e", &st) < 0,
        "rmdir . is refused", "output '%s'", captured);
  status = run_script(DIR, "mkdir t t/a t/a/b t/c; echo x > t/a/b/f; echo y > t/f\n"
                           "rm -r t; echo s=$?; ls t\n");
  check(strcmp(captured, "s=0\nls: t: no such file or directory\n") == 0 && stat(DIR "/t", &st) < 0,
        "rm -r removes a directory and everything under it", "status %d, output '%s'", status,
        captured);
  run_script(DIR, "rm -r . ..; rm -r /; rm -r d/..; echo s=$?; ls / | grep -c README\n");
  check(strcmp(captured, "rm: cannot remove .: " RM_DOT "\nrm: cannot remove ..: " RM_DOT
                         "\nrm: cannot remove /: " RM_DOT "\nrm: cannot remove d/..: " RM_DOT
                         "\ns=1\n1\n") == 0,
        "rm -r refuses ., .. and /", "output '%s'", captured);
  run_script(DIR, "mkdir dz; rm -f nosuch; echo s=$?; rm -f; echo s=$?; echo x > gone; "
                  "rm -f gone nosuch dz; echo s=$?; ls gone; rmdir dz\n");
  check(strcmp(captured, "s=0\ns=0\nrm: cannot remove dz: " RM_DIR "\ns=1\n"
                         "ls: gone: no such file or directory\n") == 0,
        "rm -f passes over missing names", "output '%s'", captured);
}

static void test_make_and_link(void) {
  run_script(DIR, "mkdir f; mkdir no/dir; ln nosuch x; ln f f; mkdir m; ln m m2\n");
  check(strcmp(captured, "mkdir: cannot create f: file exists\n"
                         "mkdir: cannot create no/dir: no such file or directory\n"
                         "ln: cannot link nosuch as x: no such file or directory\n"
                         "ln: cannot link f as f: file exists\n"
                         "ln: cannot link m as m2: a directory cannot be linked\n") == 0,
        "mkdir and ln say why they failed", "output '%s'", captured);
  run_script(DIR, "ln f f2; cat f2; rm f2; rmdir m\n");
  check(strcmp(captured, "one two\nthree\n") == 0, "ln links", "output '%s'", captured);
  run_script(DIR, "mkdir -p p/q/r p/q; echo s=$?; mkdir -p p; echo s=$?; mkdir p; mkdir -p f/x; "
                  "ls p/q\n");
  check(captured_starts("s=0\ns=0\nmkdir: cannot create p: file exists\n"
                        "mkdir: cannot create f: file exists\n.  ") &&
            captured_has("\nr "),
        "mkdir -p makes the missing parents and takes a directory already there", "output '%s'",
        captured);
  run_script(DIR, "rm -r p; mkdir abcdefghijklmnZZZ; mkdir -p x/abcdefghijklmnop/y; "
                  "ln f abcdefghijklmnZZZ; touch abcdefghijklmnZZZ; cp f abcdefghijklmnZZZ; "
                  "mv f abcdefghijklmnZZZ; echo s=$?; ls x abcdefghijklmn\n");
  check(strcmp(captured, "mkdir: cannot create abcdefghijklmnZZZ: " LONG "\n"
                         "mkdir: cannot create x/abcdefghijklmnop/y: " LONG "\n"
                         "ln: cannot link f as abcdefghijklmnZZZ: " LONG "\n"
                         "touch: cannot create abcdefghijklmnZZZ: " LONG "\n"
                         "cp: abcdefghijklmnZZZ: " LONG "\n"
                         "mv: abcdefghijklmnZZZ: " LONG "\ns=1\n"
                         "ls: x: no such file or directory\n"
                         "ls: abcdefghijklmn: no such file or directory\n") == 0,
        "mkdir, ln, touch, cp and mv refuse a name longer than 14 bytes (the kernel would cut it)",
        "output '%s'", captured);
}

/* A child that sleeps until killed; its pid. */
static int sleeper(void) {
  int pid = fork();
  if (pid == 0) {
    sleep(300);
    _exit(0);
  }
  return pid;
}

static void test_process_commands(void) {
  int pid = sleeper();
  run_script(DIR, "ps\n");
  char line[64];
  format(line, sizeof(line), "%d ", pid);
  check(captured_has("PID") && captured_has(line) && captured_has(" t_cmds\n") &&
            captured_has(" ps\n") && captured_has(" sh\n"),
        "ps lists the processes", "output '%s'", captured);
  kill(pid);
  waitpid(pid, 0, 0);
  /* The shell running this suite made its group the foreground; ps is in it. */
  check(captured_has("run+") && captured_has("     1 sleep   "),
        "ps marks the foreground group with +, and not init", "output '%s'", captured);
  run_script(DIR, "kill 1; kill -9 99999; kill -HUP 5; kill -9 x\n");
  check(strcmp(captured, "kill: 1: init cannot be killed\nkill: 99999: no such process\n"
                         "kill: unknown option -HUP (moo has only -9)\nusage: kill [-9] pid...\n"
                         "kill: x: not a process id\n") == 0,
        "kill says why it failed", "output '%s'", captured);
  pid = sleeper();
  format(line, sizeof(line), "kill -9 %d\n", pid);
  int st = run_script(DIR, line);
  int status = 0;
  int reaped = waitpid(pid, &status, 0);
  check(st == 0 && reaped == pid && status == -1, "kill -9 pid ends the process",
        "kill status %d, reaped %d with status %d", st, reaped, status);
  int t0 = uptime();
  st = run_script(DIR, "sleep 1.5; sleep x; sleep -1\n");
  int waited = uptime() - t0;
  check(st == 2 && waited >= 15 && captured_has("usage: sleep"),
        "sleep takes seconds and refuses other words", "status %d, %d ticks, output '%s'", st,
        waited, captured);
  run_script(DIR, "pwd; mkdir a; mkdir a/b; cd a/b; pwd; cd /; pwd; pwd -x\n");
  check(strcmp(captured, "/tcmd\n/tcmd/a/b\n/\npwd: unknown option -x\nusage: pwd\n") == 0, "pwd",
        "output '%s'", captured);
  run_script(DIR, "rmdir a/b a\n");
}

static void test_copy_move(void) {
  run_script(DIR, "echo one two > f; touch new f; wc -c new f; cp f c1; mkdir dd; cp f c1 dd; "
                  "cat c1 dd/f dd/c1; echo s=$?\n");
  check(strcmp(captured, "0 new\n8 f\n8 total\none two\none two\none two\ns=0\n") == 0,
        "touch makes an empty file and keeps one there; cp copies, into a directory too",
        "output '%s'", captured);
  run_script(DIR, "cp f f; cp dd x; cp nosuch x; cp f c1 new; cp f; cp -r dd e; echo s=$?\n");
  check(strcmp(captured, "cp: f and f are the same file\n"
                         "cp: dd: is a directory (cp copies files)\n"
                         "cp: nosuch: no such file or directory\n"
                         "cp: new: not a directory (several files go into a directory)\n"
                         "usage: cp source... target\n"
                         "cp: unknown option -r\nusage: cp source... target\ns=2\n") == 0,
        "cp refuses, saying why", "output '%s'", captured);
  run_script(DIR, "mv c1 c2; cat c2; mv c2 new; cat new; mv new dd; cat dd/new; mv dd/new .; "
                  "ls c1 c2 dd/new; cat new; echo s=$?\n");
  check(strcmp(captured,
               "one two\none two\none two\nls: c1: no such file or directory\n"
               "ls: c2: no such file or directory\nls: dd/new: no such file or directory\n"
               "one two\ns=0\n") == 0,
        "mv renames, replaces a file in the way, moves into a directory", "output '%s'", captured);
  run_script(DIR, "mv dd e; mv nosuch x; mv new new; mv new dd/f; cat dd/f; echo s=$?\n");
  check(strcmp(captured, "mv: cannot move dd: is a directory (moo's link takes files only)\n"
                         "mv: cannot move nosuch: no such file or directory\n"
                         "mv: new and new are the same file\none two\ns=0\n") == 0,
        "mv refuses a directory, a missing file and itself", "output '%s'", captured);
  int st = run_script(DIR, "true; echo t=$?; false; echo f=$?; true -x; echo t=$?; rm -r dd\n");
  check(strcmp(captured, "t=0\nf=1\nt=0\n") == 0, "true and false", "status %d, output '%s'", st,
        captured);
}

static void test_ls_operands(void) {
  run_script(DIR, "mkdir l1 l2; echo x > l1/a; ls l1; ls f l1 l2 nosuch\n");
  char expect[512];
  struct stat f, l1, l2, a, dot;
  stat(DIR "/f", &f);
  stat(DIR "/l1", &l1);
  stat(DIR "/l2", &l2);
  stat(DIR "/l1/a", &a);
  stat(DIR, &dot);
  format(expect, sizeof(expect),
         ".              1 %u %lu\n..             1 %u %lu\na              2 %u 2\n"
         "f              2 %u %lu\nls: nosuch: no such file or directory\n"
         "\nl1:\n.              1 %u %lu\n..             1 %u %lu\na              2 %u 2\n"
         "\nl2:\n.              1 %u %lu\n..             1 %u %lu\n",
         l1.ino, (unsigned long)l1.size, dot.ino, (unsigned long)dot.size, a.ino, f.ino,
         (unsigned long)f.size, l1.ino, (unsigned long)l1.size, dot.ino, (unsigned long)dot.size,
         a.ino, l2.ino, (unsigned long)l2.size, dot.ino, (unsigned long)dot.size);
  check(strcmp(captured, expect) == 0,
        "ls with several operands: files first, then each directory under a heading", "output '%s'",
        captured);
  run_script(DIR, "rm -r l1 l2\n");
}

/* Every command refuses an unknown option with its usage line and status 2. */
static void test_unknown_options(void) {
  static const char *commands[] = {
      "cat", "cp",    "dedup_reader", "dedup_writer", "free", "grep",     "help", "kstat",
      "ln",  "ls",    "mkdir",        "mv",           "pmap", "poweroff", "ps",   "pwd",
      "rm",  "rmdir", "sleep",        "touch",        "wc",   "inject",   "kill"};
  for (int i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++) {
    char script[64], usage[64];
    format(script, sizeof(script), "%s -Z x y z\necho s=$?\n", commands[i]);
    format(usage, sizeof(usage), "usage: %s", commands[i]);
    run_script(DIR, script);
    char name[80];
    format(name, sizeof(name), "%s -Z prints its usage line and exits 2", commands[i]);
    check(captured_has("s=2\n") && captured_has(usage) && captured_has("-Z"), name, "output '%s'",
          captured);
  }
  run_script(DIR, "pmap x; echo s=$?; pmap 1 2; echo s=$?; ps x; echo s=$?\n");
  check(strcmp(captured, "pmap: x: not a process id\ns=1\nusage: pmap [pid]\ns=2\n"
                         "ps: x: no operand is taken\nusage: ps\ns=2\n") == 0,
        "pmap and ps refuse extra operands", "output '%s'", captured);
}

/* help lists every command with one line, and each program it lists is on the disk. */
static void test_help(void) {
  static const char *listed[] = {"cat",   "cp",    "echo",  "false", "grep", "help", "kill",
                                 "ln",    "ls",    "mkdir", "mv",    "ps",   "pwd",  "rm",
                                 "rmdir", "sleep", "touch", "true",  "wc",   "free", "pmap",
                                 "kstat", "cd",    "exit",  "wait",  "time"};
  run_script(DIR, "help\n");
  int lines = 0, missing = 0;
  char first_missing[32] = "";
  for (char *line = captured; *line; lines++) {
    char *end = strchr(line, '\n');
    if (end == 0)
      break;
    char name[32];
    int n = 0;
    while (line[n] != ' ' && line[n] != '\n' && n < 31)
      name[n] = line[n], n++;
    name[n] = '\0';
    char path[40];
    format(path, sizeof(path), "/%s", name);
    struct stat st;
    int builtin = strcmp(name, "cd") == 0 || strcmp(name, "exit") == 0 ||
                  strcmp(name, "wait") == 0 || strcmp(name, "time") == 0;
    if (!builtin && stat(path, &st) < 0 && missing++ == 0)
      strcpy(first_missing, name);
    line = end + 1;
  }
  int absent = 0;
  for (int i = 0; i < (int)(sizeof(listed) / sizeof(listed[0])); i++) {
    char word[40];
    format(word, sizeof(word), "\n%s ", listed[i]);
    absent += !captured_has(word) && !captured_starts(word + 1);
  }
  check(lines >= 24 && missing == 0 && absent == 0, "help lists the commands, one line each",
        "%d lines, %d not on the disk (first: %s), %d commands missing", lines, missing,
        first_missing, absent);
  run_script(DIR, "help grep rm; help nosuch; echo s=$?\n");
  check(captured_starts("grep [-ivcnqwx]") && captured_has("\nrm [-rf] path...") &&
            captured_has("help: nosuch: no such command") && captured_has("s=1\n"),
        "help names one command", "output '%s'", captured);
}

int main(void) {
  suite_begin("t_cmds");
  scratch_remove(DIR); /* left over from an interrupted run */
  mkdir(DIR);
  run_part(test_wc);
  run_part(test_grep);
  run_part(test_echo_cat);
  run_part(test_removal);
  run_part(test_make_and_link);
  run_part(test_process_commands);
  run_part(test_copy_move);
  run_part(test_ls_operands);
  run_part(test_unknown_options);
  run_part(test_help);
  check(scratch_remove(DIR) == 0, "the scratch directory is removed", "entries are left");
  suite_end();
}
