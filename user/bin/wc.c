/* wc [-lwc] [file...]: lines, words and bytes of each file (or of standard input), then a
 * total when there are several; options choose among the three, always shown in that order. */
#include "cmd.h"

#define USAGE "wc [-lwc] [file...]"

enum { LINES, WORDS, BYTES, KINDS };

static char chunk[2048];
static char shown[KINDS]; /* which counts are printed */
static int total[KINDS];  /* over every operand counted */
static int named = 1;     /* 0 when standard input is read for want of operands */

static int is_blank(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The chosen counts, then the name when there is one, on one line. */
static void print_counts(const int n[KINDS], const char *name) {
  const char *gap = "";
  for (int k = 0; k < KINDS; k++) {
    if (!shown[k])
      continue;
    fprintf(1, "%s%d", gap, n[k]);
    gap = " ";
  }
  fprintf(1, named ? " %s\n" : "\n", name);
}

/* Counts what fd holds, prints it and adds it to the total; 0, or -1 on a read error. */
static int count_input(int fd, const char *name) {
  int n[KINDS] = {0, 0, 0};
  int between_words = 1;
  int got;
  while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
    n[BYTES] += got;
    for (char *c = chunk; c < chunk + got; c++) {
      n[LINES] += *c == '\n';
      n[WORDS] += between_words && !is_blank(*c);
      between_words = is_blank(*c);
    }
  }
  if (got < 0) {
    fprintf(2, "wc: %s: read error\n", name);
    return -1;
  }
  print_counts(n, name);
  for (int k = 0; k < KINDS; k++)
    total[k] += n[k];
  return 0;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "lwc", flags, USAGE);
  if (first < 0)
    _exit(2);
  shown[LINES] = flags['l'];
  shown[WORDS] = flags['w'];
  shown[BYTES] = flags['c'];
  if (!flags['l'] && !flags['w'] && !flags['c'])
    shown[LINES] = shown[WORDS] = shown[BYTES] = 1;
  named = first < argc;
  int status = for_each_input("wc", argc, argv, first, count_input) < 0 ? 1 : 0;
  if (argc - first > 1)
    print_counts(total, "total");
  exit_checked("wc", status);
}
