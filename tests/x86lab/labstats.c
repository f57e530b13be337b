// A memory-statistics lab test written the x86 xv6 way: its headers, printf(fd, ...),
// exit() and wait() without arguments. It is compiled against moo's user library for
// i386 and linked -N -e main -Ttext 0, to show such a program builds and runs unchanged.
// Lines follow the tests/run.py protocol: PASS/FAIL labstats: <check>, then DONE.
#include "fcntl.h"
#include "memlayout.h"
#include "mmu.h"
#include "stat.h"
#include "types.h"
#include "user.h"

int global_i = 0;

void result(int ok, char *what, int before, int after) {
  if (ok)
    printf(1, "PASS labstats: %s\n", what);
  else
    printf(1, "FAIL labstats: %s: %d then %d\n", what, before, after);
}

void sbrk_case(void) {
  int v = getNumVirtPages(), p = getNumPhysPages(), f = getNumFreePages();
  int t = getNumPTPages();
  sbrk(PGSIZE);
  result(getNumVirtPages() == v + 1, "sbrk(4096) adds a virtual page", v, getNumVirtPages());
  result(getNumPhysPages() == p + 1, "sbrk(4096) adds a physical page", p, getNumPhysPages());
  result(getNumFreePages() == f - 1, "sbrk(4096) takes a free page", f, getNumFreePages());
  result(getNumPTPages() == t, "sbrk(4096) adds no page table", t, getNumPTPages());
  result(t == 66, "66 page-table pages for a small program", t, 66);
}

void child_case(int children) {
  int before = getNumFreePages();
  int i;
  for (i = 0; i < children; i++) {
    if (fork() == 0) {
      sleep(10 * i);
      int f1 = getNumFreePages();
      global_i++;
      int f2 = getNumFreePages();
      result(f2 < f1, "a child's write to a global takes a page", f1, f2);
      exit();
    }
  }
  while (wait() >= 0)
    ;
  result(getNumFreePages() == before, "the free count is back after wait", before,
         getNumFreePages());
}

void kernel_case(void) {
  int pid = fork();
  if (pid == 0) {
    volatile char *k = (char *)KERNBASE;
    printf(1, "FAIL labstats: a user read of KERNBASE survived: %d\n", *k);
    exit();
  }
  result(wait() == pid, "a child reading KERNBASE is killed and reaped", 0, 0);
}

void stat_case(void) {
  struct stat st;
  int fd = open("labstats", O_RDONLY);
  result(fd >= 0 && fstat(fd, &st) == 0 && st.type == T_FILE && st.size > 0,
         "fstat through the x86 struct stat", fd, st.size);
  close(fd);
}

int main(int argc, char *argv[]) {
  sbrk_case();
  child_case(1);
  child_case(5);
  kernel_case();
  stat_case();
  printf(1, "DONE labstats\n");
  exit();
}
