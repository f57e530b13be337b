/* false: does nothing, unsuccessfully (status 1). Like Unix false, it takes any arguments. */
#include "user.h"

int main(void) {
  _exit(1);
}
