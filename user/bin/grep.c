/* grep [-ivcn] pattern [file...]: prints the lines of each file (or standard
 * input) that match a simple regular expression, or their count. */
#include "cmd.h"

/* Patterns: literal characters, '.', 'x*', '^' and '$'; '\' quotes. -i
 * ignores case, -v selects the lines that do not match, -c prints only how
 * many lines are selected, -n numbers them. */

#define USAGE "grep [-ivcn] pattern [file...]"
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
static char flags[128]; /* the options given */
static int show_names;

/* The state of one file being searched. */
struct source {
  const char *name;
  int line_no;  /* of the line being checked, from 1 */
  int selected; /* lines printed, or counted with -c */
};

static char fold(char c) {
  return flags['i'] && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

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
  return c != '\0' && (a->any || fold(a->ch) == fold(c));
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

/* Checks one line (or one piece of a line longer than the buffer). */
static void check_line(const struct regex *re, char *line, struct source *src) {
  if (matches(re, line) == (flags['v'] != 0))
    return;
  src->selected++;
  if (flags['c'])
    return;
  if (show_names)
    fprintf(1, "%s:", src->name);
  if (flags['n'])
    fprintf(1, "%d:", src->line_no);
  fprintf(1, "%s\n", line);
}

/* Checks the complete lines in buf[0..used); returns the index after the last one. */
static int check_lines(const struct regex *re, int used, struct source *src) {
  int start = 0;
  for (int i = 0; i < used; i++) {
    if (buf[i] == '\n') {
      buf[i] = '\0';
      check_line(re, buf + start, src);
      src->line_no++;
      start = i + 1;
    }
  }
  return start;
}

/* Checks every line of fd; returns 0, or -1 on a read error. A line longer
 * than the buffer is checked in buffer-sized pieces. */
static int search(const struct regex *re, int fd, struct source *src) {
  int used = 0;
  int n;
  src->line_no = 1;
  while ((n = read(fd, buf + used, LINE_CAP - used)) > 0) {
    used += n;
    int done = check_lines(re, used, src);
    if (done == 0 && used == LINE_CAP) {
      buf[used] = '\0';
      check_line(re, buf, src);
      done = used;
    }
    memmove(buf, buf + done, used - done);
    used -= done;
  }
  if (used > 0) {
    buf[used] = '\0';
    check_line(re, buf, src);
  }
  if (flags['c'] && show_names)
    fprintf(1, "%s:%d\n", src->name, src->selected);
  else if (flags['c'])
    fprintf(1, "%d\n", src->selected);
  return n < 0 ? -1 : 0;
}

/* Searches the file at path; -1 when it cannot be read (reported), else 0. */
static int search_file(const struct regex *re, const char *path, struct source *src) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "grep: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    return -1;
  }
  struct stat st;
  int status = 0;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    fprintf(2, "grep: %s: is a directory\n", path);
    status = -1;
  } else if (search(re, fd, src) < 0) {
    fprintf(2, "grep: %s: read error\n", path);
    status = -1;
  }
  close(fd);
  return status;
}

/* Exit status as in Unix: 0 when a line was selected, 1 when none, 2 on trouble. */
int main(int argc, char *argv[]) {
  struct regex re;
  int first = parse_options(argc, argv, "ivcn", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (first == argc) {
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  if (compile(argv[first], &re) < 0) {
    fprintf(2, "grep: pattern too long\n");
    _exit(2);
  }
  int nfiles = argc - first - 1;
  if (nfiles == 0) {
    struct source src = {"(standard input)", 0, 0};
    int err = search(&re, 0, &src);
    _exit(err < 0 ? 2 : src.selected > 0 ? 0 : 1);
  }
  show_names = nfiles > 1;
  int selected = 0;
  int trouble = 0;
  for (int i = first + 1; i < argc; i++) {
    struct source src = {argv[i], 0, 0};
    if (search_file(&re, argv[i], &src) < 0)
      trouble = 1;
    selected += src.selected;
  }
  _exit(trouble ? 2 : selected > 0 ? 0 : 1);
}
