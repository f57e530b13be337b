/* bench_fork [reps]: fork + exit + wait, fork + exec + wait, and the free frames a fork consumes,
 * for a process with 0, 1, 8, 32 and 64 MiB of heap resident (written) before it forks. */
#include "bench.h"

#define FAILED ((uint64)-1)
#define EXEC_PATH "/bench_true"

static const int sizes_mib[] = {0, 1, 8, 32, 64};
#define NSIZES (int)(sizeof(sizes_mib) / sizeof(sizes_mib[0]))

/* One fork whose child exits at once, until the parent has reaped it; FAILED if fork fails. */
static uint64 time_fork_exit(void) {
  uint64 start = now_ticks();
  int pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid < 0)
    return FAILED;
  waitpid(-1, 0, 0);
  return now_ticks() - start;
}

/* One fork whose child execs a program that exits at once, until the parent has reaped it. */
static uint64 time_fork_exec(void) {
  uint64 start = now_ticks();
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {"bench_true", 0};
    exec(EXEC_PATH, argv);
    _exit(1);
  }
  if (pid < 0)
    return FAILED;
  int status = -1;
  waitpid(-1, &status, 0);
  uint64 elapsed = now_ticks() - start;
  if (status != 0)
    die("bench_fork", "exec of " EXEC_PATH " failed");
  return elapsed;
}

/* Free frames a fork takes, counted in the parent while the child waits on a pipe, and the
 * child's page-table pages (*child_pt); -1 if fork fails. */
static int frames_of_fork(int *child_pt) {
  int go[2], back[2];
  if (pipe(go) < 0 || pipe(back) < 0)
    die("bench_fork", "pipe failed");
  int before = getNumFreePages();
  int pid = fork();
  int after = getNumFreePages();
  if (pid == 0) {
    char c;
    read(go[0], &c, 1);
    int pt = getNumPTPages();
    write(back[1], &pt, sizeof(pt));
    _exit(0);
  }
  if (pid > 0) {
    write(go[1], "x", 1);
    read(back[0], child_pt, sizeof(*child_pt));
    waitpid(-1, 0, 0);
  }
  close(go[0]);
  close(go[1]);
  close(back[0]);
  close(back[1]);
  return pid < 0 ? -1 : before - after;
}

/* The median of reps runs of a timed operation, reported in ns; false if it failed. */
static int measure_time(const char *name, int mib, uint64 (*op)(void), int reps) {
  uint64 samples[MAX_REPS];
  if (op() == FAILED) { /* the untimed warm-up run */
    report_failure(name, mib, "out-of-memory");
    return 0;
  }
  align_to_tick();
  for (int i = 0; i < reps; i++) {
    samples[i] = op();
    if (samples[i] == FAILED) {
      report_failure(name, mib, "out-of-memory");
      return 0;
    }
  }
  report_times(name, mib, samples, reps);
  return 1;
}

static void measure_frames(int mib, int reps) {
  uint64 frames[MAX_REPS], pt[MAX_REPS];
  align_to_tick();
  for (int i = 0; i < reps; i++) {
    int child_pt = 0;
    int used = frames_of_fork(&child_pt);
    if (used < 0) {
      report_failure("fork_frames", mib, "out-of-memory");
      return;
    }
    frames[i] = used;
    pt[i] = child_pt;
  }
  report("fork_frames", mib, median(frames, reps), "frames");
  report("fork_child_pt", mib, median(pt, reps), "frames");
}

int main(int argc, char *argv[]) {
  int reps = reps_from_args(argc, argv);
  int resident = 0;
  align_break();
  for (int s = 0; s < NSIZES; s++) {
    int mib = sizes_mib[s];
    if (!grow_resident(mib - resident))
      die("bench_fork", "sbrk failed");
    resident = mib;
    report("resident_pages", mib, getNumPhysPages(), "count");
    measure_time("fork", mib, time_fork_exit, reps);
    measure_time("fork_exec", mib, time_fork_exec, reps);
    measure_frames(mib, reps);
  }
  fprintf(1, "BENCH-DONE bench_fork\n");
  _exit(0);
}
