/* fuzz: `fuzz SEED NCALLS NPROCS` makes NCALLS system calls with random and hostile numbers and
 * arguments, split over NPROCS workers running at once inside a scratch directory it makes and
 * removes; arguments come from real objects too (open descriptors, paths that exist, addresses at
 * page and segment edges). Each worker's calls repeat from SEED. */
#include "../../kernel/proc/sysnum.h"
#include "../tests/check.h"
#include "../tests/elfself.h"
#include "../tests/rng.h"
#include "../tests/scratch.h"
#include "../tests/treepath.h"
#include "../tests/workers.h"
#include "cmd.h" /* parse_number */

#define MAX_WORKERS 16
#define NFD 16               /* NOFILE: descriptors 0..15 */
#define FIRST_FD 3           /* 0-2 are the console: reading blocks, writing pollutes the log */
#define MAX_CHILDREN 8       /* children of fuzzed forks not yet waited for */
#define PIPE_CAPACITY 512    /* bytes a pipe holds before a write blocks */
#define SCRATCH (8 * PAGE)   /* heap bytes at the heap's start the kernel may write into */
#define MAX_GROWTH (2 << 20) /* how far the fuzzed sbrk calls may grow the heap */
#define PROGRESS_EVERY 1000
#define KNOWN_SPOTS 16       /* paths where calls recently found or made something */
#define SELF_MAX (96 * 1024) /* bytes of this program's file read to find its segments */
#define INT_MAX 0x7fffffff
#define INT_MIN (-INT_MAX - 1)
#define ROUND_UP(a) (((a) + PAGE - 1) & ~(PAGE - 1))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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

/* How an argument address is expected to behave, so a result can be judged. ADDR_CROSSING:
 * the bytes run from valid memory past an edge, so a structure there cannot be written whole. */
enum addr_kind { ADDR_VALID, ADDR_WILD, ADDR_READ_ONLY, ADDR_PARTIAL, ADDR_CROSSING };

static const uint64 wild_addresses[] = {
    0x80000000UL,         0x80200000UL,         0x87fff000UL, /* RAM: the kernel's image */
    0x3ffffff000UL,       0x3fffffe000UL,                     /* trampoline, trap frame */
    0x4000000000UL,       0x3fffffffffUL,       0x1000000000UL,       0xffffffffffffffffUL,
    0xeaeb0b5b00002f5eUL, 0xffffffc000000000UL, 0xffffffff80000000UL, 0x8000000000000000UL,
};

/* This program's segments, from its own ELF file (0 when unknown): the read-only text ends at
 * text_end, where the data segment starts; the data segment's last page ends at data_page_end,
 * where the guard page starts, and its bytes from data_end on are unused. */
static uint64 text_end, data_end, data_page_end;

/* Reads the segments from the program file, keeping only a layout it understands. */
static void find_segments(const char *argv0) {
  struct elf_self self;
  char *buf = sbrk(SELF_MAX);
  int n = buf != (char *)-1 ? elfself_read(argv0, buf, SELF_MAX) : -1;
  if (n <= 0 || elfself_parse(buf, n, &self) < 0 || self.nsegments != 2)
    return;
  struct elf_segment_info *text = &self.seg[0], *data = &self.seg[1];
  if (text->vaddr != 0 || (text->flags & ELF_PF_W) || !(data->flags & ELF_PF_W) ||
      data->vaddr != ROUND_UP(text->memsz))
    return;
  text_end = data->vaddr;
  data_end = data->vaddr + data->memsz;
  data_page_end = ROUND_UP(data_end);
}

/* A place where valid memory ends with room bytes below it that are ours to overwrite: the
 * heap's end when the break is on a page boundary (no partial page follows), or the data
 * segment's end when the guard page follows it. 0 when neither has room. */
static uint64 end_edge(uint64 room) {
  uint64 edges[2];
  int n = 0;
  if (heap_break % PAGE == 0 && heap_break >= heap_start + room && heap_break > heap_start)
    edges[n++] = heap_break;
  if (data_page_end && data_page_end == stack_page - PAGE && data_page_end - data_end >= room)
    edges[n++] = data_page_end;
  return n ? edges[below(n)] : 0;
}

/* An address below the stack page: in the guard page, which user code may not touch. */
static uint64 below_stack(uint64 n) {
  return stack_page - 1 - below(n < PAGE ? n : PAGE);
}

/* A kernel, unmapped or guard-page address; sets *kind. */
static uint64 wild_address(enum addr_kind *kind) {
  *kind = ADDR_WILD;
  uint64 r = below(ARRAY_LEN(wild_addresses) + 3);
  if (r < ARRAY_LEN(wild_addresses))
    return wild_addresses[r] | MAXVA; /* i386 sees the low 32 bits: keep them wild too */
  if (r == ARRAY_LEN(wild_addresses))
    return stack_page - PAGE + below(PAGE); /* the guard page */
  if (r == ARRAY_LEN(wild_addresses) + 1)
    return ROUND_UP(heap_break) + below(64) * PAGE; /* above the break */
  return next_random() | MAXVA;                     /* never below MAXVA */
}

/* An address the kernel must not write to: in the text's first page, which is read-only (not
 * 0 itself, which wait() takes as "no status wanted"), or n bytes starting in the text and
 * ending in the data segment, which must fail before anything is written. */
static uint64 read_only_address(uint64 n, enum addr_kind *kind) {
  *kind = ADDR_READ_ONLY;
  if (text_end && n > 1 && percent(50))
    return text_end - 1 - below(n - 1);
  return 1 + below(PAGE - 1);
}

/* n bytes at a memory edge: ending exactly where valid memory ends (valid), running past it
 * (crossing), or starting below the stack page (wild). */
static uint64 edge_address(uint64 n, enum addr_kind *kind) {
  uint64 edge = end_edge(n);
  int r = below(100);
  if (edge && r < 50) {
    *kind = ADDR_VALID;
    return edge - n;
  }
  if (edge && r < 80) {
    *kind = ADDR_CROSSING;
    return edge - n + 1 + below(n); /* the last 1 to n bytes are past the edge */
  }
  *kind = ADDR_WILD;
  return below_stack(n);
}

/* An address for the kernel to write n bytes to: target (exactly n bytes), an edge, or hostile. */
static uint64 out_address(void *target, uint64 n, enum addr_kind *kind) {
  int r = below(100);
  if (r < 50) {
    *kind = ADDR_VALID;
    return (uint64)(uintptr)target;
  }
  if (r < 70)
    return edge_address(n, kind);
  if (r < 85)
    return wild_address(kind);
  if (r < 95)
    return read_only_address(n, kind);
  *kind = ADDR_PARTIAL;
  return heap_break - 1 - below(16); /* straddles the break */
}

/* A buffer for read(): anywhere in the scratch heap (longer reads run on into the grown heap
 * or off its end), at an edge, or hostile. */
static uint64 read_buffer(uint64 n, enum addr_kind *kind) {
  int r = below(100);
  if (r < 55) {
    *kind = ADDR_PARTIAL; /* may run past the break */
    return heap_start + below(SCRATCH);
  }
  if (r < 70) {
    uint64 a = edge_address(n, kind);
    if (*kind == ADDR_CROSSING)
      *kind = ADDR_PARTIAL; /* a short read fits before the edge */
    return a;
  }
  if (r < 90)
    return wild_address(kind);
  return read_only_address(n, kind);
}

/* A buffer for the kernel to read from: scratch, text, stack, an edge, or hostile. */
static uint64 in_buffer(uint64 n, enum addr_kind *kind) {
  int r = below(100);
  *kind = ADDR_PARTIAL;
  if (r < 40)
    return heap_start + below(SCRATCH);
  if (r < 50)
    return below(4 * PAGE); /* text */
  if (r < 55)
    return stack_page + below(PAGE);
  if (r < 70) {
    uint64 a = edge_address(n, kind);
    if (*kind == ADDR_CROSSING)
      *kind = ADDR_PARTIAL; /* the bytes before the edge may be written */
    return a;
  }
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

/* Paths stay inside the scratch tree: tree paths (treepath.h), names in the working directory
 * with odd bytes but never '/' or '.', a name longer than MAXPATH, and hostile pointers. */
static struct tree tree;
static struct tree_spot known[KNOWN_SPOTS];
static int nknown;
static char path_text[2][TREE_PATH_MAX];
static char long_path[300]; /* one name, longer than MAXPATH */
static char garbage[512];   /* odd bytes (NULs included), never written by the kernel */

static void remember(const struct tree_spot *spot) {
  known[nknown++ % KNOWN_SPOTS] = *spot;
}

/* A tree path in path_text[i]: half the time to a spot where something was found or made. */
static void tree_arg(int i, struct tree_spot *spot) {
  if (nknown > 0 && percent(50)) {
    *spot = known[below(nknown < KNOWN_SPOTS ? nknown : KNOWN_SPOTS)];
    if (percent(30))
      tree_descend(spot); /* a new name in a directory that exists */
    tree_render(&tree, spot, path_text[i], 0);
  } else {
    tree_path(&tree, path_text[i], spot);
  }
}

/* Whether an argument of the call being prepared already lies at an edge: a second one copied
 * there would overwrite the first one's bytes (a path without its NUL could gain one, and a call
 * that must fail succeed), so each call puts at most one argument at an edge. */
static int edge_taken;

/* Copies path_text[i] to an edge: its NUL the last valid byte (the same path), or without the
 * NUL, its last byte the last valid one (must fail). 0 when no edge has room. */
static uint64 path_at_edge(int i, enum addr_kind *kind) {
  uint64 len = strlen(path_text[i]) + 1, edge = end_edge(len);
  if (!edge || len < 2 || edge_taken)
    return 0;
  edge_taken = 1;
  int whole = percent(50);
  char *at = (char *)(uintptr)(edge - len + !whole);
  memmove(at, path_text[i], len - !whole);
  *kind = whole ? ADDR_VALID : ADDR_WILD;
  return (uint64)(uintptr)at;
}

/* Argument i of a call that takes paths. *spot and *in_tree tell where a tree path leads. */
static uint64 path_arg(int i, enum addr_kind *kind, struct tree_spot *spot, int *in_tree) {
  int r = below(100);
  *kind = ADDR_VALID;
  *in_tree = r < 85;
  if (r < 85) {
    tree_arg(i, spot);
    uint64 at = r >= 75 ? path_at_edge(i, kind) : 0;
    *in_tree = *kind == ADDR_VALID;
    return at ? at : (uint64)(uintptr)path_text[i];
  }
  if (r < 88)
    return (uint64)(uintptr)long_path;
  if (r < 93)
    return (uint64)(uintptr)garbage + below(sizeof(garbage) - 1);
  if (r < 95)
    return below_stack(TREE_PATH_MAX);
  return wild_address(kind);
}

static char big_arg[3000];
static char *argv_plain[] = {"fz", "one", "two", 0};
static char *argv_big[] = {"fz", big_arg, big_arg, 0}; /* more than one stack page */
static char *argv_many[40];                            /* more than MAXARG */
static char *argv_bad[4];

/* An argv array ending at an edge without its terminating 0: must fail. */
static uint64 argv_at_edge(enum addr_kind *kind) {
  uint64 n = 2 * sizeof(char *), edge = end_edge(n);
  if (!edge || edge_taken)
    return 0;
  edge_taken = 1;
  char **at = (char **)(uintptr)(edge - n);
  at[0] = "fz";
  at[1] = "one";
  *kind = ADDR_WILD;
  return (uint64)(uintptr)at;
}

static uint64 argv_arg(enum addr_kind *kind) {
  int r = below(100);
  *kind = ADDR_VALID;
  if (r < 30)
    return (uint64)(uintptr)argv_plain;
  if (r < 40)
    return (uint64)(uintptr)argv_big;
  if (r < 55)
    return (uint64)(uintptr)argv_many;
  if (r < 65) {
    uint64 at = argv_at_edge(kind);
    return at ? at : (uint64)(uintptr)argv_plain;
  }
  if (r < 80) {
    enum addr_kind ignored;
    argv_bad[0] = "fz";
    argv_bad[1] = (char *)(uintptr)wild_address(&ignored);
    argv_bad[2] = 0;
    return (uint64)(uintptr)argv_bad;
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

/* A descriptor this worker has open (of any kind), or a closed one when none is. */
static uint64 open_fd(void) {
  int open[NFD] = {0}, n = 0;
  for (int fd = FIRST_FD; fd < NFD; fd++)
    if (fds[fd].kind != FD_CLOSED)
      open[n++] = fd;
  return n ? (uint64)open[below(n)] : FIRST_FD + below(NFD - FIRST_FD);
}

/* A descriptor argument for a call of this use with length n (as the kernel sees both). */
static uint64 fd_arg(enum fd_use use, int n) {
  for (int tries = 0; tries < 20; tries++) {
    int r = below(100);
    uint64 v = r < 50 ? open_fd() : r < 80 ? FIRST_FD + below(NFD - FIRST_FD) : hostile_fd();
    if (fd_safe((int)v, use, n))
      return v;
  }
  return (uint64)-1;
}

/* Is fd open on a file or directory, which fstat must describe? */
static int fd_is_file_or_dir(uint64 fd) {
  return fd >= FIRST_FD && fd < NFD && (fds[fd].kind == FD_FILE || fds[fd].kind == FD_DIR);
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
  enum addr_kind kind;      /* of the address argument that decides the verdict */
  int must_fail;            /* the ABI requires -1 (or for reads/writes, at most 0 bytes) */
  int must_succeed;         /* every argument is valid: the call cannot fail */
  struct tree_spot spot[2]; /* where path arguments 0 and 1 lead, when they are tree paths */
  int in_tree[2];
};

/* The call itself: raw_syscall (machine.h) traps with the arguments as they are. */
static long make_call(const struct call *c) {
  return raw_syscall((long)c->num, c->arg);
}

static void report(const struct call *c, long ret, const char *why) {
  fail(c->must_succeed ? "valid arguments accepted" : "hostile argument refused",
       "worker %d call %ld: syscall %ld(%llx, %llx, %llx) returned %ld: %s", worker_id, calls_made,
       (long)c->num, (unsigned long long)c->arg[0], (unsigned long long)c->arg[1],
       (unsigned long long)c->arg[2], ret, why);
  worker_failures++;
}

/* ---------------------------------------------------------------- arguments per call */

static void prepare_read(struct call *c) {
  uint64 n = length();
  c->arg[1] = read_buffer(n, &c->kind);
  c->arg[2] = n;
  c->arg[0] = fd_arg(USE_READ, (int)n);
  c->must_fail = c->kind == ADDR_WILD || c->kind == ADDR_READ_ONLY;
}

static void prepare_write(struct call *c) {
  uint64 n = length();
  c->arg[1] = in_buffer(n, &c->kind);
  c->arg[2] = n;
  c->arg[0] = fd_arg(USE_WRITE, (int)n);
  c->must_fail = c->kind == ADDR_WILD;
}

/* The call writes a structure of n bytes to its address argument number i. */
static void prepare_out(struct call *c, int i, void *target, uint64 n) {
  c->arg[i] = out_address(target, n, &c->kind);
  c->must_fail = c->kind == ADDR_WILD || c->kind == ADDR_READ_ONLY || c->kind == ADDR_CROSSING;
}

static void prepare_path(struct call *c, int i) {
  enum addr_kind kind;
  c->arg[i] = path_arg(i, &kind, &c->spot[i], &c->in_tree[i]);
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
    prepare_out(c, 1, &memstat_buf, sizeof(memstat_buf));
    break;
  }
  }
}

/* waitpid(pid, status, options): any child, one of ours, or a pid no child has. */
static void prepare_waitpid(struct call *c) {
  static const uint64 options[] = {0, 1 /* WNOHANG */, 2, (uint64)-1, 0xffffffff00000001UL};
  int hostile;
  c->arg[0] = percent(40) ? (uint64)-1 : kill_target(&hostile);
  prepare_out(c, 1, &wait_status, sizeof(wait_status));
  if (percent(10)) {
    c->arg[1] = 0; /* no status wanted */
    c->must_fail = 0;
  }
  c->arg[2] = pick(options, ARRAY_LEN(options));
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
    if (!WAIT_TAKES_STATUS) { /* x86: wait() has no argument, the word is the caller's */
      c->arg[0] = next_random();
      c->kind = ADDR_VALID;
    } else if (percent(10))
      c->arg[0] = 0;
    else
      prepare_out(c, 0, &wait_status, sizeof(wait_status));
    break;
  case SYS_waitpid:
    prepare_waitpid(c);
    break;
  case SYS_pipe:
    pipe_pair[0] = pipe_pair[1] = -1;
    prepare_out(c, 0, pipe_pair, sizeof(pipe_pair));
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
    prepare_out(c, 1, &stat_buf, sizeof(stat_buf));
    c->must_succeed = c->kind == ADDR_VALID && fd_is_file_or_dir(c->arg[0]);
    break;
  case SYS_kstat:
    prepare_out(c, 0, &kstat_buf, sizeof(kstat_buf));
    c->must_succeed = c->kind == ADDR_VALID;
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
  const int *pair = (const int *)(uintptr)c->arg[0]; /* pipe_pair, or a pair at an edge */
  int slot = new_pipe_slot();
  track_open(pair[0], FD_PIPE_READ, slot);
  track_open(pair[1], FD_PIPE_WRITE, slot);
}

/* After a successful call on paths: tree paths that named something are remembered; a working
 * directory reached by any other path is left again for the tree's root, so that the tree
 * always knows where it is. */
static void after_path_call(const struct call *c, long ret) {
  int i = c->num == SYS_link; /* link's new name is its second path */
  if (ret < 0)
    return;
  if (c->num == SYS_chdir && !c->in_tree[0]) {
    chdir(tree.root);
    tree.cwd.depth = 0;
    return;
  }
  if (c->in_tree[i])
    remember(&c->spot[i]);
  if (c->num == SYS_chdir)
    tree.cwd = c->spot[0];
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
  case SYS_waitpid:
    if (ret > 0)
      forget_child(ret);
    break;
  case SYS_chdir:
  case SYS_mkdir:
  case SYS_mknod:
  case SYS_link:
    after_path_call(c, ret);
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
    after_path_call(c, ret);
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
  if (c->must_succeed && ret < 0)
    report(c, ret, "a valid call failed (an address ending exactly at an edge is valid)");
  if (!c->must_fail)
    return;
  /* reads and writes may move no bytes; waitpid with WNOHANG may find no child ended */
  int zero_ok = c->num == SYS_read || c->num == SYS_write || c->num == SYS_waitpid;
  if (zero_ok ? ret > 0 : ret != -1)
    report(c, ret,
           c->kind == ADDR_WILD       ? "a kernel or unmapped address was accepted"
           : c->kind == ADDR_CROSSING ? "a structure running past the end of memory was written"
                                      : "the kernel wrote to read-only memory");
}

/* ---------------------------------------------------------------- choosing calls */

/* Numbers no call has: even cut to 32 or 8 bits they stay outside 1-39 (used or reserved). */
/* clang-format off */
static const uint64 unknown_numbers[] = {0, 64, 65, 100, 1000, 0x100000000UL, 0x100000000UL | 64,
                                         (uint64)-1, 1ULL << 63, 0xffffffff00000000ULL | 40};
/* clang-format on */

static int never_made(uint64 n) {
  return n == SYS_exit || n == SYS__exit || n == SYS_poweroff;
}

static uint64 call_number(void) {
  int r = below(1000);
  if (r < 5)
    return pick(unknown_numbers, ARRAY_LEN(unknown_numbers));
  if (r < 10)
    return SYS_dedup;
  if (r < 30)
    return SYS_sleep;
  uint64 n;
  do
    n = 1 + below(SYS_waitpid);
  while (never_made(n) || n == SYS_dedup || n == SYS_sleep);
  return n;
}

static void one_call(void) {
  struct call c = {0};
  c.num = call_number();
  for (int i = 0; i < 6; i++)
    c.arg[i] = percent(50) ? next_random() : below(64);
  c.kind = ADDR_VALID;
  edge_taken = 0;
  prepare(&c);
  if (never_made(c.num))
    return; /* cannot happen: call_number and prepare never choose them */
  long ret = make_call(&c);
  calls_succeeded += ret >= 0;
  account(&c, ret);
  judge(&c, ret);
}

/* ---------------------------------------------------------------- workers */

static void fill_random(char *p, int n, int printable) {
  for (int i = 0; i < n; i++)
    p[i] = printable ? 'a' + below(26) : (char)next_random();
}

/* Odd bytes for names: anything but '/' and '.', so that a name from them is one name in the
 * working directory, never ".." nor a path leading out of the tree. */
static void fill_garbage(char *p, int n) {
  fill_random(p, n, 0);
  for (int i = 0; i < n; i++)
    if (p[i] == '/' || p[i] == '.')
      p[i] = 'x';
}

static void worker_setup(uint64 seed, int id) {
  worker_id = id;
  rng_seed(seed, id);
  stack_page = read_sp() & ~(PAGE - 1);
  heap_start = (uint64)(uintptr)sbrk(0);
  heap_break = heap_start;
  char *scratch = sbrk(SCRATCH);
  if (scratch != (char *)-1) {
    heap_break += SCRATCH;
    fill_random(scratch, SCRATCH, 0);
  }
  fill_garbage(garbage, sizeof(garbage));
  fill_random(big_arg, sizeof(big_arg) - 1, 1);
  fill_random(long_path, sizeof(long_path) - 1, 1);
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

static __attribute__((noreturn)) void worker(uint64 seed, int id, long ncalls) {
  worker_setup(seed, id);
  if (chdir(tree.root) < 0) {
    fail("a worker enters the scratch directory", "chdir(%s) failed", tree.root);
    _exit(1);
  }
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

static void usage(void) {
  fprintf(2,
          "usage: fuzz SEED NCALLS NPROCS (1 to %d workers)\n"
          "  works in a new directory /fz.N, which it removes at the end\n",
          MAX_WORKERS);
  _exit(2);
}

int main(int argc, char **argv) {
  suite_begin("fuzz");
  int seed, calls, nprocs;
  if (argc != 4 || parse_number(argv[1], &seed) < 0 || parse_number(argv[2], &calls) < 0 ||
      parse_number(argv[3], &nprocs) < 0 || nprocs < 1 || nprocs > MAX_WORKERS)
    usage();
  long ncalls = calls;
  static struct root_entry root_before[ROOT_MAX_ENTRIES];
  int root_entries = root_record(root_before, ROOT_MAX_ENTRIES);
  char root[32];
  if (scratch_create("fz", root, sizeof(root)) < 0) {
    fail("make a scratch directory", "no /fz.N could be made");
    suite_end();
  }
  tree.root = root;
  note("fuzz: seed %d, %ld calls over %d workers in %s (replay: fuzz %d %ld %d)", seed, ncalls,
       nprocs, root, seed, ncalls, nprocs);
  find_segments(argv[0]);
  run_workers((uint64)seed, ncalls, nprocs, MAX_WORKERS, worker);
  int left = scratch_remove(root);
  check(left == 0, "the scratch directory is removed", "%d entries of %s are left", left, root);
  if (root_entries >= 0)
    root_unchanged(root_before, root_entries);
  suite_end();
}
