/* echo: writes its arguments to standard output, separated by spaces and
 * followed by a newline, in as few writes as the buffer allows. */
#include "user.h"

static char buf[512];
static int used;

static void flush(void) {
  if (used > 0)
    write(1, buf, used);
  used = 0;
}

static void put(const char *s, int len) {
  for (int i = 0; i < len; i++) {
    if (used == sizeof(buf))
      flush();
    buf[used++] = s[i];
  }
}

int main(int argc, char *argv[]) {
  for (int i = 1; i < argc; i++) {
    put(argv[i], strlen(argv[i]));
    put(i + 1 < argc ? " " : "\n", 1);
  }
  if (argc < 2)
    put("\n", 1);
  flush();
  _exit(0);
}
