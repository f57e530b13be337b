/* In-guest suite t_lastsharer: the last process sharing a copy-on-write frame (after fork or
 * dedup) keeps that frame on its write instead of copying it: kstat's counters, and no memory. */
#include "check.h"

#define PAGES 24 /* formerly shared pages each part writes */

/* ---- helpers ---- */

/* The word at offset off of page i for this tag: unlike any other process's pages. */
static uintptr word_for(uintptr tag, int i, uintptr off) {
  return (tag << 20) ^ ((uintptr)i << 12) ^ off ^ 0x5a17ab1e;
}

static void fill(char *pages, int n, uintptr tag) {
  for (int i = 0; i < n; i++)
    for (uintptr off = 0; off < PAGE; off += sizeof(uintptr))
      *(uintptr *)(pages + i * PAGE + off) = word_for(tag, i, off);
}

static int holds(const char *pages, int n, uintptr tag) {
  for (int i = 0; i < n; i++)
    for (uintptr off = 0; off < PAGE; off += sizeof(uintptr))
      if (*(const uintptr *)(pages + i * PAGE + off) != word_for(tag, i, off))
        return 0;
  return 1;
}

/* One store in each of n pages. */
static void write_each(char *pages, int n) {
  for (int i = 0; i < n; i++)
    *(volatile char *)(pages + i * PAGE + 8) ^= 1;
}

struct cow_delta {
  unsigned long copied, reused;
};

/* The copy-on-write faults the kernel counts while this process stores once into each of n
 * pages. The stack page is written first, so that kstat's own copy-out adds nothing. */
static struct cow_delta count_writes(char *pages, int n) {
  struct kstat before, after;
  kstat(&before);
  kstat(&before);
  write_each(pages, n);
  kstat(&after);
  struct cow_delta d = {after.cow_copied - before.cow_copied, after.cow_reused - before.cow_reused};
  return d;
}

/* Makes the stack page and the data page this process's own (its parent shares them since
 * fork), so that later writes to them need no frame. */
static void own_stack_and_data(void) {
  volatile char probe = 1; /* any store makes the whole (single) stack page ours */
  (void)probe;
  *(volatile int *)&check_failures = check_failures;
}

/* Grows the break until sbrk fails, big steps first; returns the bytes added. */
static uintptr exhaust_memory(void) {
  uintptr total = 0;
  for (uintptr step = 1024 * 1024; step >= PAGE; step /= 4)
    while (sbrk(step) != (char *)-1)
      total += step;
  return total;
}

/* ---- a fork child that has exited ---- */

/* Pages shared with one child by fork; the child has exited and been reaped. */
static char *pages_after_child_exit(void) {
  char *pages = grow_pages(PAGES);
  if (!pages)
    return 0;
  fill(pages, PAGES, getpid());
  own_stack_and_data();
  int pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid < 0 || waitpid(pid, 0, 0) != pid)
    return 0;
  return pages;
}

static void part_child_exited(void) {
  char *pages = pages_after_child_exit();
  if (!pages) {
    fail("the last sharer after fork keeps its frames", "sbrk or fork failed");
    return;
  }
  struct cow_delta d = count_writes(pages, PAGES);
  check(d.copied == 0 && d.reused == PAGES, "the last sharer after fork keeps its frames",
        "%d writes after the child exited: %lu copies, %lu kept", PAGES, d.copied, d.reused);
}

/* ---- three sharers: two copies, then one kept frame ---- */

/* A child: once its own first faults are over it says so on ready (they would land in the
 * other's count), waits on go, then writes every page and reports what kstat counted. */
static void sharer(char *pages, int ready_fd, int go_fd, int report_fd) {
  own_stack_and_data();
  write(ready_fd, "r", 1);
  char c;
  if (read(go_fd, &c, 1) != 1)
    _exit(2);
  struct cow_delta d = count_writes(pages, PAGES);
  write(report_fd, &d, sizeof(d));
  _exit(0);
}

static void part_three_sharers(void) {
  char *pages = grow_pages(PAGES);
  int go[2][2], report[2], ready[2];
  if (!pages || pipe(go[0]) < 0 || pipe(go[1]) < 0 || pipe(report) < 0 || pipe(ready) < 0) {
    fail("of three sharers the first two writers copy", "sbrk or pipe failed");
    return;
  }
  fill(pages, PAGES, getpid());
  int pids[2];
  for (int c = 0; c < 2; c++)
    if ((pids[c] = fork()) == 0)
      sharer(pages, ready[1], go[c][0], report[1]);
  close(ready[1]); /* a child that died early ends the reads */
  char both[2];
  read(ready[0], both, 1);
  read(ready[0], both + 1, 1);
  struct cow_delta d[3] = {{0, 0}, {0, 0}, {0, 0}};
  for (int c = 0; c < 2; c++) { /* one at a time: each counts only its own faults */
    write(go[c][1], "g", 1);
    if (pids[c] < 0 || read(report[0], &d[c], sizeof(d[c])) != sizeof(d[c]))
      d[c].copied = d[c].reused = 9999;
  }
  d[2] = count_writes(pages, PAGES);
  reap_all();
  check(d[0].copied == PAGES && d[0].reused == 0 && d[1].copied == PAGES && d[1].reused == 0,
        "of three sharers the first two writers copy",
        "%d writes each: %lu/%lu and %lu/%lu "
        "copies/kept",
        PAGES, d[0].copied, d[0].reused, d[1].copied, d[1].reused);
  check(d[2].copied == 0 && d[2].reused == PAGES,
        "of three sharers the last writer keeps the frame", "%d writes: %lu copies, %lu kept",
        PAGES, d[2].copied, d[2].reused);
  write_each(pages, PAGES); /* undoes the stores */
  check(holds(pages, PAGES, getpid()), "the last writer's kept frames hold its data",
        "a page changed");
}

/* ---- dedup: the other mappings of a merged frame went away ---- */

/* Pages this process filled itself, identical to a child's own pages; dedup has merged them
 * and the child has exited. Returns 0 (after a failed check) when that could not be set up. */
static char *pages_merged_then_alone(const char *name) {
  uintptr tag = getpid();
  int ready[2], go[2];
  if (pipe(ready) < 0 || pipe(go) < 0) {
    fail(name, "pipe failed");
    return 0;
  }
  int pid = fork();
  if (pid == 0) {
    char *mine = grow_pages(PAGES);
    if (!mine)
      _exit(2);
    fill(mine, PAGES, tag);
    char c;
    write(ready[1], "r", 1);
    read(go[0], &c, 1);
    _exit(0);
  }
  char *pages = grow_pages(PAGES);
  char c;
  if (pid < 0 || !pages || read(ready[0], &c, 1) != 1) {
    fail(name, "fork, sbrk or the child failed");
    return 0;
  }
  fill(pages, PAGES, tag);
  dedup();
  static struct memstat m;
  int shared = memstat(0, &m) == 0 ? (int)m.region[MEMSTAT_REGIONS - 1].shared : -1;
  write(go[1], "g", 1);
  waitpid(pid, 0, 0);
  if (!check(shared >= PAGES, name, "%d of %d heap pages shared", shared, PAGES))
    return 0;
  own_stack_and_data(); /* dedup write-protected (and may have merged) them too */
  return pages;
}

static void part_dedup_alone(void) {
  char *pages = pages_merged_then_alone("dedup merged this process's pages with its child's");
  if (!pages)
    return;
  struct cow_delta d = count_writes(pages, PAGES);
  check(d.copied == 0 && d.reused == PAGES, "the last user of merged frames keeps them",
        "%d writes after the other process exited: %lu copies, %lu kept", PAGES, d.copied,
        d.reused);
}

/* ---- no free frame: the last sharer's writes need none ---- */

struct without_memory {
  const char *kind;     /* names the checks */
  char *(*setup)(void); /* the formerly shared pages, or 0 after a failed check */
};

static char *fork_setup(void) {
  char *pages = pages_after_child_exit();
  if (!pages)
    fail("sharing with a child that exits", "sbrk or fork failed");
  return pages;
}

static char *dedup_setup(void) {
  return pages_merged_then_alone("dedup merged pages of a process about to be out of memory");
}

/* In a child (its parent shares its stack and data): sets the pages up, takes every free
 * frame, then writes every page; a write that needed a frame would kill it. */
static void write_without_memory(uintptr arg) {
  const struct without_memory *w = (const struct without_memory *)arg;
  char *pages = w->setup();
  if (!pages)
    _exit(1);
  own_stack_and_data();
  wait_for_parent_to_sleep(); /* its own first writes after fork need frames */
  uintptr grabbed = exhaust_memory();
  int free_then = getNumFreePages();
  write_each(pages, PAGES);
  int free_after = getNumFreePages();
  write_each(pages, PAGES); /* undoes the stores */
  int intact = holds(pages, PAGES, getpid());
  sbrk(-(int)grabbed);
  char name[120];
  format(name, sizeof(name), "%s: memory was exhausted during the writes", w->kind);
  int ok = check(free_then <= 2 && free_after == free_then, name,
                 "%d frames free before the writes, %d after", free_then, free_after);
  format(name, sizeof(name), "%s: the pages written without memory hold their data", w->kind);
  ok &= check(intact, name, "a page changed");
  _exit(ok ? 0 : 1); /* not check_failures: it holds the failures of earlier parts too */
}

static void part_fork_exhausted(void) {
  static const struct without_memory w = {"after fork", fork_setup};
  int status = status_of_child(write_without_memory, (uintptr)&w);
  check(status == 0, "with no free frame the last sharer after fork writes its pages",
        "status %d (-1: killed, out of memory)", status);
}

static void part_dedup_exhausted(void) {
  static const struct without_memory w = {"after dedup", dedup_setup};
  int status = status_of_child(write_without_memory, (uintptr)&w);
  check(status == 0, "with no free frame the last user of merged frames writes them",
        "status %d (-1: killed, out of memory)", status);
}

int main(void) {
  suite_begin("t_lastsharer");
  run_part(part_child_exited);
  run_part(part_three_sharers);
  run_part(part_fork_exhausted);
  run_part(part_dedup_alone);
  run_part(part_dedup_exhausted);
  suite_end();
}
