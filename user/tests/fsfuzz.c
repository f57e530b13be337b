/* fsfuzz: `fsfuzz [-t] SEED NOPS NPROCS`: NPROCS workers make NOPS seeded random file-system calls
 * in all, on a few shared names in a scratch directory it makes and removes (-t: trace each call).
 */
#include "check.h"
#include "elfself.h"
#include "rng.h"
#include "scratch.h"
#include "treepath.h"
#include "workers.h"

#define MAX_WORKERS 8
#define NFD 16               /* NOFILE */
#define FIRST_FD 3           /* 0-2 are the console */
#define MAX_CHILDREN 2       /* forked children of a worker running at once */
#define CHILD_OPS 24         /* at most this many calls in a forked child */
#define PROBE_STATUS 7       /* a copy of this program started by exec exits with this */
#define EXEC_FAILED_STATUS 3 /* the child whose exec failed */
#define SELF_MAX (96 * 1024) /* bytes of this program's file read to find what exec needs */
#define IO_MAX 8192
#define PROGRESS_EVERY 1000
#define KNOWN_SPOTS 12
#define ARRAY_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

enum op {
  MKDIR,
  CHDIR,
  UNLINK,
  LINK,
  OPEN,
  READ,
  WRITE,
  FSTAT,
  DUP,
  CLOSE,
  EXEC,
  FORK,
  INSTALL,
  NOPS
};
static const char *const op_names[NOPS] = {"mkdir", "chdir", "unlink", "link", "open",
                                           "read",  "write", "fstat",  "dup",  "close",
                                           "exec",  "fork",  "install"};
/* Name-space changes dominate, so that directories are made, entered and removed often. */
static const int op_weights[NOPS] = {14, 12, 16, 5, 13, 5, 6, 4, 3, 9, 3, 2, 1};

/* What this process knows about one of its descriptors: exact, since only it changes them. */
struct fd_info {
  int open;
  uint ino;
  short type;
};

static struct tree tree;
/* Where calls recently found or made a file (known[KNOWN_FILE]) or a directory. */
enum { KNOWN_FILE, KNOWN_DIR, KNOWN_ANY };
static struct tree_spot known[2][KNOWN_SPOTS];
static int nknown[2];
static int cwd_removed_at = TREE_MAX_DEPTH + 1; /* depth of the highest removed directory on the
                                                  working directory's path, if any */
static struct fd_info fds[NFD];
static int children[MAX_CHILDREN], nchildren;
static int worker_id, child_number, tracing, failures;
static int serial;   /* one worker: children run to the end before it goes on, so the run repeats */
static char who[24]; /* "w2", or "w2c5" in a forked child, for the trace */
static long ops_done, op_count[NOPS], op_ok[NOPS];
static long cwd_removals, chain_removals; /* directories removed above a working directory */
static char own_name[4]; /* "x" and the worker's letter: where it keeps copies of itself */
static char *self_image; /* this program's loadable bytes, for INSTALL */
static int self_size;
static char write_buf[IO_MAX], read_buf[IO_MAX];

/* ---------------------------------------------------------------- tracing */

/* With -t: one line per call, written before the call is made (so that the call a kernel panic
 * interrupts is the last one shown), naming the worker ("w2.17": its 17th call; "w2c5.3": the
 * 3rd call of the child it forked at its 5th), then one line with the result. */
static __attribute__((format(printf, 1, 2))) void trace(const char *fmt, ...) {
  if (!tracing)
    return;
  char text[TREE_PATH_MAX * 2 + 64];
  va_list ap;
  va_start(ap, fmt);
  format_string(text, sizeof(text), fmt, ap);
  va_end(ap);
  note("fsfuzz: %s.%ld %s", who, ops_done, text);
}

static void trace_result(long ret) {
  if (tracing)
    note("fsfuzz: %s.%ld = %ld", who, ops_done, ret);
}

/* ---------------------------------------------------------------- descriptors */

static int open_fd_count(void) {
  int n = 0;
  for (int fd = FIRST_FD; fd < NFD; fd++)
    n += fds[fd].open;
  return n;
}

/* Mostly a descriptor this process has open; else one it may not have, or a hostile number. */
static int fd_arg(void) {
  static const int hostile[] = {-1, 16, 17, 100, 0x7fffffff, (int)0x80000000};
  int n = open_fd_count();
  if (n > 0 && percent(85)) {
    int k = below(n);
    for (int fd = FIRST_FD; fd < NFD; fd++)
      if (fds[fd].open && k-- == 0)
        return fd;
  }
  return percent(80) ? FIRST_FD + (int)below(NFD - FIRST_FD) : hostile[below(ARRAY_LEN(hostile))];
}

static int fd_is_open(int fd) {
  return fd >= FIRST_FD && fd < NFD && fds[fd].open;
}

/* A new descriptor: remembers what it refers to. Fails the run when fstat cannot tell. */
static void track_new_fd(int fd, const char *how) {
  struct stat st;
  if (fd < FIRST_FD || fd >= NFD || fstat(fd, &st) < 0) {
    fail("a new descriptor is usable", "%s returned %d, which fstat refuses", how, fd);
    failures++;
    return;
  }
  fds[fd] = (struct fd_info){1, st.ino, st.type};
}

/* ---------------------------------------------------------------- paths */

/* A spot where a call found or made a file or directory (which: KNOWN_FILE, KNOWN_DIR or
 * KNOWN_ANY); one of the other kind when there is none of that one. */
static struct tree_spot *known_spot(int which) {
  if (which == KNOWN_ANY)
    which = below(2);
  if (nknown[which] == 0)
    which = !which;
  int n = nknown[which] < KNOWN_SPOTS ? nknown[which] : KNOWN_SPOTS;
  return &known[which][below(n)];
}

/* Half the time a path to a spot where something was found or made, else a random one. */
static void choose_path(char *path, struct tree_spot *spot, int which) {
  if (nknown[KNOWN_FILE] + nknown[KNOWN_DIR] > 0 && percent(50)) {
    struct tree_spot *s = known_spot(which);
    tree_render(&tree, s, path, 0);
    if (spot)
      *spot = *s;
  } else {
    tree_path(&tree, path, spot);
  }
}

/* A path to a new name: below a known directory half the time, so that its directory exists. */
static void choose_new_path(char *path, struct tree_spot *spot) {
  if (nknown[KNOWN_DIR] > 0 && percent(50)) {
    *spot = *known_spot(KNOWN_DIR);
    tree_descend(spot);
    tree_render(&tree, spot, path, 0);
  } else {
    tree_path(&tree, path, spot);
  }
}

/* The working directory or one above it, to remove directories a process works in. Once one
 * of them is removed (the highest at depth cwd_removed_at), mostly the one above it or an entry
 * of that one (to empty it), so that whole chains of them go, bottom up, while the process
 * still works in the lowest. Sets *dir when the path names a directory on the way to the
 * working directory. */
static void choose_cwd_path(char *path, int *dir) {
  struct tree_spot spot = tree.cwd;
  int entry = 0;
  if (cwd_removed_at <= tree.cwd.depth && cwd_removed_at > 1 && percent(80)) {
    spot.depth = cwd_removed_at - 1;
    entry = percent(50);
  } else {
    spot.depth = below(spot.depth + 1);
  }
  if (entry && percent(80))
    tree_descend(&spot);
  tree_render(&tree, &spot, path, 1);
  if (entry && spot.depth == cwd_removed_at - 1)
    tree_child(path, own_name); /* this worker's copy of the program, in that directory */
  *dir = entry ? -1 : spot.depth;
}

static void remember(const struct tree_spot *spot, int kind) {
  known[kind][nknown[kind]++ % KNOWN_SPOTS] = *spot;
}

/* ---------------------------------------------------------------- one call each */

static void do_mkdir(void) {
  char path[TREE_PATH_MAX];
  struct tree_spot spot;
  choose_new_path(path, &spot);
  trace("mkdir \"%s\"", path);
  int r = mkdir(path);
  trace_result(r);
  if (r == 0) {
    remember(&spot, KNOWN_DIR);
    op_ok[MKDIR]++;
  }
}

static void do_chdir(void) {
  char path[TREE_PATH_MAX];
  struct tree_spot spot;
  choose_path(path, &spot, KNOWN_DIR);
  trace("chdir \"%s\"", path);
  int r = chdir(path);
  trace_result(r);
  if (r == 0) {
    tree.cwd = spot;
    cwd_removed_at = TREE_MAX_DEPTH + 1;
    remember(&spot, KNOWN_DIR);
    op_ok[CHDIR]++;
  }
}

/* Mostly a shared name; sometimes this worker's own copy of the program. */
static void do_unlink(void) {
  char path[TREE_PATH_MAX];
  int cwd_depth = -1;
  if (tree.cwd.depth > 0 && percent(30))
    choose_cwd_path(path, &cwd_depth);
  else
    choose_path(path, 0, KNOWN_ANY);
  if (percent(5)) {
    tree_child(path, own_name);
    cwd_depth = -1;
  }
  trace("unlink \"%s\"", path);
  int r = unlink(path);
  trace_result(r);
  if (r == 0 && cwd_depth > 0 && cwd_depth < cwd_removed_at) {
    cwd_removals++;
    chain_removals += cwd_depth < tree.cwd.depth && cwd_removed_at <= tree.cwd.depth;
    cwd_removed_at = cwd_depth;
  }
  op_ok[UNLINK] += r == 0;
}

static void do_link(void) {
  char old_path[TREE_PATH_MAX], new_path[TREE_PATH_MAX];
  struct tree_spot spot;
  choose_path(old_path, 0, KNOWN_FILE);
  choose_new_path(new_path, &spot);
  trace("link \"%s\" \"%s\"", old_path, new_path);
  int r = link(old_path, new_path);
  trace_result(r);
  if (r == 0) {
    remember(&spot, KNOWN_FILE);
    op_ok[LINK]++;
  }
}

/* Every combination of the access mode (3 is no valid mode), O_CREATE and O_TRUNC, and now and
 * then bits no flag uses. */
static int open_flags(void) {
  int flags = below(4);
  if (percent(50))
    flags |= O_CREATE;
  if (percent(30))
    flags |= O_TRUNC;
  if (percent(3))
    flags |= (int)(next_random() & 0x7ffff800);
  return flags;
}

static void do_open(void) {
  char path[TREE_PATH_MAX];
  struct tree_spot spot;
  int flags = open_flags();
  if ((flags & O_CREATE) && percent(50))
    choose_new_path(path, &spot);
  else
    choose_path(path, &spot, KNOWN_ANY);
  trace("open \"%s\" %x", path, flags);
  int fd = open(path, flags);
  trace_result(fd);
  if (fd >= 0) {
    track_new_fd(fd, "open");
    remember(&spot, fd_is_open(fd) && fds[fd].type == T_DIR ? KNOWN_DIR : KNOWN_FILE);
    op_ok[OPEN]++;
  }
}

static int io_length(void) {
  static const int picks[] = {0,   1,   13,   14,   15,   16,   17,    511,
                              512, 513, 1024, 4095, 4096, 4097, IO_MAX};
  return percent(60) ? (int)below(600) : picks[below(ARRAY_LEN(picks))];
}

static void do_read(void) {
  int fd = fd_arg(), n = io_length();
  trace("read %d %d", fd, n);
  int r = read(fd, read_buf, n);
  trace_result(r);
  op_ok[READ] += r >= 0;
}

static void do_write(void) {
  int fd = fd_arg(), n = io_length();
  trace("write %d %d", fd, n);
  int r = write(fd, write_buf, n);
  trace_result(r);
  op_ok[WRITE] += r >= 0;
}

/* fstat succeeds exactly on the descriptors this process has open, and tells the same inode
 * and type as when it was opened, whatever happened to its names since. */
static void do_fstat(void) {
  int fd = fd_arg();
  struct stat st = {0};
  trace("fstat %d", fd);
  int r = fstat(fd, &st);
  trace_result(r);
  op_ok[FSTAT] += r == 0;
  if ((r == 0) != fd_is_open(fd)) {
    fail("fstat succeeds exactly on open descriptors", "fstat(%d) returned %d", fd, r);
    failures++;
  } else if (r == 0 && (st.ino != fds[fd].ino || st.type != fds[fd].type)) {
    fail("a descriptor keeps its inode", "fd %d: inode %d type %d, opened as inode %d type %d", fd,
         st.ino, st.type, fds[fd].ino, fds[fd].type);
    failures++;
  }
}

static void do_dup(void) {
  int fd = fd_arg();
  trace("dup %d", fd);
  int r = dup(fd);
  trace_result(r);
  if (r >= 0 && !fd_is_open(fd)) {
    fail("dup fails on a closed descriptor", "dup(%d) returned %d", fd, r);
    failures++;
  } else if (r >= 0) {
    if (r >= FIRST_FD && r < NFD)
      fds[r] = fds[fd];
    else
      track_new_fd(r, "dup");
    op_ok[DUP]++;
  }
}

static void do_close(void) {
  int fd = fd_arg();
  trace("close %d", fd);
  int r = close(fd);
  trace_result(r);
  if ((r == 0) != fd_is_open(fd)) {
    fail("close succeeds exactly on open descriptors", "close(%d) returned %d", fd, r);
    failures++;
  }
  if (r == 0) {
    fds[fd].open = 0;
    op_ok[CLOSE]++;
  }
}

/* A child execs a shared name (which never holds a program) or this worker's copy of this
 * program, which then exits PROBE_STATUS at once. The copy is only ever written whole, by its
 * worker, so exec may fail on a copy being rewritten but must never run a broken one. */
static void do_exec(void) {
  char path[TREE_PATH_MAX];
  int own = self_image && percent(60);
  choose_path(path, 0, KNOWN_ANY);
  if (own)
    tree_child(path, own_name);
  trace("exec \"%s\"", path);
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {"fsfuzz", "probe", 0};
    exec(path, argv);
    _exit(EXEC_FAILED_STATUS);
  }
  int status = -1;
  if (pid > 0 && waitpid(pid, &status, 0) != pid)
    status = -1;
  trace_result(status);
  op_ok[EXEC] += status == PROBE_STATUS;
  if (pid > 0 && status != PROBE_STATUS && status != EXEC_FAILED_STATUS) {
    fail("exec either runs the program or fails", "exec \"%s\": the child ended with %d", path,
         status);
    failures++;
  }
}

/* Writes this worker's copy of the program under some directory of the tree. */
static void do_install(void) {
  char path[TREE_PATH_MAX];
  if (!self_image || child_number)
    return;
  choose_path(path, 0, KNOWN_ANY);
  tree_child(path, own_name);
  trace("install \"%s\"", path);
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY), done = 0;
  while (fd >= 0 && done < self_size) {
    int n = write(fd, self_image + done, self_size - done);
    if (n <= 0)
      break;
    done += n;
  }
  if (fd >= 0)
    close(fd);
  trace_result(done);
  op_ok[INSTALL] += done == self_size;
}

static void one_op(void);

static void reap_children(int block) {
  while (nchildren > 0) {
    int status = -1, pid = waitpid(-1, &status, block ? 0 : WNOHANG);
    if (pid < 0)
      nchildren = 0; /* none left to wait for */
    if (pid <= 0)
      return;
    for (int i = 0; i < nchildren; i++)
      if (children[i] == pid)
        children[i] = children[--nchildren];
    if (status != 0 && status != 1) /* 1: the child failed a check and said so */
      fail("a forked child ends by itself", "child %d ended with %d", pid, status);
    failures += status != 0;
    block = 0;
  }
}

/* A child that shares this worker's descriptors (and their offsets) and directory makes a
 * few calls of its own, at the same time as the worker (or first, in a serial run), then exits. */
static void do_fork(void) {
  if (child_number)
    return; /* children do not fork again: the process table is small */
  if (nchildren == MAX_CHILDREN)
    reap_children(1);
  uint64 child_seed = next_random();
  trace("fork");
  int pid = fork();
  if (pid == 0) {
    rng_seed(child_seed, 0);
    child_number = 1 + ops_done;
    format(who, sizeof(who), "w%dc%ld", worker_id, ops_done);
    ops_done = nchildren = failures = 0;
    for (int n = below(CHILD_OPS); n > 0; n--)
      one_op();
    _exit(failures ? 1 : 0);
  }
  trace_result(pid);
  if (pid > 0) {
    children[nchildren++] = pid;
    op_ok[FORK]++;
    if (serial)
      reap_children(1);
  }
}

static void (*const op_funcs[NOPS])(void) = {do_mkdir, do_chdir, do_unlink, do_link, do_open,
                                             do_read,  do_write, do_fstat,  do_dup,  do_close,
                                             do_exec,  do_fork,  do_install};

static enum op choose_op(void) {
  int total = 0;
  for (int i = 0; i < NOPS; i++)
    total += op_weights[i];
  int r = below(total);
  for (int i = 0; i < NOPS; i++) {
    if (r < op_weights[i])
      return (enum op)i;
    r -= op_weights[i];
  }
  return MKDIR;
}

static void one_op(void) {
  enum op op = choose_op();
  if (op == OPEN && open_fd_count() > 8)
    op = CLOSE; /* keep descriptors free for the calls that make new ones */
  if (op == CHDIR && cwd_removed_at <= tree.cwd.depth && percent(75))
    op = UNLINK; /* stay in a removed directory a while, removing the ones above */
  op_count[op]++;
  op_funcs[op]();
  ops_done++;
  reap_children(0);
}

/* ---------------------------------------------------------------- workers */

static void worker_setup(uint64 seed, int id) {
  worker_id = id;
  format(who, sizeof(who), "w%d", id);
  rng_seed(seed, id);
  own_name[0] = 'x';
  own_name[1] = 'a' + id;
  own_name[2] = 0;
  for (int i = 0; i < IO_MAX; i++)
    write_buf[i] = (char)next_random();
  for (int fd = 0; fd < NFD; fd++)
    fds[fd].open = fd < FIRST_FD;
}

static void worker_report(void) {
  char line[256];
  struct outbuf o = {line, sizeof(line), 0};
  for (int i = 0; i < NOPS; i++) {
    char part[40];
    format(part, sizeof(part), " %s %ld/%ld", op_names[i], op_ok[i], op_count[i]);
    out_str(&o, part);
  }
  line[o.len] = 0;
  note("fsfuzz: worker %d succeeded/made:%s", worker_id, line);
  note("fsfuzz: worker %d removed %ld of its working directories or ones above, %ld of them "
       "above one already removed",
       worker_id, cwd_removals, chain_removals);
}

static __attribute__((noreturn)) void worker(uint64 seed, int id, long nops) {
  worker_setup(seed, id);
  if (chdir(tree.root) < 0) {
    fail("a worker enters the scratch directory", "chdir(%s) failed", tree.root);
    _exit(1);
  }
  while (ops_done < nops) {
    if (ops_done > 0 && ops_done % PROGRESS_EVERY == 0)
      note("fsfuzz: worker %d: %ld calls", worker_id, ops_done);
    one_op();
  }
  for (int fd = FIRST_FD; fd < NFD; fd++)
    close(fd);
  while (nchildren > 0)
    reap_children(1);
  worker_report();
  char name[64];
  format(name, sizeof(name), "worker %d made %ld calls", worker_id, ops_done);
  check(failures == 0, name, "%d of its checks failed", failures);
  _exit(failures ? 1 : 0);
}

/* ---------------------------------------------------------------- this program's image */

/* Reads the bytes of this program that exec needs, for INSTALL. */
static void load_self(const char *argv0) {
  struct elf_self self;
  char *buf = sbrk(SELF_MAX);
  int n = buf != (char *)-1 ? elfself_read(argv0, buf, SELF_MAX) : -1;
  if (n > 0 && elfself_parse(buf, n, &self) == 0 && self.extent <= (uint64)n) {
    self_image = buf;
    self_size = self.extent;
  }
  note("fsfuzz: %s",
       self_image ? "exec runs copies of this program" : "no copy of this program to exec");
}

/* ---------------------------------------------------------------- main */

static void usage(void) {
  fprintf(2,
          "usage: fsfuzz [-t] SEED NOPS NPROCS (1 to %d workers; -t traces every call)\n"
          "  works in a new directory /fsfz.N, which it removes at the end; with one worker\n"
          "  a seed repeats the run exactly, with more each worker's choices\n",
          MAX_WORKERS);
  _exit(2);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "probe") == 0)
    _exit(PROBE_STATUS); /* started by a worker's exec */
  suite_begin("fsfuzz");
  int first = argc > 1 && strcmp(argv[1], "-t") == 0 ? 2 : 1;
  tracing = first == 2;
  int nprocs = argc == first + 3 ? atoi(argv[first + 2]) : 0;
  if (nprocs < 1 || nprocs > MAX_WORKERS)
    usage();
  uint64 seed = (uint)atoi(argv[first]);
  long nops = atoi(argv[first + 1]);
  serial = nprocs == 1;
  static struct root_entry root_before[ROOT_MAX_ENTRIES];
  int root_entries = root_record(root_before, ROOT_MAX_ENTRIES);
  char root[32];
  if (scratch_create("fsfz", root, sizeof(root)) < 0) {
    fail("make a scratch directory", "no /fsfz.N could be made");
    suite_end();
  }
  tree.root = root;
  note("fsfuzz: seed %d, %ld calls over %d workers in %s (replay: fsfuzz -t %d %ld %d)", (int)seed,
       nops, nprocs, root, (int)seed, nops, nprocs);
  load_self(argv[0]);
  run_workers(seed, nops, nprocs, MAX_WORKERS, worker);
  int left = scratch_remove(root);
  check(left == 0, "the scratch directory is removed", "%d entries of %s are left", left, root);
  if (root_entries >= 0)
    root_unchanged(root_before, root_entries);
  suite_end();
}
