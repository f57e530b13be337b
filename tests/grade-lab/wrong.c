/* wrong: its second line differs from the expected output and its third is
 * missing: must fail, with those two lines (and only them) reported. */
#include "user.h"

int main(void) {
  fprintf(1, "wrong: this line matches\n");
  fprintf(1, "wrong: answer %d\n", 41);
  _exit(0);
}
