/* In-guest suite t_malloc: the user heap (user/lib/malloc.c): aligned blocks that never
 * overlap, freed neighbours merged, growth by at least 32 KiB and by half the heap, a large
 * free top given back to the kernel, and a break moved by the program itself. */
#include "check.h"
#include "rng.h"

#define BLOCKS 300
#define KIB 1024

static char *blocks[BLOCKS];
static uint sizes[BLOCKS];

static char mark_of(int i) {
  return (char)('a' + i % 26);
}

static void fill(int i) {
  memset(blocks[i], mark_of(i), sizes[i]);
}

/* Does every live block still hold its own mark, in every byte? */
static int all_intact(void) {
  for (int i = 0; i < BLOCKS; i++)
    for (uint b = 0; blocks[i] && b < sizes[i]; b++)
      if (blocks[i][b] != mark_of(i))
        return 0;
  return 1;
}

static long brk_now(void) {
  return (long)(uintptr)sbrk(0);
}

static void test_first_growth(void) {
  long before = brk_now();
  char *p = malloc(10);
  long grown = brk_now() - before;
  check(p != 0 && grown >= 32 * KIB && grown < 48 * KIB,
        "the first malloc grows the heap by 32 KiB, not by the little asked", "grew %ld bytes",
        grown);
  check((uintptr)p % 16 == 0, "a block is 16-byte aligned", "at %p", p);
}

static void test_no_overlap(void) {
  rng_seed(20, 1);
  int aligned = 1;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < BLOCKS; i++) {
      if (blocks[i] && below(2) == 0) {
        free(blocks[i]);
        blocks[i] = 0;
      }
      if (blocks[i] == 0) {
        sizes[i] = 1 + below(round == 2 ? 6000 : 300);
        blocks[i] = malloc(sizes[i]);
        aligned &= blocks[i] != 0 && (uintptr)blocks[i] % 16 == 0;
        if (blocks[i])
          fill(i);
      }
    }
  }
  check(aligned, "300 blocks of mixed sizes: all given, all aligned", "one was not");
  check(all_intact(), "freeing and allocating in random order never overlaps two blocks",
        "a block was overwritten");
  for (int i = 0; i < BLOCKS; i++)
    free(blocks[i]);
}

static void test_merging(void) {
  char *p[40];
  for (int i = 0; i < 40; i++)
    p[i] = malloc(1000);
  long after_small = brk_now();
  for (int i = 0; i < 40; i += 2) /* every other one first: none can merge yet */
    free(p[i]);
  for (int i = 1; i < 40; i += 2)
    free(p[i]);
  char *big = malloc(38000);
  check(big != 0 && brk_now() == after_small,
        "40 freed neighbours merge: 38000 bytes fit where they were", "break moved by %ld",
        brk_now() - after_small);
  free(big);
}

static void test_give_back(void) {
  long before = brk_now();
  char *p = malloc(1024 * KIB);
  long peak = brk_now();
  if (p)
    memset(p, 1, 1024 * KIB);
  free(p);
  long after = brk_now();
  check(p != 0 && peak - before >= 1024 * KIB && peak - after >= 900 * KIB,
        "freeing a large block at the top gives the memory back", "break %ld -> %ld -> %ld", before,
        peak, after);
  char *q = malloc(100);
  check(q != 0 && brk_now() == after, "what is kept serves the next malloc", "break moved");
  free(q);
}

static void test_growth_by_half(void) {
  char *p = malloc(600 * KIB); /* the heap is now about 600 KiB */
  long before = brk_now();
  char *q = malloc(40 * KIB); /* too big for the rest: the heap grows by half of itself */
  long grown = brk_now() - before;
  check(p && q && grown >= 290 * KIB && grown < 400 * KIB,
        "the heap grows by half its size, not by just the request", "grew %ld KiB", grown / KIB);
  free(q);
  free(p);
}

static void test_moved_break(void) {
  char *p = malloc(100);
  memset(p, 7, 100);
  char *mine = sbrk(8192); /* the program takes memory past the heap itself */
  memset(mine, 9, 8192);
  char *q = malloc(200 * KIB);
  int ok = p && q && mine != (char *)-1 && (q >= mine + 8192 || q + 200 * KIB <= mine);
  if (q)
    memset(q, 3, 200 * KIB);
  for (int i = 0; i < 8192; i++)
    ok &= mine[i] == 9;
  for (int i = 0; i < 100; i++)
    ok &= p[i] == 7;
  free(q);
  free(p);
  check(ok, "a break moved by the program is left alone", "memory overlapped");
}

static void test_limits(void) {
  char *a = malloc(0), *b = malloc(0);
  check(a && b && a != b, "malloc(0) gives distinct blocks", "%p %p", a, b);
  // cppcheck-suppress leakReturnValNotUsed ; both must be 0, so nothing leaks
  check(malloc(0x7fffffff) == 0 && malloc(0xffffffffu) == 0, "an impossible size gives 0",
        "a block came back");
  free(a);
  // cppcheck-suppress doubleFree ; on purpose: a second free must be ignored
  free(a); /* a second free is ignored */
  char *c = malloc(8);
  char *d = malloc(8);
  check(c && d && c != d, "a double free does not hand a block out twice", "%p %p", c, d);
}

int main(void) {
  suite_begin("t_malloc");
  run_part(test_first_growth);
  run_part(test_no_overlap);
  run_part(test_merging);
  run_part(test_give_back);
  run_part(test_growth_by_half);
  run_part(test_moved_break);
  run_part(test_limits);
  suite_end();
}
