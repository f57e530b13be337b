/* Unit test (host): the process listing's lines (common/psline.c), which both ps and the
 * kernel's ^P print: every state procinfo reports has its word, and the columns line up. */
#include "check.h"
#include <string.h>

#include "format.c"
#include "psline.c"

static void test_state_words(void) {
  check(strcmp(ps_state_word(PROCINFO_SLEEPING), "sleep") == 0, "a sleeping process: sleep");
  check(strcmp(ps_state_word(PROCINFO_RUNNABLE), "ready") == 0, "a runnable process: ready");
  check(strcmp(ps_state_word(PROCINFO_RUNNING), "run") == 0, "a running process: run");
  check(strcmp(ps_state_word(PROCINFO_ZOMBIE), "zombie") == 0, "a zombie: zombie");
  check(strcmp(ps_state_word(0), "?") == 0 && strcmp(ps_state_word(99), "?") == 0 &&
            strcmp(ps_state_word(-1), "?") == 0,
        "a number procinfo never reports: ?");
}

static void test_lines(void) {
  char line[96];
  ps_header(line, sizeof(line));
  check(strcmp(line, "  PID  PPID  PGID STATE       KiB NAME\n") == 0, "the header");
  struct procinfo p = {
      .pid = 12, .ppid = 1, .pgid = 12, .state = PROCINFO_SLEEPING, .foreground = 1, .size = 20480};
  strcpy(p.name, "sh");
  ps_line(line, sizeof(line), &p);
  check(strcmp(line, "   12     1    12 sleep+       20 sh\n") == 0,
        "a line: pid, parent, group, state with the foreground mark, KiB, name");
  p.foreground = 0;
  p.state = PROCINFO_ZOMBIE;
  ps_line(line, sizeof(line), &p);
  check(strcmp(line, "   12     1    12 zombie       20 sh\n") == 0, "a zombie's line");
}

int main(void) {
  test_state_words();
  test_lines();
  return check_summary("test_psline");
}
