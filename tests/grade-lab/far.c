/* far: numbers one past the edge of their tolerance: both lines must fail. */
#include "user.h"

int main(void) {
  fprintf(1, "far: count=%d\n", 1011);
  fprintf(1, "far: margin=%d\n", 96);
  _exit(0);
}
