/* free: the system's physical frames, total, free and shared (more than one reference),
 * in pages and KiB: one header line and one line of numbers, from memstat(). */
#include "cmd.h"

#define USAGE "free"
#define KIB_PER_PAGE 4

int main(int argc, char *argv[]) {
  struct memstat m;
  if (!takes_no_arguments(argc, argv, USAGE))
    _exit(2);
  if (memstat(0, &m) < 0) {
    fprintf(2, "free: memstat failed\n");
    _exit(1);
  }
  fprintf(1, "%-6s %12s %12s %12s %12s %12s %12s\n", "", "total(pg)", "total(KiB)", "free(pg)",
          "free(KiB)", "shared(pg)", "shared(KiB)");
  fprintf(1, "%-6s %12lu %12lu %12lu %12lu %12lu %12lu\n", "Mem:", m.total_frames,
          m.total_frames * KIB_PER_PAGE, m.free_frames, m.free_frames * KIB_PER_PAGE,
          m.shared_frames, m.shared_frames * KIB_PER_PAGE);
  exit_checked("free", 0);
}
