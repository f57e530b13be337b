/* inject: `inject EVERY SEED prog args...` turns frame-allocation failure injection on for
 * itself (kept across exec and fork), then execs prog, so prog and its children see failures. */
#include "user.h"

#define EXEC_TRIES 50 /* exec itself may hit an injected failure; each try draws anew */

/* atoi with an optional leading minus sign. */
static int parse_int(const char *s) {
  if (*s == '-')
    return -atoi(s + 1);
  return atoi(s);
}

int main(int argc, char *argv[]) {
  if (argc < 4) {
    fprintf(2, "usage: inject EVERY SEED prog [args...]\n");
    _exit(1);
  }
  int every = parse_int(argv[1]);
  int seed = parse_int(argv[2]);
  if (faultinject(every, seed) < 0) {
    fprintf(2, "inject: faultinject(%d, %d) failed\n", every, seed);
    _exit(1);
  }
  fprintf(1, "inject: every %d seed %d: %s\n", every, seed, argv[3]);
  for (int i = 0; i < EXEC_TRIES; i++)
    exec(argv[3], argv + 3);
  fprintf(2, "inject: exec %s failed %d times\n", argv[3], EXEC_TRIES);
  _exit(1);
}
