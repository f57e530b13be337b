/* cat [file...]: standard output gets each file in turn ("-", or no file at all: standard
 * input). A directory, or the very file standard output goes to, is refused. */
#include "cmd.h"

#define USAGE "cat [file...]"

static struct stat out; /* standard output, when it is a file (out.type T_FILE) */

/* Would copying the input on fd grow the file it reads from, without end? */
static int is_output(int fd) {
  struct stat in;
  return out.type == T_FILE && fstat(fd, &in) == 0 && in.dev == out.dev && in.ino == out.ino;
}

/* The operand open as fd goes to standard output; 0, or -1 after saying why it stopped. */
static int pour(int fd, const char *name) {
  if (is_output(fd)) {
    fprintf(2, "cat: %s: input file is output file\n", name);
    return -1;
  }
  int status = copy_all(fd, 1);
  if (status == COPY_READ_FAILED)
    fprintf(2, "cat: %s: read error\n", name);
  return status == 0 ? 0 : -1; /* a write error: exit_checked says why */
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (fstat(1, &out) < 0)
    out.type = 0;
  exit_checked("cat", for_each_input("cat", argc, argv, first, pour) < 0 ? 1 : 0);
}
