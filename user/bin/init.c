/* The first process: gives itself the console as fds 0, 1 and 2, runs /autorun once when the
 * image has one (make run), and from then on keeps one shell on the console, reaping every
 * orphan handed to it on the way. */
#include "machine.h" /* TICKS_PER_SECOND */
#include "user.h"

#define CONSOLE "/console"
#define CONSOLE_MAJOR 1
#define AUTORUN "/autorun"

/* What init is waiting for; a pid of 0 means none. */
static struct {
  int script; /* the shell running /autorun: no interactive shell until it ends */
  int shell;  /* the interactive shell */
} waiting;

static void console_as_standard_fds(void) {
  int fd;
  for (int tries = 0; (fd = open(CONSOLE, O_RDWR)) < 0 && tries < 2; tries++)
    mknod(CONSOLE, CONSOLE_MAJOR, 0); /* a fresh image may lack the node */
  if (fd < 0)
    _exit(1); /* no console: nowhere to say anything */
  while (fd >= 0 && fd < 2)
    fd = dup(fd);
}

/* A child running sh with args; its pid, or 0 when there is none (said why). */
static int spawn_sh(char *args[]) {
  int pid = fork();
  if (pid == 0) {
    exec("/sh", args);
    fprintf(2, "init: /sh could not be run\n");
    _exit(1);
  }
  if (pid > 0)
    return pid;
  fprintf(2, "init: no process for %s (fork failed); trying again\n", args[1] ? args[1] : "sh");
  sleep(TICKS_PER_SECOND);
  return 0;
}

/*
 * A boot self-check of fork (docs/fork.md): after fork shares a page, a store the parent makes
 * must go to a copy of its own, never through a translation its CPU cached from before the
 * fork. Init's own forks copy every page (it is never shared), so a child of init runs it:
 * FORK_CHECK_ROUNDS times it stores, forks, stores again, and its child must still read the
 * value from before the fork. Silent when it holds; one line on the console when the checker
 * saw its store in a child, or died (tests/run.py fails every such boot).
 */
#define FORK_CHECK_ROUNDS 20
static volatile int fork_probe;

static int fork_round(int round) {
  int go[2];
  if (pipe(go) < 0)
    return 0;
  fork_probe = round; /* cached writable, just before the fork */
  int child = fork();
  if (child == 0) {
    char c;
    close(go[1]);
    read(go[0], &c, 1);
    _exit(fork_probe == round ? 0 : 1);
  }
  fork_probe = -round; /* the first store after fork: into a copy of this process's own */
  close(go[0]);
  write(go[1], "g", 1);
  close(go[1]);
  int status = 0;
  return child < 0 || (waitpid(child, &status, 0) == child && status == 0);
}

static void check_fork_keeps_stores_private(void) {
  int pid = fork();
  if (pid == 0) {
    int round = 1;
    while (round <= FORK_CHECK_ROUNDS && fork_round(round))
      round++;
    _exit(round > FORK_CHECK_ROUNDS ? 0 : 1);
  }
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && status != 0)
    fprintf(2, "init: fork self-check failed: a store made after fork reached the child\n");
}

/* Hosts (tools/batch.py) wait for "init: running /autorun" to know the script started, and
 * "init: starting sh" is part of the ABI: both lines stay as they are. */
static void start_what_is_due(void) {
  static char *script_args[] = {"sh", AUTORUN, 0};
  static char *shell_args[] = {"sh", 0};
  static int script_done;
  struct stat st;
  if (!script_done) {
    script_done = 1;
    if (stat(AUTORUN, &st) == 0 && st.type == T_FILE) {
      fprintf(1, "init: running %s\n", AUTORUN);
      waiting.script = spawn_sh(script_args);
    }
  }
  if (waiting.script == 0 && waiting.shell == 0) {
    fprintf(1, "init: starting sh\n");
    waiting.shell = spawn_sh(shell_args);
  }
}

int main(void) {
  console_as_standard_fds();
  check_fork_keeps_stores_private();
  for (;;) {
    start_what_is_due();
    if (waiting.script == 0 && waiting.shell == 0)
      continue; /* fork failed (spawn_sh paused): orphans can wait, the console cannot */
    int pid = waitpid(-1, 0, 0); /* the script, the shell, or an orphan */
    if (pid < 0)
      waiting.script = waiting.shell = 0; /* no child after all: start them again */
    if (pid == waiting.script)
      waiting.script = 0;
    if (pid == waiting.shell)
      waiting.shell = 0;
  }
}
