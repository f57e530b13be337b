/* near: numbers at the edge of their tolerance (1% of 1000, and 3): must pass. */
#include "user.h"

int main(void) {
  fprintf(1, "near: count=%d\n", 1010);
  fprintf(1, "near: margin=%d\n", 97);
  _exit(0);
}
