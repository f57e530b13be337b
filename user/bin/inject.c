/* inject: `inject EVERY SEED prog args...` turns frame-allocation failure injection on for
 * itself (kept across exec and fork), then execs prog, so prog and its children see failures. */
#include "cmd.h"

#define USAGE "inject every seed prog [arg...]"

#define EXEC_TRIES 50 /* exec itself may hit an injected failure; each try draws anew */

int main(int argc, char *argv[]) {
  int every, seed;
  if (argc < 4 || parse_number(argv[1], &every) < 0 || parse_number(argv[2], &seed) < 0) {
    if (argc > 1 && argv[1][0] == '-' && parse_number(argv[1], &every) < 0)
      fprintf(2, "inject: unknown option %s\n", argv[1]);
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  if (faultinject(every, seed) < 0) {
    fprintf(2, "inject: faultinject(%d, %d) failed\n", every, seed);
    _exit(1);
  }
  fprintf(1, "inject: every %d seed %d: %s\n", every, seed, argv[3]);
  if (write_failure(1))
    exit_checked("inject", 1);
  for (int i = 0; i < EXEC_TRIES; i++)
    exec(argv[3], argv + 3);
  fprintf(2, "inject: exec %s failed %d times\n", argv[3], EXEC_TRIES);
  _exit(1);
}
