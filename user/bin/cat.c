/* cat: copies each named file ("-": standard input), or standard input when
 * none is named, to standard output. A directory is an error, not bytes. */
#include "cmd.h"

#define USAGE "cat [file...]"

static char buf[1024];

/* Copies fd to standard output; returns 0, or -1 after reporting an error. */
static int copy_out(int fd, const char *name) {
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    if (write(1, buf, n) != n) {
      fprintf(2, "cat: write error\n");
      return -1;
    }
  }
  if (n < 0) {
    fprintf(2, "cat: %s: read error\n", name);
    return -1;
  }
  return 0;
}

/* Copies the file at path; returns 0, or -1 after reporting why it could not. */
static int cat_file(const char *path) {
  if (strcmp(path, "-") == 0)
    return copy_out(0, "standard input");
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "cat: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  struct stat st;
  int status;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    fprintf(2, "cat: %s: is a directory\n", path);
    status = -1;
  } else {
    status = copy_out(fd, path);
  }
  close(fd);
  return status;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (first == argc)
    _exit(copy_out(0, "standard input") < 0 ? 1 : 0);
  int status = 0;
  for (int i = first; i < argc; i++)
    if (cat_file(argv[i]) < 0)
      status = 1;
  _exit(status);
}
