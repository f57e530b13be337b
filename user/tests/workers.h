/* Running a fuzzer's workers: nprocs children share n operations, and each
 * must end by itself with 0 (its checks passed) or 1 (one failed). */
#ifndef MOO_TESTS_WORKERS_H
#define MOO_TESTS_WORKERS_H

#include "check.h"

/* Forks nprocs workers, worker(seed, id, its share of n), none of which
 * returns, and reaps them, checking how each ended. */
static inline void run_workers(uint64 seed, long n, int nprocs, int max_workers,
                               void (*worker)(uint64 seed, int id, long n)) {
  int pids[max_workers];
  for (int w = 0; w < nprocs; w++) {
    pids[w] = fork();
    if (pids[w] == 0)
      worker(seed, w, n / nprocs + (w < n % nprocs));
  }
  for (int w = 0; w < nprocs; w++) {
    int status = -1, pid = pids[w] > 0 ? waitpid(-1, &status, 0) : -1;
    check(pid > 0 && (status == 0 || status == 1), "a worker ends by itself",
          "fork %d, wait %d, status %d", pids[w], pid, status);
    /* again, in case its FAIL line was lost: a kernel message can cut into a console line
     * longer than the console's 256-byte pieces */
    if (status == 1)
      fail("a worker passes its checks", "worker %d ended with 1", w);
  }
}

#endif
