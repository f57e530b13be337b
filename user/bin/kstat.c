/* kstat: prints the kernel's leak-accounting counters on one line, the format the test runner
 * parses before and after every suite: "KSTAT free=N procs=N files=N inodes=N", then the
 * copy-on-write counters (cow_copied=N cow_reused=N), which the runner does not compare. */
#include "user.h"

/* `kstat -d` first merges identical pages system-wide (dedup), so the count does not depend on
 * whether a suite's own dedup calls merged pages of the long-lived processes (init, sh). */
int main(int argc, char *argv[]) {
  struct kstat k;
  int merge = argc == 2 && strcmp(argv[1], "-d") == 0;
  if (argc > 2 || (argc == 2 && !merge)) {
    fprintf(2, "usage: kstat [-d]\n");
    _exit(1);
  }
  if (merge && dedup() < 0) {
    fprintf(2, "kstat: dedup failed\n");
    _exit(1);
  }
  if (kstat(&k) < 0) {
    fprintf(2, "kstat: the kstat system call failed\n");
    _exit(1);
  }
  fprintf(1, "KSTAT free=%lu procs=%d files=%d inodes=%d cow_copied=%lu cow_reused=%lu\n",
          k.free_frames, k.live_procs, k.open_files, k.inodes, k.cow_copied, k.cow_reused);
  _exit(0);
}
