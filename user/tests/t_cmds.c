/* In-guest suite t_cmds: the commands of user/bin as a user calls them: their options, unknown
 * ones refused with a usage line, messages that say why, and directories refused or removed. */
#include "capture.h"

#define DIR "/tcmd"

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
  check(strcmp(captured, "Apple\nAPPLE pie\nbanana\ncherry\n1\n1:Apple\n3:APPLE pie\n4:cherry\n") == 0,
        "grep -i, -v, -c and -n", "output '%s'", captured);
  run_script(DIR, "grep -vc a g; grep -in '^a' g g\n");
  check(strcmp(captured, "3\ng:1:Apple\ng:3:APPLE pie\ng:1:Apple\ng:3:APPLE pie\n") == 0,
        "combined flags, and names with several files", "output '%s'", captured);
  int st = run_script(DIR, "grep -q a g\n");
  check(st == 2 && captured_has("grep: unknown option -q") && captured_has("usage: grep"),
        "grep refuses an unknown option", "status %d, output '%s'", st, captured);
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
}

static void test_removal(void) {
  run_script(DIR, "echo x > d/inner; rm d; rm nosuch; rmdir d; rmdir f\n");
  check(strcmp(captured, "rm: cannot remove d: is a directory (rmdir removes an empty one)\n"
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
  check(strcmp(captured, "rm: cannot remove e: is a directory (rmdir removes an empty one)\n") ==
                0 && stat(DIR "/e", &st) == 0,
        "rm refuses even an empty directory", "output '%s'", captured);
  run_script(DIR, "rmdir e; rm -r f; rmdir .\n");
  check(captured_has("rm: unknown option -r") && captured_has("rmdir: cannot remove .: invalid") &&
            stat(DIR "/f", &st) == 0,
        "rm -r is refused, and so is rmdir .", "output '%s'", captured);
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
  check(strcmp(captured, "/tcmd\n/tcmd/a/b\n/\npwd: unknown option -x\nusage: pwd\n") == 0,
        "pwd", "output '%s'", captured);
  run_script(DIR, "rmdir a/b a\n");
}

static void remove_scratch(void) {
  static const char *names[] = {"script", "output", "f", "g", "-n", "d/inner", "d", "e", "m",
                                "a/b", "a"};
  for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
    char path[64];
    format(path, sizeof(path), "%s/%s", DIR, names[i]);
    unlink(path);
  }
}

int main(void) {
  suite_begin("t_cmds");
  remove_scratch(); /* left over from an interrupted run */
  unlink(DIR);
  mkdir(DIR);
  run_part(test_wc);
  run_part(test_grep);
  run_part(test_echo_cat);
  run_part(test_removal);
  run_part(test_make_and_link);
  run_part(test_process_commands);
  remove_scratch();
  check(unlink(DIR) == 0, "the scratch directory is removed", "unlink failed");
  suite_end();
}
