/* For suites that test the shell and the commands: run a shell script with its
 * output (standard output and error together) captured in a buffer. */
#ifndef MOO_TESTS_CAPTURE_H
#define MOO_TESTS_CAPTURE_H

#include "check.h"

#define CAPTURE_MAX 8192

static char captured[CAPTURE_MAX + 1]; /* the output of the last run_script */

/* Writes len bytes to a new file at path; 0, or -1. */
static inline int write_file(const char *path, const char *text, int len) {
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0)
    return -1;
  int n = write(fd, text, len);
  close(fd);
  return n == len ? 0 : -1;
}

/* Reads up to CAPTURE_MAX bytes of the file at path into captured. */
static inline int read_captured(const char *path) {
  int fd = open(path, O_RDONLY);
  int total = 0, n = 0;
  while (fd >= 0 && total < CAPTURE_MAX &&
         (n = read(fd, captured + total, CAPTURE_MAX - total)) > 0)
    total += n;
  if (fd >= 0)
    close(fd);
  captured[total] = 0;
  return total;
}

/* Starts /sh in directory dir reading the script at script_path, with out_fd (3 or more) as
 * its standard output and error; returns its pid, or -1. */
static inline int start_script(const char *dir, const char *script_path, int out_fd) {
  int pid = fork();
  if (pid == 0) {
    close(0);
    close(1);
    close(2);
    if (chdir(dir) < 0 || open(script_path, O_RDONLY) != 0 || dup(out_fd) != 1 || dup(out_fd) != 2)
      _exit(99);
    close(out_fd);
    char *argv[] = {"sh", 0};
    exec("/sh", argv);
    _exit(98);
  }
  return pid;
}

/* Runs /sh with script on its standard input, in directory dir; returns sh's
 * exit status (-1000 when it could not run) and leaves the output in captured. */
static inline int run_script(const char *dir, const char *script) {
  char script_path[64], out_path[64];
  format(script_path, sizeof(script_path), "%s/script", dir);
  format(out_path, sizeof(out_path), "%s/output", dir);
  captured[0] = 0;
  if (write_file(script_path, script, strlen(script)) < 0)
    return -1000;
  int out = open(out_path, O_CREATE | O_WRONLY | O_TRUNC);
  int pid = out < 0 ? -1 : start_script(dir, script_path, out);
  if (out >= 0)
    close(out);
  int status = -1000;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -1000;
  read_captured(out_path);
  return status;
}

/* Does captured hold text? */
static inline int captured_has(const char *text) {
  int len = strlen(text);
  for (const char *s = captured; *s; s++)
    if (memcmp(s, text, len) == 0)
      return 1;
  return len == 0;
}

#endif
