/* In-guest suite t_stress: `t_stress SECONDS SEED` runs dozens of processes at once that fork,
 * write shared copy-on-write pages, exec, pipe and dedup, each checking its own memory. */
#include "check.h"

#define SELF "/t_stress"
#define WORKERS 20      /* at most two processes each, within the 64-slot table */
#define REGION_PAGES 12 /* each worker's checked memory: half common to all, half its own */
#define PIPE_BYTES 3000
#define DEDUP_ODDS 40 /* one action in this many is a dedup */
#define DEFAULT_SECONDS 3

enum action { A_FORK_WRITE, A_EXEC, A_PIPE, A_SBRK, A_DEDUP, NACTIONS };
static const char *const action_names[] = {"forks", "execs", "pipes", "sbrks", "dedups"};

struct tally {
  int count[NACTIONS];
  int failures;
};

static uintptr rng;

static uintptr next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* ---------------------------------------------------------------- the checked region */

static uintptr *region;
static int worker_id;
static uintptr generation; /* bumped when the worker rewrites its own pages */

/* Even pages hold content common to every worker (so dedup merges them across processes);
 * odd pages belong to the worker and its current generation. */
static uintptr expected_word(int page, int word, int owner, uintptr gen) {
  uint64 key =
      page % 2 == 0 ? (uint64)page << 32 : ((uint64)owner << 48) ^ ((uint64)gen << 32) ^ page;
  return (uintptr)((key + word) * 0x9e3779b97f4a7c15ULL);
}

static void fill_page(int page, int owner, uintptr gen) {
  for (int w = 0; w < (int)(PAGE / sizeof(uintptr)); w++)
    region[page * PAGE / sizeof(uintptr) + w] = expected_word(page, w, owner, gen);
}

static void fill_region(int owner, uintptr gen) {
  for (int p = 0; p < REGION_PAGES; p++)
    fill_page(p, owner, gen);
}

/* The first page that differs from what owner's generation gen should hold, or -1. */
static int bad_page(int owner, uintptr gen) {
  for (int p = 0; p < REGION_PAGES; p++)
    for (int w = 0; w < (int)(PAGE / sizeof(uintptr)); w += 7)
      if (region[p * PAGE / sizeof(uintptr) + w] != expected_word(p, w, owner, gen))
        return p;
  return -1;
}

static int verify(struct tally *t, const char *after) {
  int p = bad_page(worker_id, generation);
  if (p < 0)
    return 1;
  fail("every process keeps its own memory", "worker %d, page %d wrong after %s", worker_id, p,
       after);
  t->failures++;
  return 0;
}

/* ---------------------------------------------------------------- actions */

/* The child rewrites every odd page (copy-on-write breaks), checks them, and exits; the
 * parent writes its own new generation meanwhile. Both must see only their own data. */
static void fork_and_write(struct tally *t) {
  int pid = fork();
  if (pid < 0)
    return; /* the table may be full for a moment */
  if (pid == 0) {
    worker_id += 1000;
    fill_region(worker_id, generation);
    _exit(bad_page(worker_id, generation) < 0 ? 0 : 1);
  }
  generation++;
  fill_region(worker_id, generation);
  int status = -1;
  waitpid(-1, &status, 0);
  if (status != 0) {
    fail("a forked child sees only its own writes", "worker %d: child status %d", worker_id,
         status);
    t->failures++;
  }
  t->count[A_FORK_WRITE]++;
}

static void exec_child(struct tally *t) {
  int pid = fork();
  if (pid < 0)
    return;
  if (pid == 0) {
    char *argv[] = {SELF, "child", 0};
    exec(SELF, argv);
    _exit(98);
  }
  int status = -1;
  waitpid(-1, &status, 0);
  if (status != 0 && status != 98) { /* 98: exec found no memory; no verdict */
    fail("an exec'd program runs and checks itself", "worker %d: status %d", worker_id, status);
    t->failures++;
  }
  t->count[A_EXEC]++;
}

static char pipe_byte(int i, int salt) {
  return (char)(i * 7 + salt);
}

/* A child sends PIPE_BYTES, which the parent reads straight into its own region page 1, shared
 * copy-on-write with the child: the kernel's write must copy the page. Told that the read is
 * done, the child checks its region still holds what it held at the fork. */
static void pipe_round(struct tally *t) {
  int data[2], done[2];
  if (pipe(data) < 0)
    return;
  if (pipe(done) < 0) {
    close(data[0]);
    close(data[1]);
    return;
  }
  int salt = (int)(next_random() & 0xff);
  char *target = (char *)region + PAGE + 100;
  int pid = fork();
  if (pid == 0) {
    close(data[0]);
    close(done[1]);
    static char out[PIPE_BYTES];
    for (int i = 0; i < PIPE_BYTES; i++)
      out[i] = pipe_byte(i, salt);
    int sent = write(data[1], out, PIPE_BYTES);
    close(data[1]);
    char c;
    read(done[0], &c, 1);
    _exit(sent == PIPE_BYTES && bad_page(worker_id, generation) < 0 ? 0 : 1);
  }
  close(data[1]);
  close(done[0]);
  int got = 0, r;
  while (got < PIPE_BYTES && (r = read(data[0], target + got, PIPE_BYTES - got)) > 0)
    got += r;
  close(data[0]);
  write(done[1], "x", 1);
  close(done[1]);
  int status = -1;
  if (pid > 0)
    waitpid(-1, &status, 0);
  int ok = pid < 0 || got == PIPE_BYTES;
  for (int i = 0; i < got && ok; i++)
    ok = target[i] == pipe_byte(i, salt);
  fill_page(1, worker_id, generation);
  if (!ok || (pid > 0 && status != 0)) {
    fail("a pipe read into a shared page reaches only the reader",
         "worker %d: got %d bytes (%s), child status %d", worker_id, got, ok ? "right" : "wrong",
         status);
    t->failures++;
  }
  t->count[A_PIPE]++;
}

/* Grows the heap past the region, checks the new pages are zero, and gives them back. */
static void sbrk_round(struct tally *t) {
  int pages = 1 + next_random() % 8;
  char *p = sbrk(pages * PAGE);
  if (p == (char *)-1)
    return;
  int zero = 1;
  for (int i = 0; i < pages * (int)PAGE && zero; i += 512)
    zero = p[i] == 0;
  for (int i = 0; i < pages; i++)
    p[i * PAGE] = 1;
  sbrk(-pages * (int)PAGE);
  if (!zero) {
    fail("new heap pages are zero", "worker %d", worker_id);
    t->failures++;
  }
  t->count[A_SBRK]++;
}

static void act(struct tally *t) {
  int r = next_random() % (DEDUP_ODDS * 4);
  if (r == 0) {
    if (dedup() >= 0)
      t->count[A_DEDUP]++;
  } else if (r % 4 == 0) {
    fork_and_write(t);
  } else if (r % 4 == 1) {
    exec_child(t);
  } else if (r % 4 == 2) {
    pipe_round(t);
  } else {
    sbrk_round(t);
  }
  verify(t, action_names[r == 0 ? A_DEDUP : r % 4]);
}

/* ---------------------------------------------------------------- workers and the suite */

static __attribute__((noreturn)) void worker(int id, int seed, int deadline, int report) {
  struct tally t = {{0}, 0};
  worker_id = id;
  rng = ((uintptr)seed << 16) ^ (uintptr)(id + 1) * 0x9e3779b97f4a7c15ULL;
  region = (uintptr *)sbrk(REGION_PAGES * PAGE);
  if (region == (uintptr *)-1)
    _exit(2);
  fill_region(worker_id, generation);
  while (uptime() < deadline && t.failures < 3)
    act(&t);
  write(report, &t, sizeof(t));
  _exit(t.failures ? 1 : 0);
}

/* `t_stress child`: what the workers exec. Fills some memory, checks it, exits 0. */
static int child_mode(void) {
  region = (uintptr *)sbrk(REGION_PAGES * PAGE);
  if (region == (uintptr *)-1)
    return 98;
  worker_id = getpid();
  fill_region(worker_id, 0);
  return bad_page(worker_id, 0) < 0 ? 0 : 1;
}

static void sum_tallies(int fd, struct tally *total, int *reports) {
  struct tally t;
  while (read(fd, &t, sizeof(t)) == sizeof(t)) {
    for (int a = 0; a < NACTIONS; a++)
      total->count[a] += t.count[a];
    total->failures += t.failures;
    (*reports)++;
  }
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "child") == 0)
    _exit(child_mode());
  suite_begin("t_stress");
  int seconds = argc >= 2 ? atoi(argv[1]) : DEFAULT_SECONDS;
  int seed = argc >= 3 ? atoi(argv[2]) : uptime();
  if (seconds < 1)
    seconds = 1;
  note("t_stress: %d workers for %d s, seed %d", WORKERS, seconds, seed);
  int fds[2];
  pipe(fds);
  int deadline = uptime() + seconds * 10, started = 0;
  for (int w = 0; w < WORKERS; w++) {
    int pid = fork();
    if (pid == 0) {
      close(fds[0]);
      worker(w, seed, deadline, fds[1]);
    }
    started += pid > 0;
  }
  close(fds[1]);
  struct tally total = {{0}, 0};
  int reports = 0;
  sum_tallies(fds[0], &total, &reports);
  close(fds[0]);
  int clean = 0, status;
  while (waitpid(-1, &status, 0) > 0)
    clean += status == 0;
  note("t_stress: %d forks, %d execs, %d pipes, %d sbrks, %d dedups", total.count[A_FORK_WRITE],
       total.count[A_EXEC], total.count[A_PIPE], total.count[A_SBRK], total.count[A_DEDUP]);
  check(started == WORKERS && reports == WORKERS, "all workers run to the end",
        "%d started, %d reported", started, reports);
  check(total.failures == 0 && clean == WORKERS, "every worker's memory checks out",
        "%d failures, %d workers exited cleanly", total.failures, clean);
  check(total.count[A_FORK_WRITE] > 0 && total.count[A_EXEC] > 0 && total.count[A_PIPE] > 0,
        "forks, execs and pipes all happened", "counts %d %d %d", total.count[A_FORK_WRITE],
        total.count[A_EXEC], total.count[A_PIPE]);
  suite_end();
}
