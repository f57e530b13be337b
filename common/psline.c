/* The lines of a process listing (see psline.h): the columns and the words for the states
 * that procinfo reports. */
#include "psline.h"
#include "../kernel/proc/procinfo.h"
#include "format.h"

#define LINE_FORMAT "%5d %5d %5d %-7s %7lu %s\n"

static const char *const state_words[] = {
    [PROCINFO_SLEEPING] = "sleep",
    [PROCINFO_RUNNABLE] = "ready",
    [PROCINFO_RUNNING] = "run",
    [PROCINFO_ZOMBIE] = "zombie",
};

const char *ps_state_word(int state) {
  int n = sizeof(state_words) / sizeof(state_words[0]);
  return state >= 0 && state < n && state_words[state] ? state_words[state] : "?";
}

static int print(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = format_string(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int ps_header(char *buf, size_t size) {
  return print(buf, size, "%5s %5s %5s %-7s %7s %s\n", "PID", "PPID", "PGID", "STATE", "KiB",
               "NAME");
}

int ps_line(char *buf, size_t size, const struct procinfo *p) {
  char state[16]; /* the word, and '+' for the console's foreground group (^C's target) */
  print(state, sizeof(state), "%s%s", ps_state_word(p->state), p->foreground ? "+" : "");
  return print(buf, size, LINE_FORMAT, p->pid, p->ppid, p->pgid, state, p->size / 1024, p->name);
}
