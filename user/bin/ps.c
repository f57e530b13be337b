/* ps: one line per process: pid, parent, process group, state, memory and
 * name; a '+' after the state marks the console's foreground group (^C's target). */
#include "cmd.h"

#define USAGE "ps"

static const char *state_name(int state) {
  switch (state) {
  case PROCINFO_SLEEPING:
    return "sleep";
  case PROCINFO_RUNNABLE:
    return "ready";
  case PROCINFO_RUNNING:
    return "run";
  case PROCINFO_ZOMBIE:
    return "zombie";
  default:
    return "?";
  }
}

static void print_process(const struct procinfo *p) {
  char state[16];
  strcpy(state, state_name(p->state));
  if (p->foreground)
    strcpy(state + strlen(state), "+");
  fprintf(1, "%5d %5d %5d %-7s %7lu %s\n", p->pid, p->ppid, p->pgid, state, p->size / 1024,
          p->name);
}

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  fprintf(1, "%5s %5s %5s %-7s %7s %s\n", "PID", "PPID", "PGID", "STATE", "KiB", "NAME");
  struct procinfo info;
  int pid;
  for (int slot = 0; (pid = procinfo(slot, &info)) >= 0; slot++)
    if (pid > 0)
      print_process(&info);
  exit_checked("ps", 0);
}
