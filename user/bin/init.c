/* The first user process: opens the console as fds 0, 1, 2, keeps a shell
 * running, and reaps every orphan the kernel hands to it. */
#include "user.h"

#define CONSOLE "/console"
#define CONSOLE_MAJOR 1

static char *shell_argv[] = {"sh", 0};

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

/* Starts a shell; returns its pid, or -1 if fork failed. */
static int start_shell(void) {
  fprintf(1, "init: starting sh\n");
  int pid = fork();
  if (pid == 0) {
    exec("/sh", shell_argv);
    fprintf(2, "init: exec sh failed\n");
    _exit(1);
  }
  if (pid < 0)
    fprintf(2, "init: fork failed\n");
  return pid;
}

int main(void) {
  open_console();
  for (;;) {
    int shell = start_shell();
    if (shell < 0) {
      sleep(10);
      continue;
    }
    /* Reap whatever exits (orphans included) until the shell itself does. */
    for (;;) {
      int pid = waitpid(-1, 0, 0);
      if (pid == shell || pid < 0)
        break;
    }
  }
}
