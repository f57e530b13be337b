/* far: numbers one past the edge of their tolerance: must fail. */
#include "user.h"

int main(void) {
  fprintf(1, "far: count=%d margin=%d\n", 1011, 96);
  _exit(0);
}
