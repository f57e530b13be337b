/* ln target linkname: gives an existing file a second name (a hard link). */
#include "cmd.h"

#define USAGE "ln target linkname"

/* Why link(target, name) failed. */
static const char *link_problem(const char *target, const char *name) {
  struct stat st;
  if (stat(target, &st) < 0)
    return reason_open_failed(target, O_RDONLY);
  if (st.type == T_DIR)
    return "a directory cannot be linked";
  return reason_create_failed(name);
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (argc - first != 2) {
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  const char *target = argv[first], *name = argv[first + 1];
  const char *why = reason_name_too_long(name);
  if (why) {
    fprintf(2, "ln: cannot link %s as %s: %s\n", target, name, why);
    _exit(1);
  }
  if (link(target, name) < 0) {
    fprintf(2, "ln: cannot link %s as %s: %s\n", target, name, link_problem(target, name));
    _exit(1);
  }
  _exit(0);
}
