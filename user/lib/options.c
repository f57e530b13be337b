/* Command-line options for moo's commands: leading "-xyz" arguments become
 * flags, "--" ends them, and an unknown letter is an error with a usage line. */
#include "cmd.h"

static int refuse(char *argv[], const char *what, char letter, const char *usage) {
  fprintf(2, "%s: %s -%c\nusage: %s\n", argv[0], what, letter, usage);
  return -1;
}

/* The letters of argv[*i] (after its '-'): flags set, or values handed to take (a value may be
 * the next argument, which *i then skips). 0, or -1 after saying why. */
static int take_letters(int argc, char *argv[], int *i, const char *allowed, char *flags,
                        const char *usage, int (*take)(char, const char *)) {
  for (const char *c = argv[*i] + 1; *c != '\0'; c++) {
    const char *spec = strchr(allowed, *c);
    if (spec == 0 || *c == ':')
      return refuse(argv, "unknown option", *c, usage);
    if (spec[1] != ':') {
      flags[(uchar)*c] = 1;
      continue;
    }
    const char *value = c[1] != '\0' ? c + 1 : *i + 1 < argc ? argv[++*i] : 0;
    if (value == 0)
      return refuse(argv, "missing the value of option", *c, usage);
    return take(*c, value);
  }
  return 0;
}

int parse_options_taking(int argc, char *argv[], const char *allowed, char flags[128],
                         const char *usage, int (*take)(char letter, const char *value)) {
  memset(flags, 0, 128);
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0)
      return i + 1;
    if (take_letters(argc, argv, &i, allowed, flags, usage, take) < 0)
      return -1;
  }
  return i;
}

int parse_options(int argc, char *argv[], const char *allowed, char flags[128], const char *usage) {
  return parse_options_taking(argc, argv, allowed, flags, usage, 0);
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
  int first = parse_options(argc, argv, "", flags, usage);
  if (first == argc)
    return 1;
  if (first >= 0) /* an unknown option has had its usage line already */
    fprintf(2, "%s: %s: no operand is taken\nusage: %s\n", argv[0], argv[first], usage);
  return 0;
}
