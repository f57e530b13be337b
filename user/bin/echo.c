/* echo [-n] [word...]: writes its arguments to standard output, separated by
 * spaces and followed by a newline (none with -n), in as few writes as it can. */
#include "cmd.h"

static char buf[512];
static int used;

/* A failed write is kept by write_all; exit_checked reports it. */
static void flush(void) {
  if (used > 0)
    write_all(1, buf, used);
  used = 0;
}

static void put(const char *s, int len) {
  for (int i = 0; i < len; i++) {
    if (used == sizeof(buf))
      flush();
    buf[used++] = s[i];
  }
}

/* Like Unix echo, only an exact first "-n" is an option: other words starting
 * with '-' are printed, since echo has no file names to mistake them for. */
int main(int argc, char *argv[]) {
  int newline = 1;
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "-n") == 0) {
    newline = 0;
    first = 2;
  }
  for (int i = first; i < argc; i++) {
    put(argv[i], strlen(argv[i]));
    if (i + 1 < argc)
      put(" ", 1);
  }
  if (newline)
    put("\n", 1);
  flush();
  exit_checked("echo", 0);
}
