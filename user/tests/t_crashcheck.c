/* Suite t_crashcheck, run by tests/run.py after a crash mid-write: the file system must be
 * usable and every file t_crashwriter left must hold a consistent prefix of one generation. */
#include "check.h"
#include "crash_pattern.h"

#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

static char data[16 * CRASH_CHUNK];
static char expect[CRASH_CHUNK];
static char entries[64][DIRSIZ + 1];

/* Live entries of dir other than . and .., into entries[]; -1 when it cannot be opened. */
static int list_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd < 0)
    return -1;
  struct dirent de;
  int n = 0;
  while (read(fd, &de, sizeof(de)) == sizeof(de) && n < 64) {
    if (de.inum == 0)
      continue;
    int len = 0;
    while (len < DIRSIZ && de.name[len])
      len++;
    memmove(entries[n], de.name, len);
    entries[n][len] = 0;
    if (strcmp(entries[n], ".") != 0 && strcmp(entries[n], "..") != 0)
      n++;
  }
  close(fd);
  return n;
}

static int all_entries_open(const char *dir, int n) {
  char path[48];
  struct stat st;
  for (int i = 0; i < n; i++) {
    format(path, sizeof(path), "%s/%s", dir, entries[i]);
    if (stat(path, &st) < 0)
      return 0;
  }
  return 1;
}

/* A data file must be a prefix of one generation's contents. */
static int data_file_consistent(const char *path, uint file, int *size_out) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return 0;
  int size = 0, n;
  while ((n = read(fd, data + size, sizeof(data) - size)) > 0)
    size += n;
  close(fd);
  *size_out = size;
  if (size == 0)
    return 1;
  if (size < (int)sizeof(struct crash_header))
    return 0;
  struct crash_header first;
  memmove(&first, data, sizeof(first));
  if (first.magic != CRASH_MAGIC || first.file != file || first.index != 0)
    return 0;
  if (size > crash_chunks(file, first.gen) * CRASH_CHUNK)
    return 0;
  for (int off = 0; off < size; off += CRASH_CHUNK) {
    crash_fill(expect, file, first.gen, off / CRASH_CHUNK);
    int len = size - off < CRASH_CHUNK ? size - off : CRASH_CHUNK;
    if (memcmp(data + off, expect, len) != 0)
      return 0;
  }
  return 1;
}

static void check_crash_files(void) {
  int n = list_dir(CRASH_DIR);
  if (!check(n >= 0, "the crash directory survives", "cannot open %s", CRASH_DIR))
    return;
  check(all_entries_open(CRASH_DIR, n), "every crash-directory entry opens", "one does not");
  for (uint file = 0; file < CRASH_FILES; file++) {
    char path[32], name[48];
    format(path, sizeof(path), "%s/f%d", CRASH_DIR, file);
    format(name, sizeof(name), "%s holds one generation's prefix", path);
    int size = -1;
    check(data_file_consistent(path, file, &size), name, "size %d, contents inconsistent", size);
  }
}

static void check_still_writable(void) {
  const char *path = CRASH_DIR "/after";
  int fd = open(path, O_CREATE | O_TRUNC | O_RDWR);
  for (int i = 0; i < 3000; i++)
    data[i] = (char)(i * 11);
  int w = write(fd, data, 3000);
  close(fd);
  memset(data, 0, 3000);
  fd = open(path, O_RDONLY);
  int r = read(fd, data, sizeof(data));
  close(fd);
  int same = r == 3000;
  for (int i = 0; same && i < 3000; i++)
    same = data[i] == (char)(i * 11);
  check(w == 3000 && same, "a new file writes and reads back", "wrote %d read %d", w, r);
  check(mkdir(CRASH_DIR "/newdir") == 0 && unlink(CRASH_DIR "/newdir") == 0,
        "mkdir and unlink work", "one failed");
}

static void check_cleanup(void) {
  int n = list_dir(CRASH_DIR);
  char path[48];
  int removed = 0;
  for (int i = 0; i < n; i++) {
    format(path, sizeof(path), "%s/%s", CRASH_DIR, entries[i]);
    removed += unlink(path) == 0;
  }
  check(removed == n && unlink(CRASH_DIR) == 0, "everything the writer left can be removed",
        "removed %d of %d", removed, n);
}

int main(int argc, char **argv) {
  suite_begin("t_crashcheck");
  int n = list_dir("/");
  check(n > 0 && all_entries_open("", n), "every root entry opens", "%d entries", n);
  check_crash_files();
  check_still_writable();
  check_cleanup();
  suite_end();
}
