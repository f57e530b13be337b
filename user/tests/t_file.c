/* In-guest suite t_file: small and maximum-size files, open flags, fstat, links and unlink,
 * dup and shared offsets, device nodes, and the per-process and system file limits. */
#include "check.h"

#define BLOCK 1024
#define MAX_BLOCKS 268

static char buf[BLOCK];
static char buf2[BLOCK];

static int create_with(const char *path, const char *data, int n) {
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0)
    return -1;
  int r = write(fd, data, n);
  close(fd);
  return r;
}

/* Reads the whole file into buf2 (at most BLOCK bytes); returns the length or -1. */
static int slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int n = read(fd, buf2, BLOCK);
  close(fd);
  return n;
}

static void test_small_file(void) {
  int w = create_with("/tf_small", "hello, file", 11);
  int n = slurp("/tf_small");
  check(w == 11 && n == 11 && memcmp(buf2, "hello, file", 11) == 0, "small file round trip",
        "wrote %d, read %d", w, n);
  struct stat st;
  int fd = open("/tf_small", O_RDONLY);
  int r = fstat(fd, &st);
  check(r == 0 && st.type == T_FILE && st.size == 11 && st.nlink == 1 && st.ino > 0,
        "fstat of a file", "r %d type %d size %lu nlink %d", r, st.type, (unsigned long)st.size,
        st.nlink);
  static char raw[32];
  memset(raw, 0xee, sizeof(raw));
  fstat(fd, (struct stat *)raw);
  int untouched = 1;
  /* the ABI's layout: 24 bytes with a 64-bit size at 16 (RISC-V), or 20 bytes with a
   * 32-bit size at 16 (i386) */
  for (int i = sizeof(struct stat); i < 32; i++)
    untouched &= raw[i] == (char)0xee;
  uint64 size_word = sizeof(struct stat) == 24 ? *(uint64 *)(raw + 16) : *(uint32 *)(raw + 16);
  check(untouched && size_word == 11 && (sizeof(struct stat) == 24 || sizeof(struct stat) == 20),
        "fstat fills exactly the ABI's struct stat",
        "bytes past the struct changed, or size misplaced");
  read(fd, buf, BLOCK);
  check(read(fd, buf, BLOCK) == 0, "read at end of file returns 0", "it did not");
  close(fd);
  struct stat by_path;
  check(stat("/tf_small", &by_path) == 0 && by_path.ino == st.ino, "stat by path",
        "different inode");
}

static void test_open_flags(void) {
  check(open("/tf_missing", O_RDONLY) == -1, "open of a missing file fails", "it did not");
  int fd = open("/tf_small", O_RDWR);
  write(fd, "J", 1);
  close(fd);
  int n = slurp("/tf_small");
  check(n == 11 && buf2[0] == 'J' && buf2[1] == 'e', "O_RDWR overwrites in place", "size %d", n);
  fd = open("/tf_small", O_CREATE | O_RDWR);
  close(fd);
  check(slurp("/tf_small") == 11, "O_CREATE keeps an existing file", "it was truncated");
  fd = open("/tf_small", O_RDONLY);
  check(write(fd, "x", 1) == -1, "write to an O_RDONLY file fails", "it did not");
  close(fd);
  fd = open("/tf_small", O_WRONLY);
  check(read(fd, buf, 1) == -1, "read from an O_WRONLY file fails", "it did not");
  close(fd);
  fd = open("/tf_small", O_WRONLY | O_TRUNC);
  close(fd);
  check(slurp("/tf_small") == 0, "O_TRUNC empties a file", "it did not");
  check(open("/", O_WRONLY) == -1 && open("/", O_RDWR) == -1,
        "a directory cannot be opened for writing", "it could");
  unlink("/tf_small");
}

static void test_bad_descriptors(void) {
  struct stat st;
  int ok = read(16, buf, 1) == -1 && read(-1, buf, 1) == -1 && write(100, buf, 1) == -1 &&
           close(15) == -1 && fstat(9, &st) == -1 && dup(-5) == -1 && close(1000000) == -1;
  check(ok, "bad descriptors are refused", "a call accepted one");
}

static void fill_block(int blockno) {
  for (int i = 0; i < BLOCK; i++)
    buf[i] = (char)(blockno * 31 + i);
  *(int *)buf = blockno;
}

static void test_big_file(void) {
  int t0 = uptime();
  int fd = open("/tf_big", O_CREATE | O_TRUNC | O_RDWR);
  int written = 0;
  for (; written < MAX_BLOCKS; written++) {
    fill_block(written);
    if (write(fd, buf, BLOCK) != BLOCK)
      break;
  }
  check(written == MAX_BLOCKS, "a file of 268 blocks (274432 bytes)", "write failed at block %d",
        written);
  fill_block(MAX_BLOCKS);
  int extra = write(fd, buf, BLOCK);
  check(extra != BLOCK, "writing block 269 fails", "write returned %d", extra);
  struct stat st;
  fstat(fd, &st);
  check(st.size == MAX_BLOCKS * BLOCK, "the big file's size", "%lu", (unsigned long)st.size);
  close(fd);

  fd = open("/tf_big", O_RDONLY);
  int good = 0;
  for (int b = 0; b < MAX_BLOCKS; b++) {
    fill_block(b);
    if (read(fd, buf2, BLOCK) != BLOCK || memcmp(buf, buf2, BLOCK) != 0)
      break;
    good++;
  }
  int tail = read(fd, buf2, BLOCK);
  close(fd);
  check(good == MAX_BLOCKS && tail == 0, "the big file reads back", "block %d differs", good);
  check(unlink("/tf_big") == 0, "the big file unlinks", "unlink failed");
  note("t_file: big file took %d ticks", uptime() - t0);
}

static void test_links(void) {
  create_with("/tf_a", "linked", 6);
  int r = link("/tf_a", "/tf_b");
  struct stat sa, sb;
  stat("/tf_a", &sa);
  stat("/tf_b", &sb);
  check(r == 0 && sa.ino == sb.ino && sa.nlink == 2, "link makes a second name",
        "r %d ino %d/%d nlink %d", r, sa.ino, sb.ino, sa.nlink);
  check(link("/tf_a", "/tf_b") == -1, "link to an existing name fails", "it did not");
  check(link("/tf_a", "/tf_a/x") == -1 && slurp("/tf_a") == 6, "link into a file fails",
        "it did not, or the file changed");
  check(link("/tf_none", "/tf_c") == -1, "link from a missing file fails", "it did not");
  check(unlink("/tf_a") == 0 && open("/tf_a", O_RDONLY) == -1, "unlink removes a name",
        "the name is still there");
  int n = slurp("/tf_b");
  stat("/tf_b", &sb);
  check(n == 6 && memcmp(buf2, "linked", 6) == 0 && sb.nlink == 1,
        "the other name still works after unlink", "read %d, nlink %d", n, sb.nlink);
  check(unlink("/tf_b") == 0 && unlink("/tf_b") == -1, "unlink of a missing name fails",
        "second unlink succeeded");
}

static void test_unlink_open_file(void) {
  int wfd = open("/tf_open", O_CREATE | O_TRUNC | O_RDWR);
  write(wfd, "still here", 10);
  int rfd = open("/tf_open", O_RDONLY);
  int r = unlink("/tf_open");
  check(r == 0 && open("/tf_open", O_RDONLY) == -1, "an open file can be unlinked", "unlink %d", r);
  int n = read(rfd, buf2, BLOCK);
  check(n == 10 && memcmp(buf2, "still here", 10) == 0, "an unlinked open file stays readable",
        "read %d", n);
  write(wfd, " and more", 9);
  n = read(rfd, buf2, BLOCK);
  check(n == 9, "an unlinked open file stays writable", "read %d", n);
  struct stat st;
  fstat(rfd, &st);
  check(st.nlink == 0, "an unlinked open file has no links", "nlink %d", st.nlink);
  close(wfd);
  close(rfd);
  int fd = open("/tf_open", O_CREATE | O_RDWR);
  fstat(fd, &st);
  close(fd);
  check(st.size == 0, "the name can be reused", "new file has size %lu", (unsigned long)st.size);
  unlink("/tf_open");
}

static void test_dup(void) {
  int fd = open("/tf_dup", O_CREATE | O_TRUNC | O_RDWR);
  int fd2 = dup(fd);
  check(fd2 >= 0 && fd2 != fd, "dup gives a new descriptor", "dup returned %d", fd2);
  write(fd, "ab", 2);
  write(fd2, "cd", 2);
  close(fd);
  write(fd2, "ef", 2);
  close(fd2);
  int n = slurp("/tf_dup");
  check(n == 6 && memcmp(buf2, "abcdef", 6) == 0, "dup shares the file offset", "read %d", n);

  fd = open("/tf_dup", O_RDWR | O_TRUNC);
  int child = fork();
  if (child == 0) {
    write(fd, "child ", 6);
    _exit(0);
  }
  waitpid(-1, 0, 0);
  write(fd, "parent", 6);
  close(fd);
  n = slurp("/tf_dup");
  check(n == 12 && memcmp(buf2, "child parent", 12) == 0, "fork shares the file offset", "read %d",
        n);
  unlink("/tf_dup");
}

static void test_devices(void) {
  struct stat st;
  int r = fstat(1, &st);
  check(r == 0 && st.type == T_DEVICE, "the console is a device", "type %d", st.type);
  r = stat("/", &st);
  check(r == 0 && st.type == T_DIR && st.ino == 1, "the root is directory inode 1",
        "type %d ino %d", st.type, st.ino);
  unlink("/tf_cons");
  r = mknod("/tf_cons", 1, 0);
  int fd = open("/tf_cons", O_WRONLY);
  fstat(fd, &st);
  const char msg[] = "t_file: hello through a new console node\n";
  int w = write(fd, msg, sizeof(msg) - 1);
  close(fd);
  check(r == 0 && st.type == T_DEVICE && w == sizeof(msg) - 1, "mknod makes a console node",
        "mknod %d type %d write %d", r, st.type, w);
  check(mknod("/tf_cons", 1, 0) == -1, "mknod over an existing name fails", "it did not");
  unlink("/tf_cons");
}

static void test_process_file_limit(void) {
  int fds[32];
  int n = 0;
  while (n < 32 && (fds[n] = open("/", O_RDONLY)) >= 0)
    n++;
  int lowest = n > 0 ? fds[0] : -1;
  check(n >= 13 && n < 32 && lowest == 3, "at least 16 open files per process",
        "%d opens, first fd %d", n, lowest);
  int created = open("/tf_nofd", O_CREATE | O_RDWR);
  for (int i = 0; i < n; i++)
    close(fds[i]);
  struct stat st;
  int made = stat("/tf_nofd", &st) == 0; /* stat needs a descriptor of its own */
  check(created == -1 && !made, "out of descriptors, open(O_CREATE) fails and makes no file",
        "open gave %d, file made: %d", created, made);
  if (created >= 0)
    close(created);
  unlink("/tf_nofd");
}

/* Eight children each hold 11 open files at once: 88 plus the pipes and the console. */
static void test_system_file_limit(void) {
  enum { CHILDREN = 8, EACH = 11 };
  int report[2], release[2];
  pipe(report);
  pipe(release);
  for (int c = 0; c < CHILDREN; c++) {
    if (fork() == 0) {
      close(report[0]);
      close(release[1]);
      int opened = 0;
      while (opened < EACH && open("/", O_RDONLY) >= 0)
        opened++;
      write(report[1], &opened, sizeof(opened));
      close(report[1]); /* the parent sees end of file once every live child reported */
      char token;
      read(release[0], &token, 1);
      _exit(0);
    }
  }
  close(report[1]);
  close(release[0]);
  int total = 0, each;
  for (int c = 0; c < CHILDREN; c++)
    if (read(report[0], &each, sizeof(each)) == sizeof(each))
      total += each;
  close(release[1]);
  close(report[0]);
  reap_all();
  check(total == CHILDREN * EACH, "88 files open at once across processes", "only %d opened",
        total);
  int fd = open("/", O_RDONLY);
  check(fd == 3, "files are released when their holders exit", "open gave %d", fd);
  close(fd);
}

int main(int argc, char **argv) {
  suite_begin("t_file");
  test_small_file();
  test_open_flags();
  test_bad_descriptors();
  test_big_file();
  test_links();
  test_unlink_open_file();
  test_dup();
  test_devices();
  test_process_file_limit();
  test_system_file_limit();
  suite_end();
}
