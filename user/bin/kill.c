/* kill [-9 | -KILL] pid...: ends each process named by its pid, saying why
 * when it cannot. */
#include "cmd.h"

/* moo has one way to end a process, the one -9 asks for, so -9 is accepted
 * and changes nothing; any other signal is refused rather than taken as KILL. */

#define USAGE "kill [-9] pid..."

static int end_process(const char *arg) {
  int pid;
  if (parse_number(arg, &pid) < 0 || pid <= 0) {
    fprintf(2, "kill: %s: not a process id\n", arg);
    return -1;
  }
  if (kill(pid) < 0) {
    fprintf(2, "kill: %s: %s\n", arg, pid == 1 ? "init cannot be killed" : "no such process");
    return -1;
  }
  return 0;
}

static int is_kill_option(const char *arg) {
  return strcmp(arg, "-9") == 0 || strcmp(arg, "-KILL") == 0;
}

int main(int argc, char *argv[]) {
  int first = 1;
  if (first < argc && is_kill_option(argv[first]))
    first++;
  if (first < argc && strcmp(argv[first], "--") == 0) {
    first++;
  } else if (first < argc && argv[first][0] == '-') {
    fprintf(2, "kill: unknown option %s (moo has only -9)\nusage: %s\n", argv[first], USAGE);
    _exit(2);
  }
  _exit(for_each_operand(argc, argv, first, USAGE, end_process));
}
