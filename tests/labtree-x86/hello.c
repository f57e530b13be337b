// hello: the tree's own program (built from its source with the tree's user library, like
// the lab tree's own commands); a lab's tests may type it.
#include "types.h"
#include "user.h"

int main(int argc, char *argv[]) {
  printf(1, "hello from the tree's own program\n");
  exit();
}
