/* grep: prints the lines of each file (or standard input) that match a simple
 * regular expression: literal characters, '.', 'x*', '^' and '$'; '\' quotes. */
#include "user.h"

#define MAX_ATOMS 128

/* One pattern element: a character (or any character), once or repeated. */
struct atom {
  char ch;
  char any;    /* '.' */
  char repeat; /* followed by '*': zero or more */
};

struct regex {
  struct atom atoms[MAX_ATOMS];
  int count;
  int at_start; /* '^' */
  int at_end;   /* '$' */
};

#define BUF_SIZE 1024
#define LINE_CAP (BUF_SIZE - 1) /* one byte kept for the terminator */

static char buf[BUF_SIZE];
static int show_names;

/* Turns the pattern text into atoms; returns 0, or -1 if it is too long. */
static int compile(const char *pat, struct regex *re) {
  memset(re, 0, sizeof(*re));
  if (*pat == '^') {
    re->at_start = 1;
    pat++;
  }
  while (*pat != '\0') {
    if (*pat == '$' && pat[1] == '\0') {
      re->at_end = 1;
      break;
    }
    if (*pat == '*' && re->count > 0 && !re->atoms[re->count - 1].repeat) {
      re->atoms[re->count - 1].repeat = 1;
      pat++;
      continue;
    }
    if (re->count == MAX_ATOMS)
      return -1;
    struct atom *a = &re->atoms[re->count++];
    if (*pat == '\\' && pat[1] != '\0')
      pat++;
    else if (*pat == '.')
      a->any = 1;
    a->ch = *pat++;
  }
  return 0;
}

static int fits(const struct atom *a, char c) {
  return c != '\0' && (a->any || a->ch == c);
}

/* Does atoms[i..] match text from its start? Repeats take as much as they can,
 * then give back one character at a time. */
static int match_here(const struct regex *re, int i, const char *text) {
  for (; i < re->count; i++) {
    const struct atom *a = &re->atoms[i];
    if (a->repeat) {
      int run = 0;
      while (fits(a, text[run]))
        run++;
      for (; run >= 0; run--) {
        if (match_here(re, i + 1, text + run))
          return 1;
      }
      return 0;
    }
    if (!fits(a, *text))
      return 0;
    text++;
  }
  return !re->at_end || *text == '\0';
}

static int matches(const struct regex *re, const char *line) {
  if (re->at_start)
    return match_here(re, 0, line);
  for (const char *start = line;; start++) {
    if (match_here(re, 0, start))
      return 1;
    if (*start == '\0')
      return 0;
  }
}

static int check_line(const struct regex *re, char *line, const char *name) {
  if (!matches(re, line))
    return 0;
  if (show_names)
    fprintf(1, "%s:%s\n", name, line);
  else
    fprintf(1, "%s\n", line);
  return 1;
}

/* Checks the complete lines in buf[0..used); returns the index after the last one. */
static int check_lines(const struct regex *re, int used, const char *name, int *found) {
  int start = 0;
  for (int i = 0; i < used; i++) {
    if (buf[i] == '\n') {
      buf[i] = '\0';
      *found += check_line(re, buf + start, name);
      start = i + 1;
    }
  }
  return start;
}

/* Checks every line of fd; returns how many matched, or -1 on a read error.
 * A line longer than the buffer is checked in buffer-sized pieces. */
static int search(const struct regex *re, int fd, const char *name) {
  int found = 0;
  int used = 0;
  int n;
  while ((n = read(fd, buf + used, LINE_CAP - used)) > 0) {
    used += n;
    int done = check_lines(re, used, name, &found);
    if (done == 0 && used == LINE_CAP) {
      buf[used] = '\0';
      found += check_line(re, buf, name);
      done = used;
    }
    memmove(buf, buf + done, used - done);
    used -= done;
  }
  if (used > 0) {
    buf[used] = '\0';
    found += check_line(re, buf, name);
  }
  return n < 0 ? -1 : found;
}

int main(int argc, char *argv[]) {
  struct regex re;
  if (argc < 2) {
    fprintf(2, "usage: grep pattern [file...]\n");
    _exit(2);
  }
  if (compile(argv[1], &re) < 0) {
    fprintf(2, "grep: pattern too long\n");
    _exit(2);
  }
  if (argc == 2)
    _exit(search(&re, 0, "") > 0 ? 0 : 1);
  show_names = argc > 3;
  int found = 0;
  int trouble = 0;
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      trouble = 1;
      continue;
    }
    int n = search(&re, fd, argv[i]);
    close(fd);
    if (n < 0) {
      fprintf(2, "grep: read error on %s\n", argv[i]);
      trouble = 1;
    } else {
      found += n;
    }
  }
  _exit(trouble ? 2 : found > 0 ? 0 : 1);
}
