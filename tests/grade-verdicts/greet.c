/* greet: a fixed line and the free-page count, which the expected file allows to move. */
#include "user.h"

int main(void) {
  fprintf(1, "greet: hello\n");
  fprintf(1, "greet: free pages %d\n", getNumFreePages());
  _exit(0);
}
