/* In-guest suite t_copyout: every structure the kernel copies out (stat, kstat, memstat,
 * directory entries, pipe descriptors) reaches the user fully written, padding included. */
#include <stddef.h>

#include "check.h"

#define FILL 0xa5 /* what the user buffer holds before each call */
#define DIRSIZ 14
#define MAXPATH_BYTES 128 /* the ABI's MAXPATH: the longest path a call copies in */

static char long_path[MAXPATH_BYTES];

/* Ways to leave bytes of the kernel's on the kernel stack just before a call. What lies
 * where the next call keeps its structures depends on the compiler's frames (and the
 * return to user mode writes over the stack after every call), so several are tried; a
 * leak this misses is still caught on the host by test_fs_tables, deterministically. */
static void after_paths(void) {
  static char *argv[] = {"x", 0};
  exec(long_path, argv); /* each copies a long path of 'Z' onto the stack and fails */
  open(long_path, O_RDONLY);
  unlink(long_path);
  chdir(long_path);
  link(long_path, long_path);
}

static void after_link(void) {
  link(long_path, long_path);
}

static void after_memstat(void) {
  struct memstat m;
  memstat(0, &m); /* its struct on the stack holds frame counts and region bounds */
}

static void after_kstat(void) {
  struct kstat k;
  kstat(&k);
}

static void after_pipe(void) {
  int fds[2];
  if (pipe(fds) < 0)
    return;
  write(fds[1], long_path, sizeof(long_path));
  read(fds[0], long_path, sizeof(long_path));
  close(fds[0]);
  close(fds[1]);
}

static void after_wait(void) {
  waitpid(-1, 0, WNOHANG);
  getpid();
}

static void (*const dirtiers[])(void) = {after_paths, after_link, after_memstat,
                                         after_kstat, after_pipe, after_wait};
#define NDIRTIERS ((int)(sizeof(dirtiers) / sizeof(dirtiers[0])))

/* The stat of fd as the kernel copies it right after dirtier, into raw. */
static int raw_fstat(int fd, int dirtier, unsigned char *raw) {
  memset(raw, FILL, sizeof(struct stat));
  dirtiers[dirtier]();
  return fstat(fd, (struct stat *)raw);
}

/* Marks the bytes of struct stat that belong to a field, whatever the ABI's layout. */
static void mark_stat_fields(unsigned char *is_field) {
  struct stat st;
  memset(is_field, 0, sizeof(st));
  memset(is_field + offsetof(struct stat, dev), 1, sizeof(st.dev));
  memset(is_field + offsetof(struct stat, ino), 1, sizeof(st.ino));
  memset(is_field + offsetof(struct stat, type), 1, sizeof(st.type));
  memset(is_field + offsetof(struct stat, nlink), 1, sizeof(st.nlink));
  memset(is_field + offsetof(struct stat, size), 1, sizeof(st.size));
}

/* Checks the bytes of a copied struct stat that belong to no field are zero, after each
 * way of dirtying the kernel stack. */
static void check_stat_padding(int fd, const char *what) {
  unsigned char raw[sizeof(struct stat)], is_field[sizeof(struct stat)];
  mark_stat_fields(is_field);
  for (int d = 0; d < NDIRTIERS; d++) {
    int r = raw_fstat(fd, d, raw);
    int first_bad = -1;
    for (int i = 0; i < (int)sizeof(raw); i++)
      if (!is_field[i] && raw[i] != 0 && first_bad < 0)
        first_bad = i;
    if (r != 0 || first_bad >= 0) {
      fail(what, "after dirtier %d: fstat %d, padding byte %d is %x", d, r, first_bad,
           first_bad >= 0 ? raw[first_bad] : 0);
      return;
    }
  }
  pass(what);
}

static void test_stat(void) {
  int fd = open("/tco_file", O_CREATE | O_RDWR);
  write(fd, "abc", 3);
  check_stat_padding(fd, "stat of a file has zeroed padding");
  close(fd);
  fd = open("/", O_RDONLY);
  check_stat_padding(fd, "stat of a directory has zeroed padding");
  close(fd);
  check_stat_padding(1, "stat of the console has zeroed padding");
  unlink("/tco_file");
  unsigned char raw[sizeof(struct stat)];
  int fds[2];
  pipe(fds);
  int r = raw_fstat(fds[0], 0, raw);
  int untouched = 1;
  for (int i = 0; i < (int)sizeof(raw); i++)
    untouched &= raw[i] == FILL;
  check(r == -1 && untouched, "fstat of a pipe fails and writes nothing", "r %d", r);
  close(fds[0]);
  close(fds[1]);
}

static void test_kstat(void) {
  struct kstat k;
  memset(&k, FILL, sizeof(k));
  after_paths();
  int r = kstat(&k);
  check(r == 0 && k.pad == 0 && k.open_files > 0 && k.inodes > 0, "kstat is fully written",
        "r %d pad %x", r, k.pad);
}

/* True when the bytes of name after its terminating NUL are all zero. */
static int name_tail_zero(const char *name, int size) {
  int i = 0;
  while (i < size && name[i])
    i++;
  for (; i < size; i++)
    if (name[i] != 0)
      return 0;
  return 1;
}

static void test_memstat(void) {
  struct memstat m;
  memset(&m, FILL, sizeof(m));
  after_paths();
  int r = memstat(0, &m);
  int ok = r == 0 && m.pid == getpid() && m.nregions == MEMSTAT_REGIONS;
  for (int i = 0; ok && i < MEMSTAT_REGIONS; i++)
    ok = name_tail_zero(m.region[i].name, sizeof(m.region[i].name));
  check(ok, "memstat is fully written, names NUL-padded", "r %d nregions %d", r, m.nregions);
}

static void test_directory_entries(void) {
  mkdir("/tco_dir");
  int fd = open("/tco_dir/a", O_CREATE | O_RDWR);
  close(fd);
  fd = open("/tco_dir", O_RDONLY);
  unsigned char raw[3 * 16];
  memset(raw, FILL, sizeof(raw));
  int n = read(fd, raw, sizeof(raw));
  close(fd);
  int ok = n == (int)sizeof(raw);
  for (int e = 0; ok && e < 3; e++)
    ok = name_tail_zero((char *)raw + e * 16 + 2, DIRSIZ);
  check(ok, "directory entries are NUL-padded to 14 bytes", "read %d", n);
  unlink("/tco_dir/a");
  unlink("/tco_dir");
}

static void test_pipe_fds(void) {
  int fds[3] = {-7, -7, -7};
  int r = pipe(fds);
  check(r == 0 && fds[0] >= 0 && fds[1] >= 0 && fds[2] == -7, "pipe writes exactly two ints",
        "r %d, third int %d", r, fds[2]);
  close(fds[0]);
  close(fds[1]);
}

int main(int argc, char **argv) {
  suite_begin("t_copyout");
  memset(long_path, 'Z', sizeof(long_path) - 1);
  test_stat();
  test_kstat();
  test_memstat();
  test_directory_entries();
  test_pipe_fds();
  suite_end();
}
