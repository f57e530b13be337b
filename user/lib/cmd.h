/* Helpers shared by moo's own commands (options.c, reason.c): option
 * parsing and the reasons in error messages. Not part of the xv6 API. */
#ifndef MOO_CMD_H
#define MOO_CMD_H

#include "user.h"

/* Leading options of argv: each letter of a "-xyz" argument sets flags[letter]
 * when it is in allowed; "--" ends the options and "-" alone is no option.
 * Returns the index of the first other argument, or -1 after printing
 * "prog: unknown option -q" and "usage: <usage>" on fd 2. */
int parse_options(int argc, char *argv[], const char *allowed, char flags[128],
                  const char *usage);

/* For commands that take no option and no operand: 1 when argv holds
 * none, else 0 after printing why and "usage: <usage>" on fd 2. */
int takes_no_arguments(int argc, char *argv[], const char *usage);

/* The usual end of a command taking one or more operands: fn on each of
 * argv[first..], in order. Returns the exit status: 0, 1 when fn failed (< 0)
 * for any, 2 when first is -1 (parse_options failed) or no operand was given
 * (then "usage: <usage>" goes to fd 2). */
int for_each_operand(int argc, char *argv[], int first, const char *usage,
                     int (*fn)(const char *operand));

/* Why open(path, flags), or the creation of path (mkdir, link, mknod),
 * failed: a short reason such as "no such file or directory", found by
 * looking at the path afterwards (the calls return only -1). */
const char *reason_open_failed(const char *path, int flags);
const char *reason_create_failed(const char *path);

int is_directory(const char *path);

#endif
