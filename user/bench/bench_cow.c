/* bench_cow [reps]: a process with 8 or 32 MiB resident forks and the child writes one word in
 * every page: fork to last write, the writes alone; also a no-copy fault and an empty syscall. */
#include "bench.h"

static const int sizes_mib[] = {8, 32};
#define NSIZES (int)(sizeof(sizes_mib) / sizeof(sizes_mib[0]))

struct touch_time {
  uint64 total;  /* from just before fork() in the parent to the child's last write */
  uint64 writes; /* the child's write pass alone */
};

/* Forks; the child writes the first word of each of the pages at region and sends its times
 * back through a pipe. Returns 0, or -1 if fork fails. */
static int touch_after_fork(char *region, uint64 pages, struct touch_time *t) {
  int fds[2];
  if (pipe(fds) < 0)
    die("bench_cow", "pipe failed");
  uint64 start = now_ticks();
  int pid = fork();
  if (pid == 0) {
    uint64 child_start = now_ticks();
    for (uint64 i = 0; i < pages; i++)
      *(volatile uint64 *)(region + i * PAGE) = i ^ 0x5a5a;
    uint64 end = now_ticks();
    struct touch_time mine = {end - start, end - child_start};
    write(fds[1], &mine, sizeof(mine));
    _exit(0);
  }
  if (pid > 0) {
    if (read(fds[0], t, sizeof(*t)) != sizeof(*t))
      die("bench_cow", "the child sent no times");
    waitpid(-1, 0, 0);
  }
  close(fds[0]);
  close(fds[1]);
  return pid < 0 ? -1 : 0;
}

/* The parent writes one word in every page while it is the only user of its copy-on-write pages
 * (the child forked just before has exited): faults that need no copy. */
static uint64 time_sole_owner_writes(char *region, uint64 pages) {
  int pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid < 0)
    die("bench_cow", "fork failed");
  waitpid(-1, 0, 0);
  uint64 start = now_ticks();
  for (uint64 i = 0; i < pages; i++)
    *(volatile uint64 *)(region + i * PAGE) = i ^ 0xa5a5;
  return now_ticks() - start;
}

/* A system call that does nothing: the cost of entering and leaving the kernel, per call. */
static void measure_syscall(int reps) {
  uint64 samples[MAX_REPS];
  align_to_tick();
  for (int i = 0; i < reps; i++) {
    uint64 start = now_ticks();
    for (int j = 0; j < 1000; j++)
      getpid();
    samples[i] = now_ticks() - start;
  }
  report_times("syscall_x1000", 0, samples, reps);
}

static void measure_touch(char *region, int mib, int reps) {
  uint64 total[MAX_REPS], writes[MAX_REPS];
  struct touch_time t;
  for (int i = -1; i < reps; i++) { /* i = -1: the untimed warm-up run */
    if (i == 0)
      align_to_tick();
    if (touch_after_fork(region, mib * PAGES_PER_MIB, &t) < 0) {
      report_failure("cow_touch_total", mib, "out-of-memory");
      report_failure("cow_touch_writes", mib, "out-of-memory");
      return;
    }
    if (i >= 0) {
      total[i] = t.total;
      writes[i] = t.writes;
    }
  }
  report_times("cow_touch_total", mib, total, reps);
  report_times("cow_touch_writes", mib, writes, reps);
}

static void measure_sole_owner(char *region, int mib, int reps) {
  uint64 sole[MAX_REPS];
  align_to_tick();
  for (int i = 0; i < reps; i++)
    sole[i] = time_sole_owner_writes(region, mib * PAGES_PER_MIB);
  report_times("sole_owner_writes", mib, sole, reps);
}

int main(int argc, char *argv[]) {
  int reps = reps_from_args(argc, argv);
  measure_syscall(reps);
  char *region = align_break();
  int resident = 0;
  for (int s = 0; s < NSIZES; s++) {
    int mib = sizes_mib[s];
    if (!grow_resident(mib - resident))
      die("bench_cow", "sbrk failed");
    resident = mib;
    measure_touch(region, mib, reps);
    measure_sole_owner(region, mib, reps);
  }
  fprintf(1, "BENCH-DONE bench_cow\n");
  _exit(0);
}
