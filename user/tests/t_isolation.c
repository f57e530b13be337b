/* In-guest suite t_isolation: user mode cannot touch kernel memory, system calls refuse kernel
 * addresses, and no mix of fork, exec, sbrk, dedup and faults shows one process another's data. */
#include "check.h"

#define SELF "/t_isolation"
#define SECRET_WORDS 8
#define SECRET_COPIES 64 /* copies of the secret a process spreads over its memory */
#define SHARED_PAGES 16  /* pages filled before a fork or a dedup, then written by one side */
#define FILL_PAGES 256   /* pages a dying process fills with its secret (1 MiB) */

/* ---------------------------------------------------------------- secrets and scanning */

/* A secret is SECRET_WORDS random words. The process that must not see it gets only hashes:
 * of the first word (a cheap filter) and of all of them, so its own memory never holds it. */
struct secret_hash {
  uintptr first, all;
};

/* Mixed in 64 bits, kept as wide as a pointer: secrets are words of memory. */
static uintptr mix(uint64 x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ULL;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dULL;
  x ^= x >> 33;
  return (uintptr)x;
}

static struct secret_hash hash_words(const uintptr *w) {
  struct secret_hash h = {mix(w[0]), 0};
  for (int i = 0; i < SECRET_WORDS; i++)
    h.all = mix(h.all ^ w[i]);
  return h;
}

static uintptr secret_counter;

static void make_secret(uintptr *w) {
  uintptr seed = mix(((uint64)uptime() << 32) ^ ((uint64)getpid() << 16) ^ ++secret_counter);
  for (int i = 0; i < SECRET_WORDS; i++)
    w[i] = mix(seed + i) | 1; /* never zero */
}

/* Copies of the secret found in [from, to), 8-byte aligned. */
static int scan_range(struct secret_hash h, uintptr from, uintptr to) {
  int found = 0;
  for (uintptr p = from; p + SECRET_WORDS * sizeof(uintptr) <= to; p += sizeof(uintptr))
    // cppcheck-suppress nullPointer ; from is a mapped address the caller chose
    if (mix(*(volatile uintptr *)p) == h.first && hash_words((uintptr *)p).all == h.all)
      found++;
  return found;
}

/* Scans the whole address space: the image up to the guard page, then stack and heap. */
static int scan_everything(struct secret_hash h) {
  uintptr stack_page = read_sp() & ~(PAGE - 1);
  uintptr brk = (uintptr)sbrk(0);
  return scan_range(h, 0, stack_page - PAGE) + scan_range(h, stack_page, brk);
}

/* Writes SECRET_COPIES copies of the secret over n bytes at p (n >= one copy). */
static void spread_secret(char *p, uintptr n, const uintptr *w) {
  uintptr step = (n / SECRET_COPIES) & ~7UL;
  if (step < SECRET_WORDS * sizeof(uintptr))
    step = SECRET_WORDS * sizeof(uintptr);
  for (uintptr off = 0; off + SECRET_WORDS * sizeof(uintptr) <= n; off += step)
    memmove(p + off, w, SECRET_WORDS * sizeof(uintptr));
}

static int read_exact(int fd, void *buf, int n) {
  int got = 0, r;
  while (got < n && (r = read(fd, (char *)buf + got, n - got)) > 0)
    got += r;
  return got == n;
}

static char *sbrk_pages(int pages) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE && sbrk(PAGE - brk % PAGE) == (char *)-1)
    return 0;
  char *p = sbrk(pages * PAGE);
  return p == (char *)-1 ? 0 : p;
}

static int all_zero(const char *p, uintptr n) {
  for (uintptr i = 0; i < n; i += 8)
    if (*(const uintptr *)(p + i))
      return 0;
  return 1;
}

/* ---------------------------------------------------------------- kernel memory from user mode */

/* Where the kernel is, or was, or where user mode must find nothing: machine.h lists them for
 * each architecture (the kernel image, its data and stacks, the direct map, devices, the top of
 * the user half and beyond). */
static const uintptr kernel_addresses[] = {KERNEL_PROBE_ADDRESSES};
#define NKERNEL (sizeof(kernel_addresses) / sizeof(kernel_addresses[0]))

static void load_from(uintptr a) {
  opaque(*(volatile uintptr *)opaque(a));
}
static void store_to(uintptr a) {
  *(volatile uintptr *)opaque(a) = (uintptr)0x5a5a5a5a5a5a5a5aULL;
}
static void jump_to(uintptr a) {
  ((void (*)(void))opaque(a))();
}

static void test_user_mode_access(void) {
  static const char *names[] = {"reads", "writes", "jumps to"};
  void (*how[])(uintptr) = {load_from, store_to, jump_to};
  for (int k = 0; k < 3; k++) {
    int bad = 0;
    char why[160] = "";
    for (uintptr i = 0; i < NKERNEL; i++) {
      int status = status_of_child(how[k], kernel_addresses[i]);
      if (status != -1 && !bad++)
        format(why, sizeof(why), "at 0x%lx: exit status %d", kernel_addresses[i], status);
    }
    char name[96];
    format(name, sizeof(name), "user-mode %s kernel addresses are killed with -1", names[k]);
    check(bad == 0, name, "%s", why);
  }
}

/* ---------------------------------------------------------------- system calls, kernel addresses
 */

#define DATA_FILE "/ti_data"

static int lowest_free_fd(void) {
  int fd = dup(0);
  close(fd);
  return fd;
}

/* Each call given kernel address a fails and changes nothing we can see. */
static int calls_refuse(uintptr a, char *why, int size) {
  int fd = open(DATA_FILE, O_RDWR);
  struct stat before, after;
  fstat(fd, &before);
  int r_read = read(fd, (void *)a, 64);
  int r_write = write(fd, (void *)a, 64);
  fstat(fd, &after);
  char first[8];
  int r_again = read(fd, first, sizeof(first)); /* the offset moved by nothing */
  close(fd);
  int fds_before = lowest_free_fd();
  int r_pipe = pipe((int *)a);
  int fds_after = lowest_free_fd();
  fd = open(DATA_FILE, O_RDONLY);
  int r_fstat = fstat(fd, (struct stat *)a);
  close(fd);
  int r_kstat = kstat((struct kstat *)a), r_memstat = memstat(0, (struct memstat *)a);
  int r_open = open((char *)a, O_RDONLY);
  char *argv[] = {SELF, "nop", 0};
  int r_exec = exec((char *)a, argv) & exec(SELF, (char **)a);
  int ok = r_read <= 0 && r_write <= 0 && after.size == before.size && r_again == 8 &&
           memcmp(first, "isolate!", 8) == 0 && r_pipe == -1 && fds_after == fds_before &&
           r_fstat == -1 && r_kstat == -1 && r_memstat == -1 && r_open == -1 && r_exec == -1;
  if (!ok)
    format(why, size,
           "at 0x%lx: read %d write %d size %d->%d reread %d pipe %d fds %d->%d fstat %d "
           "kstat %d memstat %d open %d exec %d",
           a, r_read, r_write, (int)before.size, (int)after.size, r_again, r_pipe, fds_before,
           fds_after, r_fstat, r_kstat, r_memstat, r_open, r_exec);
  return ok;
}

static int wait_refuses(uintptr a) {
  int child = fork();
  if (child == 0)
    _exit(7);
  int r = waitpid(-1, (int *)a, 0);
  reap_all();
  return child > 0 && r == -1;
}

/* fork, exec and a pipe still work: the kernel was not hurt. */
static int system_works(void) {
  int fds[2];
  if (pipe(fds) < 0)
    return 0;
  int child = fork();
  if (child == 0) {
    close(1);
    dup(fds[1]); /* the pipe becomes fd 1 of the exec'd image */
    close(fds[0]);
    close(fds[1]);
    char *argv[] = {SELF, "nop", 0};
    exec(SELF, argv);
    _exit(99);
  }
  close(fds[1]);
  char buf[8] = {0};
  int n = read_exact(fds[0], buf, 3);
  close(fds[0]);
  int status = -1;
  waitpid(-1, &status, 0);
  return child > 0 && n && memcmp(buf, "nop", 3) == 0 && status == 0;
}

static void test_system_calls(void) {
  int fd = open(DATA_FILE, O_CREATE | O_RDWR | O_TRUNC);
  write(fd, "isolate!isolate!", 16);
  close(fd);
  int bad = 0, bad_wait = 0;
  char why[200] = "";
  for (uintptr i = 0; i < NKERNEL; i++) {
    char one[200];
    if (!calls_refuse(kernel_addresses[i], one, sizeof(one)) && !bad++)
      memmove(why, one, sizeof(why));
    bad_wait += !wait_refuses(kernel_addresses[i]);
  }
  check(bad == 0, "system calls given kernel addresses fail and change nothing", "%s", why);
  check(bad_wait == 0, "wait into a kernel address fails", "%d addresses accepted", bad_wait);
  check(system_works(), "fork, exec and pipes still work afterwards", "they did not");
  unlink(DATA_FILE);
}

/* ---------------------------------------------------------------- fork: writes after the fork */

static char bss_area[SHARED_PAGES * PAGE];

/* The writer spreads a fresh secret over memory it shares copy-on-write with the other
 * process (bss, heap, its stack), then sends the other the secret's hash; the other scans its
 * whole address space and exits with the number of copies it found. */
static int scanner_side(int from_writer) {
  struct secret_hash h;
  if (!read_exact(from_writer, &h, sizeof(h)))
    return 100;
  int found = scan_everything(h);
  return found > 99 ? 99 : found;
}

/* The kernel's writes: read() from a pipe holding the secret into every other heap page. */
static void read_secret_into(char *heap, const uintptr *secret) {
  int fds[2];
  if (pipe(fds) < 0)
    return;
  for (int i = 1; i < SHARED_PAGES; i += 2) {
    write(fds[1], secret, SECRET_WORDS * sizeof(uintptr));
    read(fds[0], heap + i * PAGE + 8 * i, SECRET_WORDS * sizeof(uintptr));
  }
  close(fds[0]);
  close(fds[1]);
}

static void writer_side(int to_scanner, char *heap, int by_kernel) {
  uintptr secret[SECRET_WORDS];
  char on_stack[512]; /* the stack is one page */
  make_secret(secret);
  if (by_kernel) {
    read_secret_into(heap, secret);
  } else {
    spread_secret(bss_area, sizeof(bss_area), secret);
    spread_secret(heap, SHARED_PAGES * PAGE, secret);
    spread_secret(on_stack, sizeof(on_stack), secret);
  }
  struct secret_hash h = hash_words(secret);
  write(to_scanner, &h, sizeof(h));
  opaque((uintptr)on_stack);
}

/* parent_writes: the parent writes and the child scans; else the other way round. by_kernel:
 * the writes are made by read() system calls rather than by the program's own stores. */
static int fork_round(int parent_writes, int by_kernel, char *heap) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1000;
  int child = fork();
  if (child < 0)
    return -1000;
  if (child == 0) {
    close(parent_writes ? fds[1] : fds[0]);
    if (parent_writes)
      _exit(scanner_side(fds[0]));
    writer_side(fds[1], heap, by_kernel);
    _exit(0);
  }
  close(parent_writes ? fds[0] : fds[1]);
  int found = 0;
  if (parent_writes)
    writer_side(fds[1], heap, by_kernel);
  else
    found = scanner_side(fds[0]);
  close(parent_writes ? fds[1] : fds[0]);
  int status = -1;
  waitpid(-1, &status, 0);
  return parent_writes ? status : (status == 0 ? found : -2000 - status);
}

static void test_fork_secrets(void) {
  char *heap = sbrk_pages(SHARED_PAGES);
  if (!heap) {
    fail("fork isolation", "sbrk failed");
    return;
  }
  uintptr secret[SECRET_WORDS];
  make_secret(secret);
  spread_secret(heap, SHARED_PAGES * PAGE, secret);
  int seen = scan_everything(hash_words(secret));
  check(seen >= SECRET_COPIES, "the scan finds a secret in the scanner's own memory",
        "it found %d copies", seen);
  memset(heap, 'h', SHARED_PAGES * PAGE);
  memset(secret, 0, sizeof(secret));
  memset(bss_area, 'b', sizeof(bss_area));
  int r = fork_round(1, 0, heap);
  check(r == 0, "a child finds nothing of what its parent writes after the fork",
        "result %d (copies found, or an error)", r);
  r = fork_round(0, 0, heap);
  check(r == 0, "a parent finds nothing of what its child writes after the fork",
        "result %d (copies found, or an error)", r);
  r = fork_round(1, 1, heap);
  check(r == 0, "a child finds nothing of what its parent's read() puts in shared pages",
        "result %d (copies found, or an error)", r);
  r = fork_round(0, 1, heap);
  check(r == 0, "a parent finds nothing of what its child's read() puts in shared pages",
        "result %d (copies found, or an error)", r);
  sbrk(-SHARED_PAGES * (int)PAGE);
}

/* ---------------------------------------------------------------- dedup: merged, then written */

static uintptr common_word(int page, int word) {
  return mix(((uintptr)page << 20) + word + 77);
}

static void fill_common(uintptr *p) {
  for (int i = 0; i < SHARED_PAGES; i++)
    for (int j = 0; j < (int)(PAGE / sizeof(uintptr)); j++)
      p[i * PAGE / sizeof(uintptr) + j] = common_word(i, j);
}

static int count_common(const uintptr *p) {
  int same = 0;
  for (int i = 0; i < SHARED_PAGES; i++) {
    int ok = 1;
    for (int j = 0; j < (int)(PAGE / sizeof(uintptr)) && ok; j++)
      ok = p[i * PAGE / sizeof(uintptr) + j] == common_word(i, j);
    same += ok;
  }
  return same;
}

/* A child of the dedup test: fills its pages, reports, then either writes the secret it is
 * sent into page 0 (the writer) or checks its pages and scans for the secret's hash. */
static __attribute__((noreturn)) void dedup_child(int writer, int ready, int go) {
  uintptr *p = (uintptr *)sbrk_pages(SHARED_PAGES);
  if (!p)
    _exit(101);
  fill_common(p);
  write(ready, "r", 1);
  if (writer) {
    uintptr secret[SECRET_WORDS];
    if (!read_exact(go, secret, sizeof(secret)))
      _exit(102);
    memmove(p, secret, sizeof(secret));
    int ok = memcmp(p, secret, sizeof(secret)) == 0 && count_common(p) == SHARED_PAGES - 1;
    write(ready, "w", 1);
    _exit(ok ? 0 : 103);
  }
  struct secret_hash h;
  if (!read_exact(go, &h, sizeof(h)))
    _exit(102);
  if (count_common(p) != SHARED_PAGES)
    _exit(104);
  int found = scan_everything(h);
  _exit(found > 99 ? 99 : found);
}

static int start_dedup_child(int writer, int ready_w, int *go_w) {
  int pid = fork_fed(go_w);
  if (pid == 0)
    dedup_child(writer, ready_w, *go_w);
  return pid;
}

static void test_dedup_secrets(void) {
  int ready[2], go_writer = -1, go_reader = -1;
  pipe(ready);
  int writer = start_dedup_child(1, ready[1], &go_writer);
  int reader = start_dedup_child(0, ready[1], &go_reader);
  close(ready[1]);
  char c;
  int ok = writer > 0 && reader > 0 && read_exact(ready[0], &c, 1) && read_exact(ready[0], &c, 1);
  int freed = ok ? dedup() : -1;
  uintptr secret[SECRET_WORDS];
  make_secret(secret);
  struct secret_hash h = hash_words(secret);
  write(go_writer, secret, sizeof(secret));
  ok = ok && read_exact(ready[0], &c, 1); /* the writer has written */
  write(go_reader, &h, sizeof(h));
  close(go_writer);
  close(go_reader);
  close(ready[0]);
  int st_writer = -1, st_reader = -1, st, pid;
  while ((pid = waitpid(-1, &st, 0)) > 0)
    *(pid == writer ? &st_writer : &st_reader) = st;
  check(freed >= SHARED_PAGES, "dedup merges two processes' identical pages", "it freed %d", freed);
  check(ok && st_writer == 0, "the writer of a merged page sees its own write", "exit status %d",
        st_writer);
  check(ok && st_reader == 0, "the other process keeps its page and finds nothing of the write",
        "exit status %d (copies found, or 100+: an error)", st_reader);
}

/* ---------------------------------------------------------------- sbrk, exit, faults, exec */

static void test_sbrk_again_is_zero(void) {
  char *p = sbrk_pages(SHARED_PAGES);
  if (!p) {
    fail("sbrk shrink then grow gives zeroed memory", "sbrk failed");
    return;
  }
  memset(p, 0xa5, SHARED_PAGES * PAGE);
  sbrk(-SHARED_PAGES * (int)PAGE);
  char *q = sbrk(SHARED_PAGES * PAGE);
  check(q == p && all_zero(q, SHARED_PAGES * PAGE), "sbrk shrink then grow gives zeroed memory",
        "old %lx new %lx", (uintptr)p, (uintptr)q);
  sbrk(-SHARED_PAGES * (int)PAGE);
}

/* A child fills FILL_PAGES with a secret, sends its hash, and then exits or faults. */
static int leave_secret_behind(int fault, struct secret_hash *h) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1000;
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    uintptr secret[SECRET_WORDS];
    make_secret(secret);
    char *p = sbrk_pages(FILL_PAGES);
    if (!p)
      _exit(1);
    for (int i = 0; i < FILL_PAGES; i++)
      spread_secret(p + i * PAGE, PAGE, secret);
    struct secret_hash mine = hash_words(secret);
    write(fds[1], &mine, sizeof(mine));
    if (fault)
      store_to(0x80000000UL);
    _exit(0);
  }
  close(fds[1]);
  int ok = read_exact(fds[0], h, sizeof(*h));
  close(fds[0]);
  int status = -1000;
  waitpid(-1, &status, 0);
  return ok ? status : -1000;
}

/* New memory after another process freed its frames: zero, and no copy of its secret. */
static void test_frames_come_back_clean(int fault) {
  struct secret_hash h;
  int status = leave_secret_behind(fault, &h);
  char *p = sbrk_pages(FILL_PAGES);
  int zero = p && all_zero(p, FILL_PAGES * PAGE);
  int found = p ? scan_everything(h) : -1;
  if (p)
    sbrk(-FILL_PAGES * (int)PAGE);
  check(status == (fault ? -1 : 0) && zero && found == 0,
        fault ? "memory freed by a killed process comes back zeroed"
              : "memory freed by an exited process comes back zeroed",
        "child status %d, zero %d, copies found %d", status, zero, found);
}

/* An exec'd image scans itself and fresh heap pages for a dead process's secret. */
static void test_exec_image_is_clean(void) {
  struct secret_hash h;
  int status = leave_secret_behind(0, &h);
  char first[24], all[24];
  format(first, sizeof(first), "%lx", h.first);
  format(all, sizeof(all), "%lx", h.all);
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {SELF, "scan", first, all, 0};
    exec(SELF, argv);
    _exit(98);
  }
  int scan_status = -1;
  waitpid(-1, &scan_status, 0);
  check(status == 0 && pid > 0 && scan_status == 0,
        "a new program's image and heap hold nothing of an earlier process",
        "child %d, scanner exit %d (copies found, 50: heap not zero, 98: exec failed)", status,
        scan_status);
}

static uintptr parse_hex(const char *s) {
  uintptr v = 0;
  if (s[0] == '0' && s[1] == 'x')
    s += 2;
  for (; *s; s++)
    v = v * 16 + (*s <= '9' ? *s - '0' : *s - 'a' + 10);
  return v;
}

/* `t_isolation scan FIRST ALL`: exit with the copies of the secret found (50: unzeroed heap). */
static int scan_mode(char **argv) {
  struct secret_hash h = {parse_hex(argv[2]), parse_hex(argv[3])};
  char *p = sbrk_pages(FILL_PAGES);
  if (p && !all_zero(p, FILL_PAGES * PAGE))
    return 50;
  int found = scan_everything(h);
  return found > 49 ? 49 : found;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "nop") == 0) {
    write(1, "nop", 3);
    _exit(0);
  }
  if (argc >= 4 && strcmp(argv[1], "scan") == 0)
    _exit(scan_mode(argv));
  suite_begin("t_isolation");
  test_user_mode_access();
  test_system_calls();
  test_fork_secrets();
  test_dedup_secrets();
  test_sbrk_again_is_zero();
  test_frames_come_back_clean(0);
  test_frames_come_back_clean(1);
  test_exec_image_is_clean();
  suite_end();
}
