/* Unit test (host): path splitting, 14-byte name truncation and directory
 * entry names, from kernel/fs/pathname.c. */
#include "check.h"
#include <stdio.h>
#include <string.h>

#include "fs/pathname.c"

/* Splits path fully and compares the components, joined by '|', with want. */
static void check_split(const char *path, const char *want) {
  char got[512] = "";
  struct path_cursor c;
  for (bool more = cursor_first(&c, path); more; more = cursor_next(&c)) {
    if (got[0])
      strcat(got, "|");
    strcat(got, c.name);
  }
  char what[256];
  snprintf(what, sizeof(what), "split '%s' gives '%s' (got '%s')", path, want, got);
  check(strcmp(got, want) == 0, what);
}

static void test_split(void) {
  check_split("", "");
  check_split("/", "");
  check_split("///", "");
  check_split("a", "a");
  check_split("/a/b/c", "a|b|c");
  check_split("a//b///", "a|b");
  check_split("./..//x", ".|..|x");
  check_split("/abcdefghijklmnopqrstuvwxyz/b", "abcdefghijklmn|b");
  check_split("abcdefghijklmn", "abcdefghijklmn");
  check_split("abcdefghijklmno/p", "abcdefghijklmn|p");
}

/* Where each component lies, its full length, and which one is last. */
static void test_cursor_position(void) {
  struct path_cursor c;
  check(cursor_first(&c, "/usr//bin/") && strcmp(c.name, "usr") == 0, "first component");
  check(c.start == 1 && c.length == 3 && !c.last, "its place, and another follows");
  check(cursor_next(&c) && strcmp(c.name, "bin") == 0, "second component");
  check(c.start == 6 && c.length == 3 && c.last, "trailing slashes leave it the last");
  check(!cursor_next(&c) && strcmp(c.name, "bin") == 0, "nothing after the last; cursor stays");
  check(cursor_first(&c, "x") && c.last && c.start == 0, "a single name is first and last");
  check(!cursor_first(&c, "//") && c.name[0] == 0, "only slashes: no component");
  check(cursor_first(&c, "abcdefghijklmnopqrst/y") && c.length == 20 && strlen(c.name) == DIRSIZ,
        "a long component keeps its full length, its name is cut");
  check(cursor_next(&c) && c.start == 21 && strcmp(c.name, "y") == 0, "the next starts after it");
}

static void test_entry_names(void) {
  char entry[DIRSIZ];
  entry_name_set(entry, "abc");
  check(memcmp(entry, "abc\0\0\0\0\0\0\0\0\0\0\0", DIRSIZ) == 0, "short name is NUL-padded");
  check(entry_name_equals(entry, "abc"), "short name matches");
  check(!entry_name_equals(entry, "ab"), "prefix does not match");
  check(!entry_name_equals(entry, "abcd"), "longer name does not match");
  entry_name_set(entry, "abcdefghijklmnopq");
  check(memcmp(entry, "abcdefghijklmn", DIRSIZ) == 0, "long name cut to 14 bytes, no NUL");
  check(entry_name_equals(entry, "abcdefghijklmn"), "14-byte name matches");
  check(entry_name_equals(entry, "abcdefghijklmnXYZ"), "longer lookup is cut the same way");
  check(!entry_name_equals(entry, "abcdefghijklm"), "13-byte prefix does not match");
}

static void test_misc(void) {
  check(name_is_dot_or_dotdot(".") && name_is_dot_or_dotdot(".."), "dot names");
  check(!name_is_dot_or_dotdot("...") && !name_is_dot_or_dotdot(".a"), "not dot names");
  check(strcmp(path_basename("some/dir/_prog"), "_prog") == 0, "basename of a path");
  check(strcmp(path_basename("prog"), "prog") == 0, "basename without slash");
}

int main(void) {
  test_split();
  test_cursor_position();
  test_entry_names();
  test_misc();
  return check_summary("test_fs_path");
}
