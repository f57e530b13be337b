/* wc [-lwc] [file...]: counts the lines, words and bytes of each file (or of
 * standard input); options pick the counts, printed in that order, then the name. */
#include "cmd.h"

#define USAGE "wc [-lwc] [file...]"

struct counts {
  int lines;
  int words;
  int bytes;
};

static char buf[1024];
static char show_lines, show_words, show_bytes;

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

/* One line: the chosen counts separated by spaces, then the name if any. */
static void report(const struct counts *c, const char *name) {
  const char *sep = "";
  if (show_lines) {
    fprintf(1, "%d", c->lines);
    sep = " ";
  }
  if (show_words) {
    fprintf(1, "%s%d", sep, c->words);
    sep = " ";
  }
  if (show_bytes)
    fprintf(1, "%s%d", sep, c->bytes);
  fprintf(1, "%s%s\n", name[0] ? " " : "", name);
}

/* Counts the file at path into c; returns 0, or -1 after reporting why it could not. */
static int count_file(const char *path, struct counts *c) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "wc: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  struct stat st;
  int status = 0;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    fprintf(2, "wc: %s: is a directory\n", path);
    status = -1;
  } else if (count(fd, c) < 0) {
    fprintf(2, "wc: %s: read error\n", path);
    status = -1;
  }
  close(fd);
  return status;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "lwc", flags, USAGE);
  if (first < 0)
    _exit(2);
  show_lines = flags['l'];
  show_words = flags['w'];
  show_bytes = flags['c'];
  if (!show_lines && !show_words && !show_bytes)
    show_lines = show_words = show_bytes = 1;
  struct counts total = {0, 0, 0};
  if (first == argc) {
    if (count(0, &total) < 0) {
      fprintf(2, "wc: read error\n");
      _exit(1);
    }
    report(&total, "");
    _exit(0);
  }
  int status = 0;
  for (int i = first; i < argc; i++) {
    struct counts c = {0, 0, 0};
    if (count_file(argv[i], &c) < 0) {
      status = 1;
      continue;
    }
    report(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc - first > 1)
    report(&total, "total");
  _exit(status);
}
