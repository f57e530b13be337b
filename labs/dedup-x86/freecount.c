// freecount: prints the free-page count, for the leak check around the dedup programs.
// types.h first: the other xv6 headers use its types
#include "types.h"

#include "stat.h"
#include "user.h"

int main(int argc, char *argv[]) {
  printf(1, "freecount: free pages: %d\n", getNumFreePages());
  exit();
}
