/* near: numbers at the edge of their tolerance (1% of 1000, and 3): must pass. */
#include "user.h"

int main(void) {
  fprintf(1, "near: count=%d margin=%d\n", 1010, 97);
  _exit(0);
}
