/* The scratch directory a fuzzer works in: made fresh under /, emptied and removed at the end,
 * and a record of / taken before and compared after, to show nothing outside it changed. */
#ifndef MOO_TESTS_SCRATCH_H
#define MOO_TESTS_SCRATCH_H

#include "check.h"

#define SCRATCH_DIRSIZ 14     /* name bytes in a directory entry */
#define SCRATCH_MAX_LEVELS 10 /* how deep removal descends (one descriptor per level) */
#define ROOT_MAX_ENTRIES 128

struct scratch_dirent {
  ushort inum;
  char name[SCRATCH_DIRSIZ];
};

/* Makes /PREFIX.N for the first N not taken and writes its path into root (size bytes).
 * Returns 0, or -1 when no such directory could be made. */
static inline int scratch_create(const char *prefix, char *root, int size) {
  for (int n = 0; n < 100; n++) {
    format(root, size, "/%s.%d", prefix, n);
    if (mkdir(root) == 0)
      return 0;
  }
  return -1;
}

/* The entry's name as a string; 0 for ".", ".." and empty names. */
static inline int dirent_name(const struct scratch_dirent *de, char name[SCRATCH_DIRSIZ + 1]) {
  int n = 0;
  for (; n < SCRATCH_DIRSIZ && de->name[n]; n++)
    name[n] = de->name[n];
  name[n] = 0;
  return n > 0 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Removes everything in the working directory, descending into subdirectories (chdir into
 * one, then ".." back: nothing else runs, so ".." is where we came from). Returns how many
 * entries are left. */
static inline int scratch_empty_cwd(int level) {
  int fd = open(".", O_RDONLY), left = 0;
  if (fd < 0)
    return 1;
  struct scratch_dirent de;
  char name[SCRATCH_DIRSIZ + 1];
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0 || !dirent_name(&de, name) || unlink(name) == 0)
      continue;
    if (level < SCRATCH_MAX_LEVELS && chdir(name) == 0) {
      left += scratch_empty_cwd(level + 1);
      if (chdir("..") < 0)
        return left + 1; /* lost: stop rather than remove anything else */
      if (unlink(name) == 0)
        continue;
    }
    left++;
  }
  close(fd);
  return left;
}

/* Removes the scratch directory root and everything under it; the caller's working directory
 * becomes /. Returns how many entries could not be removed. */
static inline int scratch_remove(const char *root) {
  int left = 1;
  if (chdir(root) == 0)
    left = scratch_empty_cwd(0);
  chdir("/");
  return left + (unlink(root) < 0);
}

/* ---- what / holds, to compare before and after ---- */

struct root_entry {
  uint inum;
  short type, nlink;
  uint64 size;
  char name[SCRATCH_DIRSIZ + 1];
};

/* Records every entry of / (by name, inode, type, links and size); returns the count or -1. */
static inline int root_record(struct root_entry *out, int max) {
  int fd = open("/", O_RDONLY), n = 0;
  if (fd < 0)
    return -1;
  struct scratch_dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de) && n < max) {
    struct root_entry *e = &out[n];
    if (de.inum == 0 || !dirent_name(&de, e->name))
      continue;
    char path[SCRATCH_DIRSIZ + 2];
    format(path, sizeof(path), "/%s", e->name);
    struct stat st = {0};
    stat(path, &st);
    e->inum = de.inum;
    e->type = st.type;
    e->nlink = st.nlink;
    e->size = st.size;
    n++;
  }
  close(fd);
  return n;
}

/* Fails the check when / differs from the record: names one that changed, else returns 1. */
static inline int root_unchanged(const struct root_entry *before, int n) {
  static struct root_entry after[ROOT_MAX_ENTRIES];
  int m = root_record(after, ROOT_MAX_ENTRIES);
  for (int i = 0; i < n || i < m; i++) {
    const struct root_entry *b = &before[i], *a = &after[i];
    if (i >= n || i >= m || a->inum != b->inum || strcmp(a->name, b->name) != 0 ||
        a->type != b->type || a->nlink != b->nlink || a->size != b->size) {
      fail("nothing outside the scratch directory changed",
           "/%s differs (%d entries before, %d after)", i < n ? b->name : a->name, n, m);
      return 0;
    }
  }
  pass("nothing outside the scratch directory changed");
  return 1;
}

#endif
