/* cp source target, cp source... dir: copies files (not directories), each into target or
 * into dir under its own name; every write is checked, and a failure says why. */
#include "cmd.h"

#define USAGE "cp source... target"

/* Copies from fd in to fd out; 0, or -1 after saying why it stopped. */
static int copy_bytes(int in, int out, const char *source, const char *dest) {
  int status = copy_all(in, out);
  if (status == COPY_READ_FAILED)
    fprintf(2, "cp: %s: read error\n", source);
  if (status == COPY_WRITE_FAILED)
    fprintf(2, "cp: %s: %s\n", dest, reason_write_failed(out));
  return status == 0 ? 0 : -1;
}

static int copy_file(const char *source, const char *dest) {
  int in = open(source, O_RDONLY);
  if (in < 0) {
    fprintf(2, "cp: %s: %s\n", source, reason_open_failed(source, O_RDONLY));
    return -1;
  }
  struct stat st;
  if (fstat(in, &st) == 0 && st.type == T_DIR) {
    fprintf(2, "cp: %s: is a directory (cp copies files)\n", source);
    close(in);
    return -1;
  }
  int flags = O_CREATE | O_WRONLY | O_TRUNC;
  int out = open(dest, flags);
  if (out < 0) {
    fprintf(2, "cp: %s: %s\n", dest, reason_open_failed(dest, flags));
    close(in);
    return -1;
  }
  int status = copy_bytes(in, out, source, dest);
  close(in);
  if (close(out) < 0 && status == 0) {
    fprintf(2, "cp: %s: cannot close it\n", dest);
    status = -1;
  }
  return status;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  _exit(for_each_source("cp", argc, argv, first, USAGE, copy_file));
}
