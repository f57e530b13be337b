/* ps: one line per process: pid, parent, process group, state, memory and
 * name; a '+' after the state marks the console's foreground group (^C's target). */
#include "cmd.h"
#include "psline.h"

#define USAGE "ps"

int main(int argc, char *argv[]) {
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  char line[96];
  ps_header(line, sizeof(line));
  fprintf(1, "%s", line);
  struct procinfo info;
  int pid;
  for (int slot = 0; (pid = procinfo(slot, &info)) >= 0; slot++) {
    if (pid > 0) {
      ps_line(line, sizeof(line), &info);
      fprintf(1, "%s", line);
    }
  }
  exit_checked("ps", 0);
}
