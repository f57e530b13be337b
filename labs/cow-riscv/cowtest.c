// cowtest: our own copy-on-write checks, printing the lines MIT's cow lab grader reads:
// "simple: ok" twice, "three: ok" three times, "file: ok", then "ALL COW TESTS PASSED".
// Each check shares more memory between processes than an eager fork could copy.
// types.h first: the other xv6 headers use its types
#include "kernel/types.h"

#include "kernel/memlayout.h"
#include "user/user.h"

#define PAGE 4096
#define RAM (PHYSTOP - KERNBASE)

static void fail(char *check, char *why) {
  printf("%s: FAILED: %s\n", check, why);
  exit(1);
}

// Writes a mark into the first word of every page of [base, base + size).
static void mark_pages(char *base, uint64 size, int step, int mark) {
  for (uint64 off = 0; off < size; off += (uint64)step * PAGE)
    *(int *)(base + off) = mark + (int)(off / PAGE);
}

// Whether every page of [base, base + size) holds the mark mark_pages(.., 1, mark) wrote.
static int pages_marked(char *base, uint64 size, int mark) {
  for (uint64 off = 0; off < size; off += PAGE)
    if (*(int *)(base + off) != mark + (int)(off / PAGE))
      return 0;
  return 1;
}

// Two thirds of RAM, then a fork: only a kernel that shares the pages has room for the child.
static void simple(void) {
  uint64 size = RAM / 3 * 2;
  char *base = sbrk(size);
  if (base == (char *)-1)
    fail("simple", "sbrk of two thirds of RAM");
  mark_pages(base, size, 1, 1000);
  int pid = fork();
  if (pid < 0)
    fail("simple", "fork");
  if (pid == 0)
    exit(pages_marked(base, size, 1000) ? 0 : 1);
  int status = -1;
  wait(&status);
  if (status != 0)
    fail("simple", "the child saw other contents");
  if (sbrk(-size) == (char *)-1)
    fail("simple", "sbrk back");
  printf("simple: ok\n");
}

// A third of RAM in three processes; each child writes every 32nd page and sees its own
// values there and the parent's elsewhere; the parent's pages stay its own.
static void three(void) {
  uint64 size = RAM / 3;
  char *base = sbrk(size);
  if (base == (char *)-1)
    fail("three", "sbrk of a third of RAM");
  mark_pages(base, size, 1, 5000);
  for (int k = 0; k < 2; k++) {
    int pid = fork();
    if (pid < 0)
      fail("three", "fork");
    if (pid == 0) {
      for (uint64 off = (uint64)k * PAGE; off < size; off += 32 * PAGE)
        *(int *)(base + off) = -1 - k;
      for (uint64 off = 0; off < size; off += PAGE) {
        int want = (int)((off / PAGE) % 32) == k ? -1 - k : 5000 + (int)(off / PAGE);
        if (*(int *)(base + off) != want)
          exit(1);
      }
      exit(0);
    }
  }
  for (int k = 0; k < 2; k++) {
    int status = -1;
    wait(&status);
    if (status != 0)
      fail("three", "a child saw other contents");
  }
  if (!pages_marked(base, size, 5000))
    fail("three", "a child's write reached the parent");
  if (sbrk(-size) == (char *)-1)
    fail("three", "sbrk back");
  printf("three: ok\n");
}

char shared[PAGE] __attribute__((aligned(PAGE)));

// A read() from a pipe into a page the child shares with its parent: the kernel's copy
// into user memory must give the child its own page first.
static void file(void) {
  int fds[2];
  if (pipe(fds) < 0)
    fail("file", "pipe");
  memset(shared, 'p', sizeof(shared));
  int pid = fork();
  if (pid < 0)
    fail("file", "fork");
  if (pid == 0) {
    close(fds[1]);
    if (read(fds[0], shared, 64) != 64)
      exit(1);
    for (int i = 0; i < 64; i++)
      if (shared[i] != 'c')
        exit(1);
    exit(0);
  }
  close(fds[0]);
  char data[64];
  memset(data, 'c', sizeof(data));
  if (write(fds[1], data, sizeof(data)) != sizeof(data))
    fail("file", "write to the pipe");
  close(fds[1]);
  int status = -1;
  wait(&status);
  if (status != 0)
    fail("file", "the child did not read the pipe into its page");
  for (int i = 0; i < PAGE; i++)
    if (shared[i] != 'p')
      fail("file", "the child's read reached the parent's page");
  printf("file: ok\n");
}

int main(int argc, char *argv[]) {
  simple();
  simple();
  three();
  three();
  three();
  file();
  printf("ALL COW TESTS PASSED\n");
  exit(0);
}
