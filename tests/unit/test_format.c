/* Unit test (host): common/format.c, the formatter behind kprintf, the user library's printf
 * and the suites' messages, against the host's snprintf and moo's own rules. */
#include "check.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format.c"

static __attribute__((format(printf, 3, 4))) int moo(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = format_string(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

/* One case: the text and the length must match what the host's vsnprintf makes of it. */
static __attribute__((format(printf, 1, 2))) void same(const char *fmt, ...) {
  char want[256], got[256], what[600];
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int nwant = vsnprintf(want, sizeof(want), fmt, ap);
  int ngot = format_string(got, sizeof(got), fmt, again);
  va_end(again);
  va_end(ap);
  snprintf(what, sizeof(what), "format \"%s\": \"%s\" (%d), as vsnprintf \"%s\" (%d)", fmt, got,
           ngot, want, nwant);
  check(strcmp(want, got) == 0 && nwant == ngot, what);
}

/* A case where moo's rule is its own: the text must be want. */
static void expect(const char *want, const char *fmt, ...) {
  char got[256], what[600];
  va_list ap;
  va_start(ap, fmt);
  int n = format_string(got, sizeof(got), fmt, ap);
  va_end(ap);
  snprintf(what, sizeof(what), "format \"%s\" gives \"%s\" (got \"%s\", %d)", fmt, want, got, n);
  check(strcmp(got, want) == 0 && n == (int)strlen(want), what);
}

static void test_integers(void) {
  same("%d %d %d", 0, 42, -42);
  same("%d %d", 2147483647, (int)-2147483648LL);
  same("%i", -7);
  same("%u %u", 0u, 4294967295u);
  same("%x %x", 0u, 0xdeadbeefu);
  same("%ld %ld", 9223372036854775807L, (long)INT64_MIN);
  same("%lu %lx", 18446744073709551615UL, 0xfedcba9876543210UL);
  same("%lld %llu %llx", -5LL, 5ULL, 0xabcULL);
  same("%lld %llu %llx", -(1LL << 40), 1ULL << 63, 0x123456789abcdefULL);
  same("%zd %zu", (size_t)1 << 40, (size_t)-1);
  same("%zu %zx", (size_t)12345, (size_t)0xfff);
}

static void test_widths(void) {
  same("[%5d] [%-5d] [%05d]", 42, 42, 42);
  same("[%5d] [%-5d] [%05d]", -42, -42, -42);
  same("[%010lx] [%8u] [%12lu]", 0x1234UL, 7u, 99UL);
  same("[%2d] [%02d]", 12345, 12345); /* a width smaller than the number */
  expect("[3    ]", "[%-05d]", 3);    /* "-" wins over "0" */
  same("[%8s] [%-8s] [%12s]", "ab", "ab", "");
  same("[%-6s|%-14s]", "name", "longer name");
  same("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
  same("100%% sure %s", "yes");
}

static void test_moo_rules(void) {
  expect("0x00000000000012ab", "%p", (void *)0x12ab);
  expect("0xffffffff80200000", "%p", (void *)0xffffffff80200000UL);
  expect("[  0x0000000000000001]", "[%20p]", (void *)1);
  expect("(null)", "%s", (char *)0);
  expect("%q and %w", "%q and %w");
  expect("ends in %", "ends in %");
  expect("[   x]", "[%04s]", "x"); /* zeros pad numbers only */
}

static void test_bounds(void) {
  char buf[8];
  memset(buf, 'Z', sizeof(buf));
  int n = moo(buf, sizeof(buf), "%s", "0123456789");
  check(n == 10 && strcmp(buf, "0123456") == 0, "a long text is cut at size - 1, length whole");
  memset(buf, 'Z', sizeof(buf));
  n = moo(buf, 0, "%d", 123);
  check(n == 3 && buf[0] == 'Z', "size 0 writes nothing and still counts");
  n = moo(buf, 1, "abc");
  check(n == 3 && buf[0] == 0, "size 1 holds only the terminator");
}

static int put_calls;
static char put_text[64];

static void put_collect(void *ctx, char c) {
  (void)ctx;
  if (put_calls < (int)sizeof(put_text) - 1)
    put_text[put_calls] = c;
  put_calls++;
}

static int out_to_collector(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = format_out(put_collect, 0, fmt, ap);
  va_end(ap);
  return n;
}

static void test_sink(void) {
  int n = out_to_collector("%s=%d;", "pid", 12);
  check(n == 7 && put_calls == 7 && strcmp(put_text, "pid=12;") == 0,
        "format_out calls the sink once per character and counts them");
}

int main(void) {
  test_integers();
  test_widths();
  test_moo_rules();
  test_bounds();
  test_sink();
  return check_summary("test_format");
}
