// hello: the tree's own program (built from its source with the tree's user library, like
// the lab tree's own commands); a lab's tests may type it.
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[]) {
  printf("hello from the tree's own program\n");
  exit(0);
}
