/* grep [-ivcnqwx] [-e pattern]... [pattern] [file...]: prints the lines of each file (or of
 * standard input) that match a simple regular expression, or their count. */
#include "cmd.h"

/* Patterns: literal characters, '.', 'x*', '^' and '$'; '\\' quotes. -i ignores case, -v
 * selects the lines that do not match, -c prints only how many lines are selected, -n numbers
 * them, -q prints nothing (the status tells), -w and -x match whole words and whole lines;
 * each -e gives a pattern (a line is selected when any matches). */

#define USAGE "grep [-ivcnqwx] [-e pattern]... [pattern] [file...]"
#define MAX_ATOMS 128
#define MAX_PATTERNS 8

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
static struct regex patterns[MAX_PATTERNS];
static int npatterns;
static int show_names;
static int selected_anywhere; /* lines selected over all the files */

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

static int is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* May a match end just before rest? '$' and -x want the end of the line, -w a non-word. */
static int may_end(const struct regex *re, const char *rest) {
  if ((re->at_end || flags['x']) && *rest != '\0')
    return 0;
  return !flags['w'] || !is_word(*rest);
}

/* May a match begin at start of line? -w wants no word character just before it. */
static int may_begin(const char *line, const char *start) {
  return !flags['w'] || start == line || !is_word(start[-1]);
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
  return may_end(re, text);
}

static int matches(const struct regex *re, const char *line) {
  for (const char *start = line;; start++) {
    if (may_begin(line, start) && match_here(re, 0, start))
      return 1;
    if (*start == '\0' || re->at_start || flags['x'])
      return 0;
  }
}

/* Does any pattern match the line? */
static int selects(const char *line) {
  int hit = 0;
  for (int p = 0; p < npatterns && !hit; p++)
    hit = matches(&patterns[p], line);
  return hit != (flags['v'] != 0);
}

/* Checks one line (or one piece of a line longer than the buffer). */
static void check_line(char *line, struct source *src) {
  if (!selects(line))
    return;
  src->selected++;
  if (flags['q'])
    exit_checked("grep", 0); /* one selected line settles the status */
  if (flags['c'])
    return;
  if (show_names)
    fprintf(1, "%s:", src->name);
  if (flags['n'])
    fprintf(1, "%d:", src->line_no);
  fprintf(1, "%s\n", line);
}

/* Checks the complete lines in buf[0..used); returns the index after the last one. */
static int check_lines(int used, struct source *src) {
  int start = 0;
  for (int i = 0; i < used; i++) {
    if (buf[i] == '\n') {
      buf[i] = '\0';
      check_line(buf + start, src);
      src->line_no++;
      start = i + 1;
    }
  }
  return start;
}

/* Checks every line of fd; 0, or -1 on a read error. A line longer than the buffer is
 * checked in buffer-sized pieces. */
static int search(int fd, struct source *src) {
  int used = 0;
  int n;
  while (write_failure(1) == 0 && (n = read(fd, buf + used, LINE_CAP - used)) > 0) {
    used += n;
    int done = check_lines(used, src);
    if (done == 0 && used == LINE_CAP) {
      buf[used] = '\0';
      check_line(buf, src);
      done = used;
    }
    memmove(buf, buf + done, used - done);
    used -= done;
  }
  if (used > 0) {
    buf[used] = '\0';
    check_line(buf, src);
  }
  return n < 0 ? -1 : 0;
}

/* for_each_input's step: searches one operand, then prints its count with -c. */
static int search_input(int fd, const char *name) {
  struct source src = {strcmp(name, "-") == 0 ? "(standard input)" : name, 1, 0};
  int status = search(fd, &src);
  if (status < 0)
    fprintf(2, "grep: %s: read error\n", src.name);
  if (flags['c'] && !flags['q'] && show_names)
    fprintf(1, "%s:%d\n", src.name, src.selected);
  else if (flags['c'] && !flags['q'])
    fprintf(1, "%d\n", src.selected);
  selected_anywhere += src.selected;
  return status;
}

/* A pattern into the next free slot; 0, or -1 after saying why not. */
static int add_pattern(char option, const char *text) {
  (void)option; /* -e is the only option with a value */
  if (npatterns == MAX_PATTERNS) {
    fprintf(2, "grep: too many patterns (at most %d)\n", MAX_PATTERNS);
    return -1;
  }
  if (compile(text, &patterns[npatterns]) < 0) {
    fprintf(2, "grep: pattern too long\n");
    return -1;
  }
  npatterns++;
  return 0;
}

/* Exit status as in Unix: 0 when a line was selected, 1 when none, 2 on trouble. */
int main(int argc, char *argv[]) {
  int first = parse_options_taking(argc, argv, "ivcnqwxe:", flags, USAGE, add_pattern);
  if (first < 0)
    _exit(2);
  if (npatterns == 0) {
    if (first == argc) {
      fprintf(2, "usage: %s\n", USAGE);
      _exit(2);
    }
    if (add_pattern('e', argv[first++]) < 0)
      _exit(2);
  }
  show_names = argc - first > 1;
  int trouble = for_each_input("grep", argc, argv, first, search_input) < 0;
  int status = trouble ? 2 : selected_anywhere > 0 ? 0 : 1;
  _exit(finish_output("grep", status) == status ? status : 2);
}
