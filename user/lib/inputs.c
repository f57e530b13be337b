/* The input operands of cat, wc and grep: each opened for reading ("-" and no operand at all
 * mean standard input), directories refused, and the reason given for any that fails. */
#include "cmd.h"

/* fn on the operand named name: 0, or -1 after saying why it failed. */
static int use_input(const char *prog, const char *name, int (*fn)(int, const char *)) {
  if (strcmp(name, "-") == 0)
    return fn(0, name);
  int fd = open(name, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "%s: %s: %s\n", prog, name, reason_open_failed(name, O_RDONLY));
    return -1;
  }
  struct stat st;
  int status;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    fprintf(2, "%s: %s: is a directory\n", prog, name);
    status = -1;
  } else {
    status = fn(fd, name);
  }
  close(fd);
  return status;
}

int for_each_input(const char *prog, int argc, char *argv[], int first,
                   int (*fn)(int fd, const char *name)) {
  if (first == argc)
    return use_input(prog, "-", fn);
  int status = 0;
  for (int i = first; i < argc && write_failure(1) == 0; i++)
    if (use_input(prog, argv[i], fn) < 0)
      status = -1;
  return status;
}
