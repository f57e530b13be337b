/* File helpers built on system calls: gets reads one line from fd 0, stat
 * looks up a file by path. */
#include "user.h"

/* Reads up to max-1 bytes, stopping after a newline or at end of input; reads one
 * byte at a time so nothing past the line is taken from a shared descriptor. */
char *gets(char *buf, int max) {
  int len = 0;
  while (len + 1 < max) {
    char c;
    if (read(0, &c, 1) != 1)
      break;
    buf[len++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  if (max > 0)
    buf[len] = '\0';
  return buf;
}

int stat(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int result = fstat(fd, st);
  close(fd);
  return result;
}
