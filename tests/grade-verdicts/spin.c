/* spin: says so, then never ends. */
#include "user.h"

volatile int forever = 1;

int main(void) {
  fprintf(1, "spin: spinning\n");
  while (forever)
    ;
  _exit(0);
}
