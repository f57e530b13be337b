/* The tiny harness the host unit tests share: count checks, print each
 * failure, and end with the runner's "N passed, N failed" line. */
#ifndef MOO_UNIT_CHECK_H
#define MOO_UNIT_CHECK_H

#include <stdbool.h>
#include <stdio.h>

static int passed, failed;

static void check(bool ok, const char *what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL: %s\n", what);
  }
}

/* Prints the summary line; returns the exit status for main. */
static int check_summary(const char *test) {
  printf("%s: %d passed, %d failed\n", test, passed, failed);
  return failed ? 1 : 0;
}

#endif
