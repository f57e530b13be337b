/* Command-line options for moo's commands: leading "-xyz" arguments become
 * flags, "--" ends them, and an unknown letter is an error with a usage line. */
#include "cmd.h"

/* Letters of arg (after its '-') into flags; 0, or the first letter not in allowed. */
static char take_letters(const char *arg, const char *allowed, char *flags) {
  for (const char *c = arg + 1; *c != '\0'; c++) {
    if (strchr(allowed, *c) == 0)
      return *c;
    flags[(uchar)*c] = 1;
  }
  return 0;
}

int parse_options(int argc, char *argv[], const char *allowed, char flags[128],
                  const char *usage) {
  memset(flags, 0, 128);
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0)
      return i + 1;
    char bad = take_letters(argv[i], allowed, flags);
    if (bad != 0) {
      fprintf(2, "%s: unknown option -%c\nusage: %s\n", argv[0], bad, usage);
      return -1;
    }
  }
  return i;
}

int for_each_operand(int argc, char *argv[], int first, const char *usage,
                     int (*fn)(const char *operand)) {
  if (first < 0)
    return 2;
  if (first == argc) {
    fprintf(2, "usage: %s\n", usage);
    return 2;
  }
  int status = 0;
  for (int i = first; i < argc; i++)
    if (fn(argv[i]) < 0)
      status = 1;
  return status;
}

int takes_no_arguments(int argc, char *argv[], const char *usage) {
  char flags[128];
  if (parse_options(argc, argv, "", flags, usage) == argc)
    return 1;
  if (argc > 1 && argv[1][0] != '-') /* an unknown option has had its usage line */
    fprintf(2, "usage: %s\n", usage);
  return 0;
}
