/* Unit test (host): runs kernel/fs on an in-memory disk with stub locks and processes,
 * checking the system calls and that a crash after any disk write leaves a sound image. */
#include "fs_harness.h"

/* ---- system-call behaviour ---- */

/* Lab binaries are built with these numbers, not with our header (docs/abi.md, Files). */
static void test_open_flag_values(void) {
  check(O_RDONLY == 0x000 && O_WRONLY == 0x001 && O_RDWR == 0x002 && O_CREATE == 0x200 &&
            O_TRUNC == 0x400,
        "the open flags have the ABI's values");
}

static void test_file_io(void) {
  fresh_disk();
  size_t max = fs_max_file_bytes(&fs_super);
  uint8 *data = pattern(max + 5000, 1), *back = malloc(max + 5000);
  int fd = k_open("/a", O_CREATE | O_RDWR);
  check(fd >= 0, "create /a");
  check(k_write(fd, data, (int)max + 5000) == (int)max,
        "a file holds exactly 12 + one indirect block's worth of blocks");
  check(k_write(fd, data, 10) < 0, "no byte past the largest file");
  k_close(fd);
  fd = k_open("/a", O_RDONLY);
  check(k_read(fd, back, (int)max + 5000) == (int)max && memcmp(data, back, max) == 0,
        "read back the largest file");
  check(k_read(fd, back, 10) == 0, "read at end of file gives 0");
  check(k_write(fd, data, 10) < 0, "write to a read-only descriptor fails");
  struct stat st;
  check(k_fstat(fd, &st) == 0 && st.type == T_FILE && st.nlink == 1 && st.size == max,
        "fstat of a file");
  int fd2 = k_dup(fd);
  check(fd2 >= 0 && fd2 != fd, "dup gives a new descriptor");
  k_close(fd);
  check(k_read(fd2, back, 1) == 0, "dup shares the offset");
  check(k_read(fd, back, 1) < 0, "read from a closed descriptor fails");
  k_close(fd2);
  fd = k_open("/a", O_WRONLY | O_TRUNC);
  check(k_read(fd, back, 1) < 0, "read from a write-only descriptor fails");
  check(k_fstat(fd, &st) == 0 && st.size == 0, "O_TRUNC empties the file");
  check(k_write(fd, "hello", 5) == 5, "write after truncate");
  k_close(fd);
  check(stat_of("/a").size == 5, "size after rewrite");
  check(k_open("/nothere", O_RDONLY) < 0, "open of a missing file fails");
  check(k_open("", O_RDONLY) < 0, "open of an empty path fails");
  check(k_close(-1) < 0 && k_close(NOFILE) < 0 && k_close(7) < 0, "close of bad descriptors");
  check(k_fstat(99, &st) < 0 && k_read(-5, back, 1) < 0, "bad descriptors everywhere");
  exit_process();
  check(fsck_ok("note:"), "fsck after file I/O");
  free(data);
  free(back);
}

static void test_directories(void) {
  fresh_disk();
  check(k_mkdir("/d") == 0 && k_mkdir("/d") < 0, "mkdir, then mkdir again fails");
  check(k_mkdir("/d/e") == 0, "mkdir /d/e");
  int fd = k_open("/d/e/f", O_CREATE | O_RDWR);
  check(fd >= 0 && k_write(fd, "xyz", 3) == 3, "create /d/e/f");
  k_close(fd);
  check(k_chdir("/d/e") == 0, "chdir /d/e");
  check(stat_of("f").size == 3 && stat_of("./f").size == 3, "relative lookups");
  check(stat_of("../e/f").size == 3 && stat_of("../../d/e/f").size == 3, "lookups through ..");
  check(k_chdir("..") == 0 && stat_of("e/f").size == 3, "chdir ..");
  check(k_chdir("e/f") < 0, "chdir to a file fails");
  check(k_open("/d", O_RDWR) < 0 && k_open("/d", O_CREATE) < 0, "a directory opens read-only");
  check(k_open("/d/e/f/g", O_CREATE) < 0, "a file is not a directory");
  check(stat_of("/").nlink == 2 && stat_of("/d").nlink == 2 && stat_of("/d/e").nlink == 1,
        "directory link counts");
  check(k_unlink("/d") < 0, "unlink of a non-empty directory fails");
  check(k_unlink("/d/e/.") < 0 && k_unlink("/d/e/..") < 0 && k_unlink("/") < 0,
        "unlink of . .. and / fails");
  check(k_link("/d", "/d2") < 0, "link of a directory fails");
  check(k_link("/d/e/f", "/d/g") == 0 && stat_of("/d/g").nlink == 2, "link a file");
  check(k_link("/d/e/f", "/d/g") < 0, "link onto an existing name fails");
  check(k_link("/d/e/f", "/d/e/f/x") < 0 && stat_of("/d/e/f").size == 3,
        "link into a file fails, leaving the file alone");
  check(k_link("/nothere", "/d/h") < 0 && k_link("/d/e/f", "/nothere/h") < 0, "link misses");
  check(k_unlink("/d/e/f") == 0 && stat_of("/d/g").nlink == 1, "unlink one name");
  check(k_unlink("/d/e/f") < 0, "unlink twice fails");
  check(k_unlink("/d/e") == 0 && stat_of("/d").nlink == 1, "unlink an empty directory");
  struct dir_entry de[2];
  fd = k_open("/d", O_RDONLY);
  check(k_read(fd, de, sizeof(de)) == sizeof(de) && strcmp(de[0].name, ".") == 0 &&
            strcmp(de[1].name, "..") == 0 && de[1].inum == ROOTINO,
        "reading a directory yields its entries");
  k_close(fd);
  check(k_mknod("/console", DEV_CONSOLE, 0) == 0, "mknod");
  fd = k_open("/console", O_RDWR);
  console_len = 0;
  check(fd >= 0 && k_write(fd, "hi", 2) == 2 && console_len == 2, "device write reaches devsw");
  check(stat_of("/console").type == T_DEVICE, "device type");
  exit_process();
  check(fsck_ok("note:"), "fsck after directory work");
}

static void test_long_names(void) {
  fresh_disk();
  int fd = k_open("/abcdefghijklmnopqrstu", O_CREATE | O_RDWR);
  check(fd >= 0 && k_write(fd, "12", 2) == 2, "create with a 21-byte name");
  k_close(fd);
  check(stat_of("/abcdefghijklmn").size == 2, "found by its first 14 bytes");
  check(stat_of("/abcdefghijklmnXYZ").size == 2, "a longer name is cut the same way");
  check(k_open("/abcdefghijklm", O_RDONLY) < 0, "13 bytes are not enough");
  check(k_mkdir("/abcdefghijklmnopq") < 0, "mkdir of the same cut name fails");
  exit_process();
  check(fsck_ok("note:"), "fsck after long names");
}

static void test_removed_cwd(void) {
  fresh_disk();
  check(k_mkdir("/gone") == 0 && k_chdir("/gone") == 0, "chdir into a new directory");
  check(k_unlink("/gone") == 0, "remove the current directory");
  check(k_open("x", O_CREATE | O_RDWR) < 0 && k_mkdir("y") < 0 && k_mknod("z", 1, 0) < 0,
        "nothing can be created in a removed directory");
  check(stat_of("/README").size == 6 && k_link("/README", "w") < 0, "nor linked into it");
  check(fsck_ok(0) && fsck_said("frees it at boot"), "a removed cwd is a note for fsck");
  check(k_chdir("/") == 0 && fsck_ok("note:"), "leaving it frees it");
  exit_process();
}

/* The current directory is removed, then its parent, whose inode is then free on disk. */
static void test_removed_parent(void) {
  fresh_disk();
  check(k_mkdir("/a") == 0 && k_mkdir("/a/b") == 0 && k_chdir("/a/b") == 0, "enter /a/b");
  check(k_unlink("/a/b") == 0 && k_unlink("/a") == 0, "remove /a/b, then /a");
  check(k_open("..", O_RDONLY) < 0 && k_open(".", O_RDONLY) < 0 && k_open("../..", O_RDONLY) < 0,
        "no lookup from a removed directory succeeds");
  check(k_chdir("..") < 0 && k_chdir(".") < 0, "no chdir out of it by a relative path");
  int fd = k_open("/c", O_CREATE | O_RDWR); /* takes the lowest free inode: /a's */
  check(fd >= 0 && k_open("..", O_RDONLY) < 0, "nor after its parent's inode is reused");
  k_close(fd);
  check(fsck_ok(0), "the image stays sound");
  exit_process();
  check(fsck_ok("note:"), "exit frees the removed directory");
}

static void test_big_directory(void) {
  fresh_disk();
  k_mkdir("/many");
  char name[32];
  int made = 0;
  for (int i = 0; i < 500; i++) {
    snprintf(name, sizeof(name), "/many/file%d", i);
    int fd = k_open(name, O_CREATE | O_WRONLY);
    made += fd >= 0 && k_write(fd, name, 4) == 4;
    k_close(fd);
  }
  check(made == 500, "500 files in one directory");
  check(stat_of("/many").size == 502 * sizeof(struct dir_entry), "directory size");
  check(stat_of("/many/file499").size == 4, "lookup of the last one");
  int gone = 0;
  for (int i = 0; i < 500; i += 2) {
    snprintf(name, sizeof(name), "/many/file%d", i);
    gone += k_unlink(name) == 0;
  }
  check(gone == 250, "unlink half");
  check(fsck_ok("note:"), "fsck with a big directory");
  exit_process();
}

static void test_open_limits(void) {
  fresh_disk();
  int fds[NOFILE + 1], opened = 0;
  for (int i = 0; i < NOFILE + 1; i++) {
    fds[i] = k_open("/", O_RDONLY);
    opened += fds[i] >= 0;
  }
  check(opened == NOFILE && fds[NOFILE] < 0, "NOFILE descriptors, then failure");
  exit_process();
  check(file_count_open() == 0 && inode_count_used() == 0, "everything released");
}

static void test_pipes(void) {
  fresh_disk();
  int fds[2];
  char buf[600];
  check(k_pipe(fds) == 0 && fds[0] >= 0 && fds[1] > fds[0], "pipe");
  check(k_write(fds[1], "0123456789", 10) == 10, "write to a pipe");
  check(k_read(fds[0], buf, sizeof(buf)) == 10 && memcmp(buf, "0123456789", 10) == 0,
        "read what is there");
  check(k_write(fds[0], "x", 1) < 0 && k_read(fds[1], buf, 1) < 0, "ends are one-way");
  struct stat st;
  check(k_fstat(fds[0], &st) < 0, "fstat of a pipe fails");
  memset(buf, 'p', sizeof(buf));
  check(k_write(fds[1], buf, 512) == 512, "fill the pipe");
  check(k_read(fds[0], buf, 300) == 300 && k_read(fds[0], buf, 300) == 212, "wrap around");
  k_write(fds[1], "end", 3);
  k_close(fds[1]);
  check(k_read(fds[0], buf, 10) == 3 && k_read(fds[0], buf, 10) == 0, "EOF once writers close");
  k_close(fds[0]);
  check(k_pipe(fds) == 0, "second pipe");
  k_close(fds[0]);
  check(k_write(fds[1], "x", 1) < 0, "writing with no reader fails");
  k_close(fds[1]);
  int made = 0;
  for (int i = 0; i < NFILE; i++) {
    if (k_pipe(fds) < 0)
      break;
    made++;
    me.ofile[fds[0]] = me.ofile[fds[1]] = 0; /* keep the files, free the descriptors */
  }
  check(made == NFILE / 2, "pipes until the file table is full");
  check(k_open("/", O_RDONLY) < 0, "open fails while the file table is full");
}

/* ---- crashes ---- */

static void test_unlinked_while_open(void) {
  fresh_disk();
  uint8 *data = pattern(20000, 5), back[100];
  int fd = k_open("/o", O_CREATE | O_RDWR);
  k_write(fd, data, 20000);
  check(k_unlink("/o") == 0 && k_open("/o", O_RDONLY) < 0, "unlink an open file");
  check(k_write(fd, data, 100) == 100, "still writable");
  int rfd = k_open("/", O_RDONLY); /* keep something else open too */
  check(rfd >= 0, "open /");
  check(fsck_ok(0) && fsck_said("frees it at boot"), "an open unlinked file is a note for fsck");
  reboot(); /* the machine stops with /o still open */
  check(fsck_ok("note:"), "boot reclaims the unlinked inode");
  fd = k_open("/p", O_CREATE | O_RDWR);
  k_write(fd, data, 100);
  k_close(fd);
  fd = k_open("/p", O_RDONLY);
  check(k_read(fd, back, 100) == 100 && memcmp(back, data, 100) == 0, "the disk still works");
  exit_process();
  free(data);
}

/* A mix of everything that writes, as one process would do it. */
static void crash_workload(void) {
  static uint8 *data;
  if (!data)
    data = pattern(40000, 9);
  k_mkdir("/w");
  int fd = k_open("/w/f1", O_CREATE | O_RDWR);
  k_write(fd, data, 40000); /* several operations, the indirect block included */
  k_close(fd);
  fd = k_open("/w/f2", O_CREATE | O_RDWR);
  k_write(fd, data, 3000);
  k_close(fd);
  k_link("/w/f2", "/w/f3");
  k_unlink("/w/f1");
  k_mkdir("/w/sub");
  fd = k_open("/w/sub/x", O_CREATE | O_RDWR);
  k_write(fd, data, 9000);
  k_unlink("/w/sub/x"); /* x stays open */
  k_write(fd, data, 2000);
  int t = k_open("/w/f2", O_WRONLY | O_TRUNC);
  k_write(t, data, 100);
  k_close(t);
  k_unlink("/w/sub");
  k_close(fd);
  k_unlink("/w/f3");
  k_mkdir("/w/sub2");
  k_chdir("/w/sub2");
  k_mknod("dev", DEV_CONSOLE, 0);
  exit_process();
}

static long crash_points; /* at most this many crash points (every write when it is enough) */

static void test_crash_anywhere(void) {
  fresh_disk();
  crash_workload();
  long total = disk_writes;
  check(total > 50 && fsck_ok("note:"), "the workload runs to the end");
  long step = total > crash_points ? total / crash_points + 1 : 1;
  int consistent = 0, recovered = 0, tried = 0, logged = 0, orphaned = 0;
  for (long k = 0; k <= total; k += step) {
    fresh_disk();
    crash_after = k;
    if (setjmp(crash_point) == 0)
      crash_workload();
    tried++;
    consistent += fsck_ok(0); /* as QEMU left it: fsck judges the log replayed */
    logged += fsck_said("committed transaction");
    orphaned += fsck_said("frees it at boot");
    reboot(); /* recovery and reclaim */
    recovered += fsck_ok("note:") && fsck_ok("committed");
  }
  char what[128];
  snprintf(what, sizeof(what), "fsck accepts the disk after a crash at each of %d points", tried);
  check(consistent == tried, what);
  snprintf(what, sizeof(what), "after reboot the disk is clean at each of %d points", tried);
  check(recovered == tried, what);
  printf("test_fs_kernel: %ld disk writes, %d crash points, %d with a committed log, "
         "%d with an orphan\n",
         total, tried, logged, orphaned);
  check(logged > 0 && orphaned > 0, "crashes hit committed logs and open unlinked files");
}

/* Every test above, on a disk that maker (a command given the image and a README) makes. */
static int run_all(const char *maker, long points) {
  crash_points = points;
  if (harness_start_made_by("test_fs_kernel", maker) < 0)
    return -1;
  fresh_disk();
  printf("test_fs_kernel: on %s\n", fs_format_name(fs_super.format));
  test_file_io();
  test_directories();
  test_long_names();
  test_removed_cwd();
  test_removed_parent();
  if (fs_super.ninodes > 502) /* not on xv6's 200 inodes */
    test_big_directory();
  test_open_limits();
  test_pipes();
  test_unlinked_while_open();
  test_crash_anywhere();
  harness_finish();
  return 0;
}

int main(void) {
  test_open_flag_values();
  char mkfs[256], mkfs_x86[256];
  snprintf(mkfs, sizeof(mkfs), "%s/tools/mkfs", harness_build());
  snprintf(mkfs_x86, sizeof(mkfs_x86), "%s/tools/mkfs -f x86", harness_build());
  /* moo's own mkfs in both formats, then xv6's layouts at the labs' sizes */
  /* every write in each format; a sample on the labs' layouts, which differ only in sizes */
  if (run_all(mkfs, 500) < 0 || run_all(mkfs_x86, 500) < 0 ||
      run_all("python3 tests/xv6layout.py x86 1000 200", 60) < 0 ||
      run_all("python3 tests/xv6layout.py riscv 2000 200", 60) < 0)
    return 1;
  return check_summary("test_fs_kernel");
}
