/* wc: counts lines, words and bytes of each named file (or of standard
 * input) and prints "lines words bytes name", with a total for several files. */
#include "user.h"

struct counts {
  int lines;
  int words;
  int bytes;
};

static char buf[1024];

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Counts what fd holds; returns 0, or -1 on a read error. */
static int count(int fd, struct counts *c) {
  int in_word = 0;
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    c->bytes += n;
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n')
        c->lines++;
      if (is_space(buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void report(const struct counts *c, const char *name) {
  fprintf(1, "%d %d %d %s\n", c->lines, c->words, c->bytes, name);
}

int main(int argc, char *argv[]) {
  struct counts total = {0, 0, 0};
  if (argc < 2) {
    if (count(0, &total) < 0) {
      fprintf(2, "wc: read error\n");
      _exit(1);
    }
    report(&total, "");
    _exit(0);
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct counts c = {0, 0, 0};
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      status = 1;
      continue;
    }
    if (count(fd, &c) < 0) {
      fprintf(2, "wc: read error on %s\n", argv[i]);
      status = 1;
    }
    close(fd);
    report(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc > 2)
    report(&total, "total");
  _exit(status);
}
