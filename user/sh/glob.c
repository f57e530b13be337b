/* File-name patterns: * and ? in any component of a path, matched against the entries of
 * the directories named, one component at a time, without recursion (one stack page). */
#include "sh.h"

#define MAX_PATHS 64  /* paths one step of a pattern may hold */
#define POOL_CAP 4096 /* bytes of those paths */

/* The paths matched so far: before a component, and after it. */
struct paths {
  int count;
  int used;
  char *path[MAX_PATHS];
  char pool[POOL_CAP];
};

static struct paths steps[2];

/* Does name match pattern (GLOB_ANY: any run, GLOB_ONE: any one byte)? A * retried one
 * byte later each time the rest fails: no recursion. */
static int matches(const char *pattern, const char *name) {
  const char *star = 0, *resume = 0;
  while (*name) {
    if (*pattern == GLOB_ANY) {
      star = pattern++;
      resume = name;
    } else if (*pattern == *name || (*pattern == GLOB_ONE)) {
      pattern++;
      name++;
    } else if (star) {
      pattern = star + 1;
      name = ++resume;
    } else {
      return 0;
    }
  }
  while (*pattern == GLOB_ANY)
    pattern++;
  return *pattern == '\0';
}

/* Does the component (n bytes) hold * or ? ? */
static int has_marks(const char *component, int n) {
  for (int i = 0; i < n; i++)
    if (component[i] == GLOB_ANY || component[i] == GLOB_ONE)
      return 1;
  return 0;
}

/* Adds prefix, then n bytes of name, then a slash unless last, to p; 0 or GLOB_*. */
static int add_path(struct paths *p, const char *prefix, const char *name, int n, int last) {
  int plen = strlen(prefix), len = plen + n + !last;
  if (p->count == MAX_PATHS)
    return GLOB_TOO_MANY;
  if (p->used + len + 1 > POOL_CAP || len >= PATH_CAP)
    return GLOB_FULL;
  char *s = p->pool + p->used;
  memmove(s, prefix, plen);
  memmove(s + plen, name, n);
  if (!last)
    s[plen + n] = '/';
  s[len] = '\0';
  p->path[p->count++] = s;
  p->used += len + 1;
  return 0;
}

struct dir_entry_16 { /* a directory entry as the ABI reads it (docs/abi.md) */
  unsigned short inum;
  char name[NAME_MAX]; /* no terminating zero when NAME_MAX long */
};

int next_entry(int fd, char *name) {
  struct dir_entry_16 e;
  while (read(fd, &e, sizeof(e)) == sizeof(e)) {
    if (e.inum == 0)
      continue;
    memmove(name, e.name, NAME_MAX);
    name[NAME_MAX] = '\0';
    return e.inum;
  }
  return 0;
}

/* Adds every entry of directory prefix that matches component (n bytes) to next. */
static int add_matches(struct paths *next, const char *prefix, const char *component, int n,
                       int last) {
  char pattern[PATH_CAP], name[NAME_MAX + 1];
  memmove(pattern, component, n);
  pattern[n] = '\0';
  int fd = open(prefix[0] ? prefix : ".", O_RDONLY), err = 0;
  if (fd < 0)
    return 0; /* not a directory, or gone: nothing matches */
  while (err == 0 && next_entry(fd, name) > 0) {
    if (name[0] == '.' && pattern[0] != '.') /* hidden, and never . or .. by * */
      continue;
    if (matches(pattern, name))
      err = add_path(next, prefix, name, strlen(name), last);
  }
  close(fd);
  return err;
}

/* Moves every path of from one component further into to; 0 or GLOB_*. */
static int step(struct paths *from, struct paths *to, const char *component, int n, int last) {
  int literal = !has_marks(component, n);
  to->count = to->used = 0;
  for (int i = 0; i < from->count; i++) {
    int err;
    if (literal)
      err = add_path(to, from->path[i], component, n, last);
    else
      err = add_matches(to, from->path[i], component, n, last);
    if (err)
      return err;
  }
  return 0;
}

/* Sorts p's paths, and drops those that do not exist (a literal last component). */
static void sort_existing(struct paths *p) {
  struct stat st;
  int kept = 0;
  for (int i = 0; i < p->count; i++) {
    char *path = p->path[i];
    if (stat(path, &st) < 0)
      continue;
    int j = kept++;
    for (; j > 0 && strcmp(p->path[j - 1], path) > 0; j--)
      p->path[j] = p->path[j - 1];
    p->path[j] = path;
  }
  p->count = kept;
}

int glob(const char *pattern, char **out, int max, char *buf, int *used, int cap) {
  struct paths *from = &steps[0], *to = &steps[1];
  from->count = from->used = 0;
  add_path(from, "", "", 0, *pattern != '/'); /* "/" or "": where the path starts */
  const char *s = pattern;
  while (*s == '/')
    s++;
  while (*s) {
    const char *end = strchr(s, '/');
    if (end == 0)
      end = s + strlen(s);
    const char *rest = end;
    while (*rest == '/')
      rest++;
    int err = step(from, to, s, end - s, *rest == '\0');
    if (err)
      return err;
    struct paths *swap = from;
    from = to;
    to = swap;
    s = rest;
  }
  sort_existing(from);
  if (from->count > max)
    return GLOB_TOO_MANY;
  for (int i = 0; i < from->count; i++) {
    int len = strlen(from->path[i]);
    if (*used + len + 1 > cap)
      return GLOB_FULL;
    out[i] = buf + *used;
    memmove(out[i], from->path[i], len + 1);
    *used += len + 1;
  }
  return from->count;
}
