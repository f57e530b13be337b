/* sleep seconds: waits that long; a decimal fraction ("0.5") is rounded to
 * a tenth of a second. ^C ends it like any program. */
#include "cmd.h"
#include "machine.h" /* TICKS_PER_SECOND: 10 on RISC-V, 100 on i386 */

#define USAGE "sleep seconds"
#define MAX_SECONDS 10000000 /* times 100 ticks still fits an int */

/* Ticks for text like "3" or "2.5"; -1 when it is not such a number. */
static int parse_ticks(const char *s) {
  int seconds = 0, tenths = 0, digits = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) {
    if (seconds > MAX_SECONDS)
      return -1;
    seconds = seconds * 10 + (*s - '0');
  }
  if (*s == '.') {
    s++;
    if (*s >= '0' && *s <= '9') {
      tenths = *s++ - '0';
      digits++;
    }
    while (*s >= '0' && *s <= '9')
      s++;
  }
  if (*s != '\0' || digits == 0)
    return -1;
  return seconds * TICKS_PER_SECOND + tenths * (TICKS_PER_SECOND / 10);
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  int ticks = argc - first == 1 ? parse_ticks(argv[first]) : -1;
  if (ticks < 0) {
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  if (sleep(ticks) < 0) {
    fprintf(2, "sleep: the kernel refused to sleep\n");
    _exit(1);
  }
  _exit(0);
}
