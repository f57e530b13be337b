/* Where cp and mv put a file: the target itself, or, when the target is a directory, the
 * source's last name inside it. */
#include "cmd.h"

#define PATH_CAP 128 /* the kernel's MAXPATH */

/* The last component of path ("c" of "a/b/c", "c" of "c/"), its length in *len. */
static const char *last_name(const char *path, int *len) {
  int end = strlen(path);
  while (end > 1 && path[end - 1] == '/')
    end--;
  int start = end;
  while (start > 0 && path[start - 1] != '/')
    start--;
  *len = end - start;
  return path + start;
}

int names_dot(const char *path) {
  int len;
  const char *name = last_name(path, &len);
  return (len == 1 || len == 2) && memcmp(name, "..", len) == 0;
}

int destination_of(const char *source, const char *target, char out[128]) {
  int target_len = strlen(target);
  if (!is_directory(target)) {
    if (target_len >= PATH_CAP)
      return -1;
    strcpy(out, target);
    return 0;
  }
  int name_len;
  const char *name = last_name(source, &name_len);
  if (target_len + 1 + name_len >= PATH_CAP)
    return -1;
  memmove(out, target, target_len);
  out[target_len] = '/';
  memmove(out + target_len + 1, name, name_len);
  out[target_len + 1 + name_len] = '\0';
  return 0;
}

int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.dev == sb.dev && sa.ino == sb.ino;
}

/* fn for one source, once its destination is known to be usable; 0, or -1. */
static int take_source(const char *prog, const char *source, const char *target,
                       int (*fn)(const char *source, const char *dest)) {
  static char dest[PATH_CAP];
  if (destination_of(source, target, dest) < 0) {
    fprintf(2, "%s: %s: path too long\n", prog, target);
    return -1;
  }
  const char *why = reason_name_too_long(dest);
  if (why) {
    fprintf(2, "%s: %s: %s\n", prog, dest, why);
    return -1;
  }
  if (same_file(source, dest)) {
    fprintf(2, "%s: %s and %s are the same file\n", prog, source, dest);
    return -1;
  }
  return fn(source, dest);
}

int for_each_source(const char *prog, int argc, char *argv[], int first, const char *usage,
                    int (*fn)(const char *source, const char *dest)) {
  if (first < 0)
    return 2;
  if (argc - first < 2) {
    fprintf(2, "usage: %s\n", usage);
    return 2;
  }
  const char *target = argv[argc - 1];
  const char *why = reason_name_too_long(target); /* before the kernel finds it cut short */
  if (why) {
    fprintf(2, "%s: %s: %s\n", prog, target, why);
    return 1;
  }
  if (argc - first > 2 && !is_directory(target)) {
    fprintf(2, "%s: %s: not a directory (several files go into a directory)\n", prog, target);
    return 1;
  }
  int status = 0;
  for (int i = first; i < argc - 1; i++)
    if (take_source(prog, argv[i], target, fn) < 0)
      status = 1;
  return status;
}
