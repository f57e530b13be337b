/* wrong: its second line differs from the expected output: must fail, with
 * that line (and only that one) reported. */
#include "user.h"

int main(void) {
  fprintf(1, "wrong: this line matches\n");
  fprintf(1, "wrong: answer %d\n", 41);
  _exit(0);
}
