/* Helpers shared by moo's own commands (options.c, reason.c, convert.c, paths.c, output.c,
 * inputs.c): options, the reasons in error messages, checked output. Not the xv6 API. */
#ifndef MOO_CMD_H
#define MOO_CMD_H

#include "user.h"

/* Leading options of argv: each letter of a "-xyz" argument sets flags[letter]
 * when it is in allowed; "--" ends the options and "-" alone is no option.
 * Returns the index of the first other argument, or -1 after printing
 * "prog: unknown option -q" and "usage: <usage>" on fd 2. */
int parse_options(int argc, char *argv[], const char *allowed, char flags[128], const char *usage);

/* parse_options for options that take an argument: a letter followed by ':' in allowed takes
 * the rest of its argument ("-epat") or the next one ("-e pat"), and is handed to take(letter,
 * value) instead of setting a flag; a missing value is refused like an unknown option. take
 * returns 0, or -1 to refuse it (after saying why). */
int parse_options_taking(int argc, char *argv[], const char *allowed, char flags[128],
                         const char *usage, int (*take)(char letter, const char *value));

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

/* s as a decimal number, with an optional '-' and nothing else, into *out: 0, or -1
 * when s is not such a number or does not fit an int. */
int parse_number(const char *s, int *out);

/* Names are cut at DIRSIZ (14) bytes by the kernel, as xv6 does; commands that make names
 * (and the shell's redirections) refuse a longer component instead: the reason
 * "name too long (at most 14 bytes)" when a component of path is longer, else 0. */
const char *reason_name_too_long(const char *path);

/* ---- paths.c: for cp, mv, rm and rmdir ---- */

/* Is the last component of path "." or ".." ("a/..", "./")? Removing those would pull a
 * directory from under its own path. */
int names_dot(const char *path);

/* The path a file copied or moved from source to target gets: target, or target/name when
 * target is a directory (name: source's last component). 0, or -1 when it is too long. */
int destination_of(const char *source, const char *target, char out[128]);

/* Do paths a and b name the same file (device and inode)? */
int same_file(const char *a, const char *b);

/* The end of cp and mv ("source... target"; several sources want a directory target):
 * fn(source, destination) for each source whose destination is usable (a name too long, or
 * the source itself, is refused with a message). Returns the exit status: 0, 1 when any
 * failed, 2 (with the usage line) when first is -1 or fewer than two operands were given. */
int for_each_source(const char *prog, int argc, char *argv[], int first, const char *usage,
                    int (*fn)(const char *source, const char *dest));

/* ---- output.c: writes that are checked ---- */

/* Writes all n bytes, retrying a short write; 0, or -1 when the kernel took no more (the
 * reason is kept for write_failure). printf and fprintf write through it. */
int write_all(int fd, const void *buf, int n);

/* Copies everything in to out: 0, or one of these (write_all keeps a write's reason). */
#define COPY_READ_FAILED -1
#define COPY_WRITE_FAILED -2
int copy_all(int in, int out);

/* Why the write to fd that just failed did: "no space left on device", "file too large",
 * "broken pipe"... Call it before any other system call can fail (it asks lasterror). */
const char *reason_write_failed(int fd);

/* 0 while every write to fd has worked, else the reason the first failed one gave. */
const char *write_failure(int fd);

/* The status a command should exit with: status, or 1 after "prog: write error: why" on
 * fd 2 when a write to standard output failed (or closing it did; a pipe whose reader is
 * gone gives 1 without a message, as SIGPIPE in Unix). exit_checked exits so. */
int finish_output(const char *prog, int status);
void exit_checked(const char *prog, int status) __attribute__((noreturn));

/* ---- inputs.c: the operands of cat, wc and grep ---- */

/* fn(fd, name) on each operand opened for reading, in order ("-": standard input; no operand
 * at all: standard input, named "-"); one that cannot be opened, or is a directory, is
 * reported "prog: name: why" and skipped. Stops early once standard output has failed.
 * Returns 0, or -1 when any operand failed (fn returning < 0 included). */
int for_each_input(const char *prog, int argc, char *argv[], int first,
                   int (*fn)(int fd, const char *name));

#endif
