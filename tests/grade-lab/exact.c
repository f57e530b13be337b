/* exact: fixed output, graded against the same text: must pass. */
#include "user.h"

int main(void) {
  fprintf(1, "exact: first line\n");
  fprintf(1, "exact: second line\n");
  _exit(0);
}
