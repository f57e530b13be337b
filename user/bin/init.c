/* The first user process: opens the console as fds 0, 1, 2, runs /autorun
 * once if the image has one (make run), keeps a shell running, reaps orphans. */
#include "user.h"

#define CONSOLE "/console"
#define CONSOLE_MAJOR 1
#define AUTORUN "/autorun"

static char *shell_argv[] = {"sh", 0};
static char *autorun_argv[] = {"sh", AUTORUN, 0};

/* Makes fds 0, 1 and 2 the console, creating the device node if needed. */
static void open_console(void) {
  int fd = open(CONSOLE, O_RDWR);
  if (fd < 0) {
    mknod(CONSOLE, CONSOLE_MAJOR, 0);
    fd = open(CONSOLE, O_RDWR);
  }
  if (fd < 0)
    _exit(1); /* nowhere to report it */
  while (fd < 2)
    fd = dup(0);
}

/* Starts sh with argv; returns its pid, or -1 if fork failed. */
static int start_shell(char **argv) {
  int pid = fork();
  if (pid == 0) {
    exec("/sh", argv);
    fprintf(2, "init: exec sh failed\n");
    _exit(1);
  }
  if (pid < 0)
    fprintf(2, "init: fork failed\n");
  return pid;
}

/* Reaps whatever exits (orphans included) until process pid itself does. */
static void reap_until(int pid) {
  for (;;) {
    int done = waitpid(-1, 0, 0);
    if (done == pid || done < 0)
      return;
  }
}

/* The script runs before any interactive shell. Hosts (tools/batch.py) wait
 * for this exact line to know the script has started. */
static void run_autorun(void) {
  struct stat st;
  if (stat(AUTORUN, &st) < 0 || st.type != T_FILE)
    return;
  fprintf(1, "init: running %s\n", AUTORUN);
  int pid = start_shell(autorun_argv);
  if (pid > 0)
    reap_until(pid);
}

int main(void) {
  open_console();
  run_autorun();
  for (;;) {
    fprintf(1, "init: starting sh\n");
    int shell = start_shell(shell_argv);
    if (shell < 0) {
      sleep(10);
      continue;
    }
    reap_until(shell);
  }
}
