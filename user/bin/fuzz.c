/* fuzz: `fuzz SEED NCALLS NPROCS` makes NCALLS system calls with random and hostile numbers and
 * arguments, split over NPROCS workers running at once; each worker's calls repeat from SEED. */
#include "../../kernel/proc/sysnum.h"
#include "../tests/check.h"

#define MAX_WORKERS 16
#define NFD 16               /* NOFILE: descriptors 0..15 */
#define FIRST_FD 3           /* 0-2 are the console: reading blocks, writing pollutes the log */
#define MAX_CHILDREN 8       /* children of fuzzed forks not yet waited for */
#define PIPE_CAPACITY 512    /* bytes a pipe holds before a write blocks */
#define SCRATCH (8 * PAGE)   /* heap bytes at the heap's start the kernel may write into */
#define MAX_GROWTH (2 << 20) /* how far the fuzzed sbrk calls may grow the heap */
#define PROGRESS_EVERY 1000
#define INT_MAX 0x7fffffff
#define INT_MIN (-INT_MAX - 1)
#define ROUND_UP(a) (((a) + PAGE - 1) & ~(PAGE - 1))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SCRATCH_DIR "/fz"

/* ---------------------------------------------------------------- randomness */

static uint64 rng_state;

static uint64 next_random(void) { /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64 below(uint64 n) {
  return next_random() % n;
}
static int percent(int p) {
  return below(100) < (uint64)p;
}

static uint64 pick(const uint64 *values, int n) {
  return values[below(n)];
}

/* ---------------------------------------------------------------- the worker's state */

enum fd_kind { FD_CLOSED, FD_FILE, FD_DIR, FD_DEVICE, FD_PIPE_READ, FD_PIPE_WRITE, FD_UNKNOWN };

struct fd_state {
  enum fd_kind kind;
  int pipe; /* index in pipes[] for the two pipe kinds */
};

/* A pipe's ends open in this worker and the bytes in it. Uncertain once a failed call may have
 * moved bytes: then only calls that cannot block touch it. */
struct pipe_state {
  int readers, writers, buffered, uncertain;
};

static struct fd_state fds[NFD];
static struct pipe_state pipes[NFD];
static int children[MAX_CHILDREN], nchildren;

/* Exact-size targets for the kernel to write to, and the scratch heap. */
static int pipe_pair[2], wait_status;
static struct stat stat_buf;
static struct memstat memstat_buf;
static struct kstat kstat_buf;
static uint64 heap_start, heap_break; /* heap_break: as the worker's sbrk calls moved it */
static uint64 stack_page;

static int worker_id, worker_failures;
static long calls_made, calls_succeeded;

/* ---------------------------------------------------------------- addresses */

/* How an argument address is expected to behave, so a result can be judged. */
enum addr_kind { ADDR_VALID, ADDR_WILD, ADDR_READ_ONLY, ADDR_PARTIAL };

static const uint64 wild_addresses[] = {
    0x80000000UL,         0x80200000UL,         0x87fff000UL, /* RAM: the kernel's image */
    0x3ffffff000UL,       0x3fffffe000UL,                     /* trampoline, trap frame */
    0x4000000000UL,       0x3fffffffffUL,       0x1000000000UL,       0xffffffffffffffffUL,
    0xeaeb0b5b00002f5eUL, 0xffffffc000000000UL, 0xffffffff80000000UL, 0x8000000000000000UL,
};

/* A kernel, unmapped or guard-page address; sets *kind. */
static uint64 wild_address(enum addr_kind *kind) {
  *kind = ADDR_WILD;
  uint64 r = below(ARRAY_LEN(wild_addresses) + 3);
  if (r < ARRAY_LEN(wild_addresses))
    return wild_addresses[r];
  if (r == ARRAY_LEN(wild_addresses))
    return stack_page - PAGE + below(PAGE); /* the guard page */
  if (r == ARRAY_LEN(wild_addresses) + 1)
    return ROUND_UP(heap_break) + below(64) * PAGE; /* above the break */
  return next_random() | (1UL << 39);               /* never below MAXVA */
}

/* An address the kernel must not write to: in the text's first page, which is read-only (not
 * 0 itself, which wait() takes as "no status wanted"). */
static uint64 read_only_address(enum addr_kind *kind) {
  *kind = ADDR_READ_ONLY;
  return 1 + below(PAGE - 1);
}

/* An address for the kernel to write to: target (exactly the size it writes) or hostile. */
static uint64 out_address(void *target, enum addr_kind *kind) {
  int r = below(100);
  if (r < 60) {
    *kind = ADDR_VALID;
    return (uint64)target;
  }
  if (r < 85)
    return wild_address(kind);
  if (r < 95)
    return read_only_address(kind);
  *kind = ADDR_PARTIAL;
  return heap_break - 1 - below(16); /* straddles the break */
}

/* A buffer for read(): anywhere in the scratch heap (longer reads run on into the grown heap
 * or off its end), or hostile. */
static uint64 read_buffer(enum addr_kind *kind) {
  int r = below(100);
  if (r < 65) {
    *kind = ADDR_PARTIAL; /* may run past the break */
    return heap_start + below(SCRATCH);
  }
  if (r < 90)
    return wild_address(kind);
  return read_only_address(kind);
}

/* A buffer for the kernel to read from: scratch, text, stack, or hostile. */
static uint64 in_buffer(enum addr_kind *kind) {
  int r = below(100);
  *kind = ADDR_PARTIAL;
  if (r < 45)
    return heap_start + below(SCRATCH);
  if (r < 60)
    return below(4 * PAGE); /* text */
  if (r < 70)
    return stack_page + below(PAGE);
  return wild_address(kind);
}

static uint64 length(void) {
  /* clang-format off */
  static const uint64 picks[] = {0, 1, 8, 511, 512, 513, 4095, 4096, 4097, 65536, 1 << 20,
                                 INT_MAX, 0x80000000UL, 0xffffffffUL, 0xffffffff00000010UL,
                                 0xffffffffffffffffUL};
  /* clang-format on */
  return percent(50) ? below(600) : pick(picks, ARRAY_LEN(picks));
}

/* ---------------------------------------------------------------- paths and argv */

/* clang-format off */
static const char *const pool_paths[] = {
    "/fz/a", "/fz/b", "/fz/d", "/fz/d/c", "/fz/d/e", "/fz/n", "/fz/a/x", "/fz/d/d",
    "/fz", "/README.md", "/", ".", "..", "", "/fz/..", "/fz/d/..", "/fz/.", "//fz///b",
    "/nonexistent/x", "/fz/abcdefghijklmnopqrstuvwxyz", "fz", "fz/a", "d/c",
};
/* clang-format on */
static char long_path[300]; /* longer than MAXPATH */
static char garbage[512]; /* random bytes (NULs included): odd names, never written by the kernel */

/* Deepest first, so directories are empty when their turn comes. */
/* clang-format off */
static const char *const cleanup_paths[] = {
    "/fz/d/c", "/fz/d/e", "/fz/d/d", "/fz/a/x", "/fz/d", "/fz/a", "/fz/b", "/fz/n",
    "/fz/abcdefghijklmn", "/fz",
};
/* clang-format on */

static uint64 path_arg(enum addr_kind *kind) {
  int r = below(100);
  *kind = ADDR_VALID;
  if (r < 80)
    return (uint64)pool_paths[below(ARRAY_LEN(pool_paths))];
  if (r < 85)
    return (uint64)long_path;
  if (r < 90)
    return (uint64)garbage + below(sizeof(garbage) - 1);
  return wild_address(kind);
}

static char big_arg[3000];
static char *argv_plain[] = {"fz", "one", "two", 0};
static char *argv_big[] = {"fz", big_arg, big_arg, 0}; /* more than one stack page */
static char *argv_many[40];                            /* more than MAXARG */
static char *argv_bad[4];

static uint64 argv_arg(enum addr_kind *kind) {
  int r = below(100);
  *kind = ADDR_VALID;
  if (r < 30)
    return (uint64)argv_plain;
  if (r < 45)
    return (uint64)argv_big;
  if (r < 60)
    return (uint64)argv_many;
  if (r < 80) {
    enum addr_kind ignored;
    argv_bad[0] = "fz";
    argv_bad[1] = (char *)wild_address(&ignored);
    argv_bad[2] = 0;
    return (uint64)argv_bad;
  }
  return wild_address(kind);
}

/* ---------------------------------------------------------------- descriptors */

enum fd_use { USE_READ, USE_WRITE, USE_OTHER };

/* May a call of this use be made on fd without blocking or touching the console? */
static int fd_safe(int fd, enum fd_use use, int n) {
  if (fd < 0 || fd >= NFD)
    return 1;
  if (fd < FIRST_FD)
    return 0;
  struct fd_state *f = &fds[fd];
  struct pipe_state *p = &pipes[f->pipe];
  switch (f->kind) {
  case FD_CLOSED:
  case FD_FILE:
  case FD_DIR:
    return 1;
  case FD_PIPE_READ:
    if (use == USE_WRITE)
      return 1; /* fails at once */
    return use == USE_OTHER || p->writers == 0 || (!p->uncertain && p->buffered > 0);
  case FD_PIPE_WRITE:
    if (use == USE_READ)
      return 1;
    return use == USE_OTHER || p->readers == 0 ||
           (!p->uncertain && n <= PIPE_CAPACITY - p->buffered);
  default:
    return use == USE_OTHER;
  }
}

static uint64 hostile_fd(void) {
  /* clang-format off */
  static const uint64 picks[] = {(uint64)-1, 16, 17, 100, 1000000, INT_MAX, (uint64)INT_MIN,
                                 0x8000000000000000UL, 0xffffffff00000000UL | 20};
  /* clang-format on */
  return percent(80) ? pick(picks, ARRAY_LEN(picks)) : next_random();
}

/* A descriptor argument for a call of this use with length n (as the kernel sees both). */
static uint64 fd_arg(enum fd_use use, int n) {
  for (int tries = 0; tries < 20; tries++) {
    uint64 v = percent(80) ? FIRST_FD + below(NFD - FIRST_FD) : hostile_fd();
    if (fd_safe((int)v, use, n))
      return v;
  }
  return (uint64)-1;
}

static int new_pipe_slot(void) {
  for (int i = 0; i < NFD; i++)
    if (pipes[i].readers == 0 && pipes[i].writers == 0) {
      pipes[i] = (struct pipe_state){0, 0, 0, 0};
      return i;
    }
  return 0; /* cannot happen: each pipe in use holds a descriptor */
}

static void track_open(int fd, enum fd_kind kind, int pipe) {
  if (fd < 0 || fd >= NFD)
    return;
  fds[fd].kind = kind;
  fds[fd].pipe = pipe;
  if (kind == FD_PIPE_READ)
    pipes[pipe].readers++;
  if (kind == FD_PIPE_WRITE)
    pipes[pipe].writers++;
}

static void track_close(int fd) {
  if (fd < FIRST_FD || fd >= NFD)
    return;
  if (fds[fd].kind == FD_PIPE_READ)
    pipes[fds[fd].pipe].readers--;
  if (fds[fd].kind == FD_PIPE_WRITE)
    pipes[fds[fd].pipe].writers--;
  fds[fd].kind = FD_CLOSED;
}

/* After a successful open: what the descriptor is, from fstat. */
static enum fd_kind kind_of(int fd) {
  struct stat st;
  if (fstat(fd, &st) < 0)
    return FD_UNKNOWN;
  if (st.type == T_DIR)
    return FD_DIR;
  return st.type == T_FILE ? FD_FILE : FD_DEVICE;
}

/* pipe() succeeded with a pointer we cannot read back: every closed slot may now be open. */
static void lose_track_of_closed_fds(void) {
  for (int fd = FIRST_FD; fd < NFD; fd++)
    if (fds[fd].kind == FD_CLOSED)
      fds[fd].kind = FD_UNKNOWN;
}

/* ---------------------------------------------------------------- making a call */

struct call {
  uint64 num;
  uint64 arg[6];
  enum addr_kind kind; /* of the address argument that decides the verdict */
  int must_fail;       /* the ABI requires -1 (or for reads/writes, at most 0 bytes) */
};

static long raw_syscall(const struct call *c) {
  register uint64 a0 asm("a0") = c->arg[0];
  register uint64 a1 asm("a1") = c->arg[1];
  register uint64 a2 asm("a2") = c->arg[2];
  register uint64 a3 asm("a3") = c->arg[3];
  register uint64 a4 asm("a4") = c->arg[4];
  register uint64 a5 asm("a5") = c->arg[5];
  register uint64 a7 asm("a7") = c->num;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
               : "memory");
  return (long)a0;
}

static void report(const struct call *c, long ret, const char *why) {
  fail("hostile argument refused",
       "worker %d call %ld: syscall %ld(%lx, %lx, %lx) returned %ld: %s", worker_id, calls_made,
       (long)c->num, c->arg[0], c->arg[1], c->arg[2], ret, why);
  worker_failures++;
}

/* ---------------------------------------------------------------- arguments per call */

static void prepare_read(struct call *c) {
  uint64 n = length();
  c->arg[1] = read_buffer(&c->kind);
  c->arg[2] = n;
  c->arg[0] = fd_arg(USE_READ, (int)n);
  c->must_fail = c->kind == ADDR_WILD || c->kind == ADDR_READ_ONLY;
}

static void prepare_write(struct call *c) {
  uint64 n = length();
  c->arg[1] = in_buffer(&c->kind);
  c->arg[2] = n;
  c->arg[0] = fd_arg(USE_WRITE, (int)n);
  c->must_fail = c->kind == ADDR_WILD;
}

/* The call writes a structure to its address argument number i. */
static void prepare_out(struct call *c, int i, void *target) {
  c->arg[i] = out_address(target, &c->kind);
  c->must_fail = c->kind == ADDR_WILD || c->kind == ADDR_READ_ONLY;
}

static void prepare_path(struct call *c, int i) {
  enum addr_kind kind;
  c->arg[i] = path_arg(&kind);
  if (kind == ADDR_WILD) {
    c->kind = kind;
    c->must_fail = 1;
  }
}

static uint64 open_flags(void) {
  /* clang-format off */
  static const uint64 picks[] = {O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDWR,
                                 O_CREATE | O_WRONLY | O_TRUNC, O_TRUNC | O_RDWR, 3, 0xffff,
                                 (uint64)-1};
  /* clang-format on */
  return percent(90) ? pick(picks, ARRAY_LEN(picks)) : next_random();
}

/* Device numbers, never the console's (1) however the kernel narrows them. */
static uint64 device_number(void) {
  static const uint64 picks[] = {0, 2, 9, 10, 100, (uint64)-1, 0x7fff, 0x8000, 0x10000, 0x10009};
  uint64 v;
  do
    v = percent(80) ? pick(picks, ARRAY_LEN(picks)) : next_random();
  while ((short)v == 1 || (int)v == 1);
  return v;
}

/* Pids no other process has: our own children, or values no pid reaches. */
static uint64 kill_target(int *hostile) {
  static const uint64 picks[] = {(uint64)-1, 0, INT_MAX, (uint64)INT_MIN, 0xffffffff00000000UL};
  *hostile = nchildren == 0 || percent(40);
  if (*hostile)
    return percent(70) ? pick(picks, ARRAY_LEN(picks)) : 1000000 + below(1000000);
  return (uint64)children[below(nchildren)];
}

static uint64 sbrk_amount(void) {
  /* clang-format off */
  static const uint64 picks[] = {0, 1, 4096, 4095, 8192, 65536, (uint64)-1, (uint64)-4096,
                                 (uint64)-65536, INT_MAX, (uint64)INT_MIN, 0x40000000,
                                 0xfffffffff0000000UL, 0x100000000UL | 4096};
  /* clang-format on */
  uint64 n = percent(70) ? pick(picks, ARRAY_LEN(picks)) : below(1 << 20);
  if ((int)n > 0 && (int)n < 0x40000000 && heap_break + (int)n > heap_start + SCRATCH + MAX_GROWTH)
    n = -(uint64)(heap_break - heap_start - SCRATCH); /* back down to the scratch area */
  return n;
}

static void prepare_misc(struct call *c) {
  switch (c->num) {
  case SYS_kill: {
    int hostile;
    c->arg[0] = kill_target(&hostile);
    c->must_fail = hostile;
    break;
  }
  case SYS_sbrk:
    c->arg[0] = sbrk_amount();
    break;
  case SYS_sleep: {
    static const uint64 picks[] = {0, (uint64)-1, (uint64)INT_MIN, 0xffffffff00000000UL};
    c->arg[0] = percent(5) ? 1 : pick(picks, ARRAY_LEN(picks));
    break;
  }
  case SYS_faultinject: { /* never a setting that fails soon: a failed copy-on-write kills us */
    static const uint64 picks[] = {0, (uint64)-1, (uint64)INT_MIN, 1 << 24, INT_MAX};
    c->arg[0] = pick(picks, ARRAY_LEN(picks));
    break;
  }
  case SYS_memstat: {
    static const uint64 picks[] = {0, 1, 2, (uint64)-1, INT_MAX, 0x100000001UL};
    c->arg[0] = percent(70) ? pick(picks, ARRAY_LEN(picks)) : below(80);
    prepare_out(c, 1, &memstat_buf);
    break;
  }
  }
}

static void prepare(struct call *c) {
  switch (c->num) {
  case SYS_fork:
    if (nchildren == MAX_CHILDREN)
      c->num = SYS_wait; /* make room first */
    else
      break;
    /* fall through */
  case SYS_wait:
    if (percent(10))
      c->arg[0] = 0;
    else
      prepare_out(c, 0, &wait_status);
    break;
  case SYS_pipe:
    pipe_pair[0] = pipe_pair[1] = -1;
    prepare_out(c, 0, pipe_pair);
    break;
  case SYS_read:
    prepare_read(c);
    break;
  case SYS_write:
    prepare_write(c);
    break;
  case SYS_exec:
    prepare_path(c, 0);
    c->arg[1] = argv_arg(&c->kind);
    c->must_fail = 1; /* nothing the fuzzer can name is executable */
    break;
  case SYS_fstat:
    c->arg[0] = fd_arg(USE_OTHER, 0);
    prepare_out(c, 1, &stat_buf);
    break;
  case SYS_kstat:
    prepare_out(c, 0, &kstat_buf);
    break;
  case SYS_dup:
  case SYS_close:
    c->arg[0] = fd_arg(USE_OTHER, 0);
    break;
  case SYS_chdir:
  case SYS_unlink:
  case SYS_mkdir:
    prepare_path(c, 0);
    break;
  case SYS_link:
    prepare_path(c, 0);
    prepare_path(c, 1);
    break;
  case SYS_open:
    prepare_path(c, 0);
    c->arg[1] = open_flags();
    break;
  case SYS_mknod:
    prepare_path(c, 0);
    c->arg[1] = device_number();
    c->arg[2] = device_number();
    break;
  default:
    prepare_misc(c);
    break;
  }
}

/* ---------------------------------------------------------------- bookkeeping after a call */

static void after_pipe_io(int fd, int reading, long ret) {
  if (fd < FIRST_FD || fd >= NFD)
    return;
  enum fd_kind want = reading ? FD_PIPE_READ : FD_PIPE_WRITE;
  if (fds[fd].kind != want)
    return;
  struct pipe_state *p = &pipes[fds[fd].pipe];
  if (ret < 0) {
    p->uncertain = 1;
    return;
  }
  p->buffered += reading ? -ret : ret;
  if (p->buffered < 0 || p->buffered > PIPE_CAPACITY) {
    p->buffered = 0;
    p->uncertain = 1;
  }
}

static void after_dup(int old, long ret) {
  if (ret < 0 || ret >= NFD)
    return;
  if (old >= FIRST_FD && old < NFD && fds[old].kind != FD_CLOSED)
    track_open(ret, fds[old].kind, fds[old].pipe);
  else
    track_open(ret, FD_UNKNOWN, 0);
}

static void forget_child(long pid) {
  for (int i = 0; i < nchildren; i++)
    if (children[i] == pid) {
      children[i] = children[--nchildren];
      return;
    }
}

static void after_pipe(const struct call *c, long ret) {
  if (ret != 0)
    return;
  if (c->kind != ADDR_VALID) {
    lose_track_of_closed_fds();
    return;
  }
  int slot = new_pipe_slot();
  track_open(pipe_pair[0], FD_PIPE_READ, slot);
  track_open(pipe_pair[1], FD_PIPE_WRITE, slot);
}

static void account(const struct call *c, long ret) {
  switch (c->num) {
  case SYS_fork:
    if (ret == 0)
      _exit(0); /* the child ends at once: it holds copies of our pipe ends */
    if (ret > 0)
      children[nchildren++] = ret;
    break;
  case SYS_wait:
    if (ret > 0)
      forget_child(ret);
    break;
  case SYS_pipe:
    after_pipe(c, ret);
    break;
  case SYS_read:
    after_pipe_io((int)c->arg[0], 1, ret);
    break;
  case SYS_write:
    after_pipe_io((int)c->arg[0], 0, ret);
    break;
  case SYS_open:
    if (ret >= 0)
      track_open(ret, kind_of(ret), 0);
    break;
  case SYS_dup:
    after_dup((int)c->arg[0], ret);
    break;
  case SYS_close:
    if (ret == 0)
      track_close((int)c->arg[0]);
    break;
  case SYS_sbrk:
    if (ret != -1)
      heap_break = (uint64)ret + (int)c->arg[0];
    break;
  }
}

static void judge(const struct call *c, long ret) {
  if (!c->must_fail)
    return;
  int reads_or_writes = c->num == SYS_read || c->num == SYS_write;
  if (reads_or_writes ? ret > 0 : ret != -1)
    report(c, ret,
           c->kind == ADDR_WILD ? "a kernel or unmapped address was accepted"
                                : "the kernel wrote to read-only memory");
}

/* ---------------------------------------------------------------- choosing calls */

static uint64 call_number(void) {
  /* clang-format off */
  static const uint64 unknown[] = {0, 64, 65, 100, 1000, 0x100000000UL, 0x100000000UL | 31,
                                   (uint64)-1, 1UL << 63, 0xffffffff00000000UL | 40};
  /* clang-format on */
  int r = below(1000);
  if (r < 5)
    return pick(unknown, ARRAY_LEN(unknown));
  if (r < 10)
    return SYS_dedup;
  if (r < 30)
    return SYS_sleep;
  uint64 n;
  do
    n = 1 + below(SYS_kstat);
  while (n == SYS_exit || n == SYS_dedup || n == SYS_sleep);
  return n;
}

static void one_call(void) {
  struct call c = {0};
  c.num = call_number();
  for (int i = 0; i < 6; i++)
    c.arg[i] = percent(50) ? next_random() : below(64);
  c.kind = ADDR_VALID;
  prepare(&c);
  long ret = raw_syscall(&c);
  calls_succeeded += ret >= 0;
  account(&c, ret);
  judge(&c, ret);
}

/* ---------------------------------------------------------------- workers */

static void fill_random(char *p, int n, int printable) {
  for (int i = 0; i < n; i++)
    p[i] = printable ? 'a' + below(26) : (char)next_random();
}

static void worker_setup(int seed, int id) {
  worker_id = id;
  rng_state = ((uint64)seed * 0x9e3779b97f4a7c15ULL) ^ ((uint64)(id + 1) << 32) ^ 0x5eedUL;
  if (rng_state == 0)
    rng_state = 1;
  stack_page = read_sp() & ~(PAGE - 1);
  heap_start = (uint64)sbrk(0);
  heap_break = heap_start;
  char *scratch = sbrk(SCRATCH);
  if (scratch != (char *)-1) {
    heap_break += SCRATCH;
    fill_random(scratch, SCRATCH, 0);
  }
  fill_random(garbage, sizeof(garbage), 0);
  fill_random(big_arg, sizeof(big_arg) - 1, 1);
  fill_random(long_path, sizeof(long_path) - 1, 1);
  long_path[0] = '/';
  for (int i = 0; i < (int)ARRAY_LEN(argv_many) - 1; i++)
    argv_many[i] = "many";
  for (int fd = 0; fd < NFD; fd++)
    fds[fd].kind = fd < FIRST_FD ? FD_DEVICE : FD_CLOSED;
}

static void worker_finish(void) {
  faultinject(0, 0);
  for (int fd = FIRST_FD; fd < NFD; fd++)
    close(fd);
  while (waitpid(-1, 0, 0) >= 0)
    ;
}

static __attribute__((noreturn)) void worker(int seed, int id, long ncalls) {
  worker_setup(seed, id);
  for (calls_made = 0; calls_made < ncalls; calls_made++) {
    if (calls_made > 0 && calls_made % PROGRESS_EVERY == 0)
      note("fuzz: worker %d: %ld calls", worker_id, calls_made);
    one_call();
  }
  worker_finish();
  char name[64];
  format(name, sizeof(name), "worker %d made %ld calls (%ld succeeded)", worker_id, calls_made,
         calls_succeeded);
  pass(name);
  _exit(worker_failures ? 1 : 0);
}

static void remove_scratch_files(void) {
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < (int)ARRAY_LEN(cleanup_paths); i++)
      unlink(cleanup_paths[i]);
}

int main(int argc, char **argv) {
  suite_begin("fuzz");
  int nprocs = argc == 4 ? atoi(argv[3]) : 0;
  if (nprocs < 1 || nprocs > MAX_WORKERS) {
    fprintf(2, "usage: fuzz SEED NCALLS NPROCS (1 to %d workers)\n", MAX_WORKERS);
    _exit(1);
  }
  int seed = atoi(argv[1]);
  long ncalls = atoi(argv[2]);
  note("fuzz: seed %d, %ld calls over %d workers (replay: fuzz %d %ld %d)", seed, ncalls, nprocs,
       seed, ncalls, nprocs);
  mkdir(SCRATCH_DIR);
  int pids[MAX_WORKERS];
  for (int w = 0; w < nprocs; w++) {
    pids[w] = fork();
    if (pids[w] == 0)
      worker(seed, w, ncalls / nprocs + (w < ncalls % nprocs));
  }
  for (int w = 0; w < nprocs; w++) {
    int status = -1, pid = pids[w] > 0 ? waitpid(-1, &status, 0) : -1;
    check(pid > 0 && (status == 0 || status == 1), "a worker ends by itself",
          "fork %d, wait %d, status %d", pids[w], pid, status);
  }
  remove_scratch_files();
  suite_end();
}
