/* In-guest suite t_badptr: wild, kernel, unmapped, guard-page and read-only pointers passed
 * to every system call that takes one return -1 (or 0 bytes) and never harm the caller. */
#include "check.h"

#define SELF "/t_badptr"

int main(int argc, char **argv);

static const char *addr_name; /* which address the current child is trying */
static char good[64];

/* A fresh descriptor on a file with data, so a read has bytes to copy. */
static int data_fd(void) {
  return open("/tb_data", O_RDONLY);
}

static int lowest_free_fd(void) {
  int fd = dup(0);
  close(fd);
  return fd;
}

static char name_buf[96];

static const char *named(const char *call) {
  format(name_buf, sizeof(name_buf), "%s with %s", call, addr_name);
  return name_buf;
}

static void try_reads_and_writes(uintptr a) {
  int fd = data_fd();
  int r = read(fd, (void *)a, 10);
  close(fd);
  check(r <= 0, named("read"), "returned %d", r);
  r = write(1, (void *)a, 10);
  check(r <= 0, named("write to the console"), "returned %d", r);
  fd = open("/tb_scratch", O_CREATE | O_RDWR);
  r = write(fd, (void *)a, 10);
  close(fd);
  check(r <= 0, named("write to a file"), "returned %d", r);
  int fds[2];
  pipe(fds);
  write(fds[1], "0123456789", 10);
  int rr = read(fds[0], (void *)a, 10);
  int rw = write(fds[1], (void *)a, 10);
  close(fds[0]);
  close(fds[1]);
  check(rr <= 0 && rw <= 0, named("pipe read and write"), "read %d, write %d", rr, rw);
}

static void try_structures(uintptr a) {
  int before = lowest_free_fd();
  int r = pipe((int *)a);
  check(r == -1 && lowest_free_fd() == before, named("pipe"), "returned %d, fds %d -> %d", r,
        before, lowest_free_fd());
  int fd = data_fd();
  r = fstat(fd, (struct stat *)a);
  close(fd);
  check(r == -1, named("fstat"), "returned %d", r);
  int child = fork();
  if (child == 0)
    _exit(0);
  r = waitpid(-1, (int *)a, 0);
  reap_all();
  check(r == -1, named("wait"), "returned %d", r);
}

static void try_paths(uintptr a) {
  char *path = (char *)a;
  int ok = open(path, O_RDONLY) == -1 && open(path, O_CREATE | O_RDWR) == -1 && chdir(path) == -1 &&
           mkdir(path) == -1 && unlink(path) == -1 && link(path, "/tb_link") == -1 &&
           link("/tb_data", path) == -1 && mknod(path, 1, 0) == -1;
  check(ok, named("open, chdir, mkdir, unlink, link, mknod"), "a call did not return -1");
  unlink("/tb_link");
}

static void try_exec(uintptr a) {
  char *argv[] = {SELF, "exit", 0};
  int r1 = exec((char *)a, argv);
  int r2 = exec(SELF, (char **)a);
  char *bad_string[] = {SELF, (char *)a, 0};
  int r3 = exec(SELF, bad_string);
  check(r1 == -1 && r2 == -1 && r3 == -1, named("exec"), "path %d, argv %d, argv string %d", r1, r2,
        r3);
}

static void try_everything(uintptr a) {
  try_reads_and_writes(a);
  try_structures(a);
  try_paths(a);
  try_exec(a);
}

static void test_address(const char *name, uintptr a) {
  addr_name = name;
  int status = status_of_child(try_everything, a);
  check(status == 0, named("the caller survives system calls"), "child status %d", status);
}

/* ---- pointers that run off the end of memory part-way ---- */

static char *heap_page_end;

static void try_straddling(uintptr unused) {
  char *end = heap_page_end;
  int fd = data_fd();
  int r = read(fd, end - 10, 100);
  close(fd);
  check(r <= 10, "read straddling the break stops at the break", "returned %d", r);
  fd = open("/tb_scratch", O_CREATE | O_RDWR);
  r = write(fd, end - 10, 100);
  close(fd);
  check(r <= 10, "write straddling the break stops at the break", "returned %d", r);
  fd = data_fd();
  r = fstat(fd, (struct stat *)(end - 8));
  close(fd);
  check(r == -1, "fstat straddling the break", "returned %d", r);
  r = pipe((int *)(end - 4));
  check(r == -1, "pipe straddling the break", "returned %d", r);

  memset(end - 20, 'q', 20); /* no NUL before the break */
  check(open(end - 20, O_CREATE | O_RDWR) == -1 && mkdir(end - 20) == -1,
        "a path running into the break is refused", "a call accepted it");
  char **argv = (char **)(end - 4 * sizeof(char *));
  for (int i = 0; i < 4; i++)
    argv[i] = good;
  check(exec(SELF, argv) == -1, "an argv running into the break is refused", "exec accepted it");
}

static void try_read_only_targets(uintptr unused) {
  uintptr text = (uintptr)main;
  static char before[32];
  memmove(before, (void *)text, sizeof(before));
  int fd = data_fd();
  int r = read(fd, (void *)text, sizeof(before));
  close(fd);
  int same = memcmp(before, (void *)text, sizeof(before)) == 0;
  check(r <= 0 && same, "read into read-only text is refused", "returned %d, text changed %d", r,
        !same);
  check(waitpid(-1, (int *)text, 0) == -1, "wait into read-only text", "it returned a pid");
  check(pipe((int *)text) == -1, "pipe into read-only text", "it succeeded");
  fd = data_fd();
  r = fstat(fd, (struct stat *)text);
  close(fd);
  check(r == -1, "fstat into read-only text", "returned %d", r);
}

int main(int argc, char **argv) {
  /* anything else means an exec with a bad argument wrongly succeeded */
  if (argc != 1 || (strcmp(argv[0], "t_badptr") != 0 && strcmp(argv[0], SELF) != 0))
    _exit(99);
  suite_begin("t_badptr");
  int fd = open("/tb_data", O_CREATE | O_TRUNC | O_RDWR);
  write(fd, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
  close(fd);
  strcpy(good, "fine");

  uintptr brk = (uintptr)sbrk(0);
  brk = (brk + PAGE - 1) & ~(PAGE - 1);
  uintptr guard = (read_sp() & ~(PAGE - 1)) - PAGE;
  test_address("0x80000000", 0x80000000UL);
  test_address("all ones", (uintptr)-1);
  test_address("a wild address", (uintptr)0xeaeb0b5b00002f5eULL | MAXVA);
  test_address("the break", brk);
  test_address("the break + 64 pages", brk + 64 * PAGE);
  test_address("the guard page", guard);
  test_address("the top user page", MAXVA - PAGE);
  test_address("the second-to-top user page", MAXVA - 2 * PAGE);
  test_address("the kernel image", KERNEL_TEXT);
  test_address("the direct map of RAM", DIRECT_MAP_RAM);
  test_address("MAXVA", MAXVA);
  test_address("-4096", (uintptr)-4096L);

  char *old = sbrk(0);
  if ((uintptr)old % PAGE)
    sbrk(PAGE - (uintptr)old % PAGE);
  sbrk(PAGE);
  heap_page_end = sbrk(0);
  int status = status_of_child(try_straddling, 0);
  check(status == 0, "the caller survives straddling pointers", "child status %d", status);
  if (elf_segment_writable(SELF, (uintptr)main) == 0) {
    status = status_of_child(try_read_only_targets, 0);
    check(status == 0, "the caller survives read-only targets", "child status %d", status);
  } else {
    note("t_badptr: text is writable in this layout; read-only target checks skipped");
  }
  unlink("/tb_data");
  unlink("/tb_scratch");
  suite_end();
}
