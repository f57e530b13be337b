// freecount: prints the free-page count, for the leak check around the dedup programs.
#include "stat.h"
#include "types.h"
#include "user.h"

int main(int argc, char *argv[]) {
  printf(1, "freecount: free pages: %d\n", getNumFreePages());
  exit();
}
