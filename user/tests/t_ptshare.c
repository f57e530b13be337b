/* In-guest suite t_ptshare: leaf page tables shared at fork: what fork and the first write
 * in a shared table cost, isolation across generations and concurrent writers, dedup,
 * the last sharer's exit, and a table copy that finds no memory. */
#include "check.h"

#define MIB (1024 * 1024UL)
#define MARK(owner, page) (((uintptr)(owner) << 24) ^ ((uintptr)(page) << 12) ^ 0x5ca1ab1eUL)

static uintptr span; /* bytes one leaf table maps, found by watching getNumPTPages */

/* ---- helpers ---- */

static char *grow_aligned(uintptr bytes, uintptr align) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % align && sbrk(align - brk % align) == (char *)-1)
    return 0;
  char *p = sbrk(bytes);
  return p == (char *)-1 ? 0 : p;
}

/* A heap of 1 to 3 whole leaf-table spans, aligned to a span; 0 (after a FAIL) when refused. */
static char *grow_spans(int spans) {
  static const char *names[] = {"", "grow by a leaf-table span", "grow by two leaf-table spans",
                                "grow by three leaf-table spans"};
  char *heap = grow_aligned(spans * span, span);
  check(heap != 0, names[spans], "sbrk failed");
  return heap;
}

/* Grows one page at a time until getNumPTPages has risen twice: the distance between
 * the two rises is one leaf table's span. Gives the memory back. */
static uintptr find_span(void) {
  char *start = sbrk(0);
  int pt = getNumPTPages();
  uintptr rise[2];
  int rises = 0;
  for (int i = 0; i < 4096 && rises < 2; i++) {
    char *p = sbrk(PAGE);
    if (p == (char *)-1)
      break;
    int now = getNumPTPages();
    if (now != pt)
      rise[rises++] = (uintptr)p;
    pt = now;
  }
  sbrk(-(int)((char *)sbrk(0) - start));
  return rises == 2 ? rise[1] - rise[0] : 0;
}

static void fill(char *region, uintptr pages, int owner) {
  for (uintptr i = 0; i < pages; i++)
    *(uintptr *)(region + i * PAGE) = MARK(owner, i);
}

/* How many of pages [0, n) do not hold owner's mark. */
static int wrong_pages(const char *region, uintptr n, int owner) {
  int bad = 0;
  for (uintptr i = 0; i < n; i++)
    bad += *(const uintptr *)(region + i * PAGE) != MARK(owner, i);
  return bad;
}

static int exit_status(int pid) {
  int status = -1000;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -1000;
  return status;
}

static void signal_fd(int fd) {
  char c = 'x';
  write(fd, &c, 1);
}

static void await_fd(int fd) {
  char c;
  read(fd, &c, 1);
}

/* ---- fork costs the same frames whatever the size ---- */

/* Frames taken by a fork, counted once both processes have run (each writes its stack). */
static int fork_cost(void) {
  int ready[2], go[2];
  pipe(ready);
  pipe(go);
  int before = getNumFreePages();
  int pid = fork();
  if (pid == 0) {
    signal_fd(ready[1]);
    await_fd(go[0]);
    _exit(0);
  }
  await_fd(ready[0]);
  int after = getNumFreePages();
  signal_fd(go[1]);
  exit_status(pid);
  for (int i = 0; i < 2; i++)
    close(ready[i]), close(go[i]);
  return before - after;
}

static void part_fork_cost(void) {
  int small = fork_cost();
  char *big = grow_aligned(32 * MIB, PAGE);
  if (!big) {
    fail("grow by 32 MiB", "sbrk failed");
    return;
  }
  fill(big, 32 * MIB / PAGE, 1);
  fork_cost(); /* the first fork marks the tables read-only; later ones only share them */
  int large = fork_cost();
  check(large <= small, "a fork of a 32 MiB process takes no more frames than a small one's",
        "%d frames for the small process, %d for 32 MiB (%d tables shared)", small, large,
        (int)(32 * MIB / span));
}

/* ---- the first write in a shared table ---- */

static void part_first_write(void) {
  char *heap = grow_spans(3);
  if (!heap)
    return;
  fill(heap, 3 * span / PAGE, 1);
  int pt_parent = getNumPTPages();
  int pid = fork();
  if (pid == 0) {
    wait_for_parent_to_sleep();
    int pt_child = getNumPTPages();
    int before = getNumFreePages();
    char *far = heap + span; /* a table the stack's table is not */
    *(uintptr *)far = 7;
    int after_first = getNumFreePages();
    *(uintptr *)(far + PAGE) = 8;
    int after_second = getNumFreePages();
    int pt_after = getNumPTPages();
    check(pt_child == pt_parent, "after fork the child reaches as many table pages",
          "parent %d, child %d", pt_parent, pt_child);
    check(before - after_first == 2, "the first write in a shared table copies it and the page",
          "%d frames", before - after_first);
    check(after_first - after_second == 1, "a second write in the copied table copies the page",
          "%d frames", after_first - after_second);
    check(pt_after == pt_child, "the copy replaces the shared table: same table count",
          "%d then %d", pt_child, pt_after);
    _exit(check_failures ? 1 : 0);
  }
  check(exit_status(pid) == 0, "the child's counts were right", "see its lines");
  check(wrong_pages(heap, 3 * span / PAGE, 1) == 0, "the parent's pages are untouched",
        "%d pages changed", wrong_pages(heap, 3 * span / PAGE, 1));
}

/* ---- three generations share one table ---- */

static void part_three_generations(void) {
  char *heap = grow_spans(1);
  if (!heap)
    return;
  uintptr pages = span / PAGE;
  fill(heap, pages, 0);
  int forked[2], go[2];
  pipe(forked);
  pipe(go);
  int child = fork();
  if (child == 0) {
    int grandchild = fork();
    if (grandchild == 0) {
      signal_fd(forked[1]);
      await_fd(go[0]);
      *(uintptr *)(heap + 3 * PAGE) = 3;
      _exit(*(uintptr *)(heap + 3 * PAGE) == 3 && *(uintptr *)(heap + 2 * PAGE) == MARK(0, 2) &&
                    *(uintptr *)(heap + PAGE) == MARK(0, 1)
                ? 0
                : 1);
    }
    await_fd(go[0]);
    *(uintptr *)(heap + 2 * PAGE) = 2;
    int mine = *(uintptr *)(heap + 2 * PAGE) == 2 && *(uintptr *)(heap + 3 * PAGE) == MARK(0, 3) &&
               *(uintptr *)(heap + PAGE) == MARK(0, 1);
    int g = exit_status(grandchild);
    _exit(mine && g == 0 ? 0 : 1 + (g != 0));
  }
  await_fd(forked[0]); /* all three exist and share the table */
  *(uintptr *)(heap + PAGE) = 1;
  signal_fd(go[1]);
  signal_fd(go[1]);
  int status = exit_status(child);
  int mine = *(uintptr *)(heap + PAGE) == 1 && *(uintptr *)(heap + 2 * PAGE) == MARK(0, 2) &&
             *(uintptr *)(heap + 3 * PAGE) == MARK(0, 3);
  check(status == 0 && mine,
        "three generations each write a page of one shared table and see "
        "only their own write",
        "child status %d (2: the grandchild saw another's write), parent ok %d", status, mine);
  for (int i = 0; i < 2; i++)
    close(forked[i]), close(go[i]);
}

/* ---- a child writes while the parent forks again ---- */

static void part_write_while_forking(void) {
  char *heap = grow_spans(1);
  if (!heap)
    return;
  uintptr pages = span / PAGE;
  fill(heap, pages, 5);
  int writer = fork();
  if (writer == 0) {
    for (int round = 0; round < 200; round++)
      for (uintptr i = 0; i < pages; i += 7)
        *(uintptr *)(heap + i * PAGE) = MARK(6, i);
    _exit(0);
  }
  int bad = 0, forks = 0;
  for (int round = 0; round < 20; round++) {
    int reader = fork();
    if (reader == 0)
      _exit(wrong_pages(heap, pages, 5) == 0 ? 0 : 1);
    forks += reader > 0;
    bad += exit_status(reader) != 0;
  }
  int wstatus = exit_status(writer);
  check(forks == 20 && bad == 0 && wstatus == 0 && wrong_pages(heap, pages, 5) == 0,
        "forks made while a child writes the shared table see only the parent's pages",
        "%d forks, %d saw the writer's pages, writer status %d", forks, bad, wstatus);
}

/* ---- dedup merges pages in shared tables for every sharer ---- */

static void part_dedup_shared(void) {
  uintptr pages = 2 * span / PAGE;
  char *heap = grow_spans(2);
  if (!heap)
    return;
  for (uintptr i = 0; i < pages; i++)
    *(uintptr *)(heap + i * PAGE) = 0xd00d; /* all alike */
  int go[2], done[2];
  pipe(go);
  pipe(done);
  int pid = fork();
  if (pid == 0) {
    await_fd(go[0]);
    *(uintptr *)(heap + span + PAGE) = 0xbeef;
    int ok = *(uintptr *)(heap + span + PAGE) == 0xbeef && *(uintptr *)(heap + span) == 0xd00d;
    signal_fd(done[1]);
    _exit(ok ? 0 : 1);
  }
  int freed = dedup();
  signal_fd(go[1]);
  await_fd(done[0]);
  int status = exit_status(pid);
  int intact = 1;
  for (uintptr i = 0; i < pages; i++)
    intact &= *(uintptr *)(heap + i * PAGE) == 0xd00d;
  check(freed > (int)pages / 2, "dedup merges the pages of shared tables",
        "%d frames freed for %d alike pages", freed, (int)pages);
  check(status == 0 && intact, "after dedup a sharer's write stays its own",
        "child status %d, parent intact %d", status, intact);
  for (int i = 0; i < 2; i++)
    close(go[i]), close(done[i]);
}

/* ---- the last sharer's exit frees the table and its frames ---- */

static void part_last_sharer(void) {
  int before = getNumFreePages();
  int pid = fork();
  if (pid == 0) {
    char *heap = grow_aligned(2 * span, span);
    if (!heap)
      _exit(2);
    fill(heap, 2 * span / PAGE, 9);
    int middle = fork();
    if (middle == 0) {
      int last = fork();
      if (last == 0) {
        sleep(2); /* outlive both others: the last sharer */
        _exit(wrong_pages(heap, 2 * span / PAGE, 9) == 0 ? 0 : 1);
      }
      _exit(0); /* its grandparent reaps nothing of it: init adopts the last one */
    }
    exit_status(middle);
    _exit(0);
  }
  int status = exit_status(pid);
  int after = before;
  for (int i = 0; i < 300 && (after = getNumFreePages()) != before; i++)
    sleep(1); /* the orphan, adopted by init, ends a little later */
  check(status == 0 && after == before,
        "when the last of three sharers exits, every table and frame comes back",
        "status %d, free frames %d before, %d after", status, before, after);
}

/* ---- a table copy that finds no memory ---- */

static void part_copy_without_memory(void) {
  char *heap = grow_spans(2);
  if (!heap)
    return;
  fill(heap, 2 * span / PAGE, 4);
  int before = getNumFreePages();
  int pid = fork();
  if (pid == 0) {
    faultinject(1, 0);             /* every frame allocation fails from now on */
    *(uintptr *)(heap + span) = 1; /* needs a copy of a shared table */
    _exit(0);
  }
  int status = exit_status(pid);
  int after = getNumFreePages();
  check(status == -1, "a write whose table copy finds no memory kills the writer", "exit status %d",
        status);
  check(after == before && wrong_pages(heap, 2 * span / PAGE, 4) == 0,
        "the failed copy leaks nothing and leaves the other sharer's pages",
        "free frames %d before, %d after", before, after);
}

/* ---- several harts write one shared table at once ---- */

#define WRITERS 4

static void part_concurrent_writers(void) {
  uintptr pages = span / PAGE;
  char *heap = grow_spans(1);
  if (!heap)
    return;
  fill(heap, pages, 0);
  int start = uptime() + 2, pids[WRITERS], bad = 0;
  for (int w = 0; w < WRITERS; w++) {
    pids[w] = fork();
    if (pids[w] == 0) {
      while (uptime() < start)
        ;
      for (uintptr i = w; i < pages; i += WRITERS)
        *(uintptr *)(heap + i * PAGE) = MARK(w + 1, i);
      int wrong = 0;
      for (uintptr i = 0; i < pages; i++)
        wrong += *(uintptr *)(heap + i * PAGE) != MARK(i % WRITERS == (uintptr)w ? w + 1 : 0, i);
      _exit(wrong ? 1 : 0);
    }
  }
  for (int w = 0; w < WRITERS; w++)
    bad += exit_status(pids[w]) != 0;
  check(bad == 0 && wrong_pages(heap, pages, 0) == 0,
        "writers on several harts copy one shared table at once and keep their own pages",
        "%d writers saw wrong pages; parent's wrong pages %d", bad, wrong_pages(heap, pages, 0));
}

int main(void) {
  suite_begin("t_ptshare");
  span = find_span();
  if (!check(span >= 64 * PAGE, "find a leaf table's span", "found %d bytes", (int)span))
    suite_end();
  int before = getNumFreePages();
  run_part(part_fork_cost);
  run_part(part_first_write);
  run_part(part_three_generations);
  run_part(part_write_while_forking);
  run_part(part_dedup_shared);
  run_part(part_last_sharer);
  run_part(part_copy_without_memory);
  run_part(part_concurrent_writers);
  reap_all();
  int after = getNumFreePages();
  check(after == before, "no frame leaked by the suite", "%d before, %d after", before, after);
  suite_end();
}
