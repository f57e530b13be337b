/* In-guest suite t_stats: exact behaviour of the page-counting calls (22-25) around sbrk, fork and
 * exec, page-table counts derived from the Sv39 layout, and memstat (27) against them. */
#include "check.h"

#define SELF "/t_stats"

/* A page of its own in .data, written only by the children of the fork tests. */
static volatile char cow_page[PAGE] __attribute__((aligned(PAGE))) = {7};

/* ---- helpers ---- */

static uintptr round_up(uintptr x, uintptr to) {
  return (x + to - 1) / to * to;
}

struct counts {
  int virt, phys, free, pt;
};

static struct counts counts_now(void) {
  struct counts c;
  c.virt = getNumVirtPages();
  c.phys = getNumPhysPages();
  c.pt = getNumPTPages();
  c.free = getNumFreePages(); /* last: the others allocate nothing */
  return c;
}

/* ---- a fresh process ---- */

static void check_fresh_pt_pages(const char *name) {
  uintptr brk = (uintptr)sbrk(0);
  int pt = getNumPTPages();
  check(pt == expected_pt_pages(brk), name, "%d page-table pages with break %lx, expected %d", pt,
        brk, expected_pt_pages(brk));
}

/* ---- sbrk by one page ---- */

static void test_sbrk_one_page(void) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  brk = (uintptr)sbrk(0);
  struct counts before = counts_now();
  char *p = sbrk(PAGE);
  p[0] = 1;
  p[PAGE - 1] = 2;
  struct counts after = counts_now();
  int new_tables = expected_pt_pages(brk + PAGE) - expected_pt_pages(brk);
  check(after.virt == before.virt + 1, "sbrk(4096): getNumVirtPages grows by one", "%d then %d",
        before.virt, after.virt);
  check(after.phys == before.phys + 1, "sbrk(4096): getNumPhysPages grows by one", "%d then %d",
        before.phys, after.phys);
  check(after.pt == before.pt + new_tables, "sbrk(4096): getNumPTPages as the layout predicts",
        "%d then %d, expected +%d", before.pt, after.pt, new_tables);
  check(after.free == before.free - 1 - new_tables, "sbrk(4096): getNumFreePages drops by one",
        "%d then %d (%d new tables)", before.free, after.free, new_tables);
  sbrk(-(int)PAGE);
  struct counts back = counts_now();
  check(back.virt == before.virt && back.phys == before.phys && back.free == after.free + 1,
        "sbrk(-4096) gives the page back", "virt %d phys %d free %d", back.virt, back.phys,
        back.free);
}

/* ---- a new leaf table at each leaf-table boundary ---- */

static void part_leaf_table(void) {
  uintptr brk = (uintptr)sbrk(0);
  uintptr boundary = round_up(brk + 1, LEAF_TABLE_SPAN);
  if (sbrk(boundary - brk) == (char *)-1) {
    fail("sbrk up to a leaf-table boundary", "sbrk(%lu) failed", boundary - brk);
    return;
  }
  struct counts at = counts_now();
  check(at.pt == expected_pt_pages(boundary), "up to a leaf-table boundary: no extra leaf table",
        "%d page-table pages, expected %d", at.pt, expected_pt_pages(boundary));
  sbrk(PAGE);
  struct counts past = counts_now();
  check(past.pt == at.pt + 1, "one page past a leaf-table boundary: one new leaf table",
        "%d then %d page-table pages", at.pt, past.pt);
  check(past.free == at.free - 2 && past.virt == at.virt + 1 && past.phys == at.phys + 1,
        "one page past a leaf-table boundary: one page and one table used",
        "free %d then %d, virt %d then %d, phys %d then %d", at.free, past.free, at.virt, past.virt,
        at.phys, past.phys);
  uintptr second = boundary + LEAF_TABLE_SPAN;
  sbrk(second - (uintptr)sbrk(0) + PAGE);
  int pt = getNumPTPages();
  check(pt == past.pt + 1, "past the next leaf-table boundary: one more leaf table",
        "%d then %d page-table pages", past.pt, pt);

  /* exec from this larger process: the new image has only its own tables */
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {SELF, "fresh", 0};
    exec(SELF, argv);
    _exit(99);
  }
  int status = -1;
  waitpid(-1, &status, 0);
  check(pid > 0 && status == 0, "a process exec'd by a larger one starts with exact counts",
        "fork %d, child status %d", pid, status);
}

/* ---- sbrk shrinking gives back the page-table pages it emptied ---- */

/* What sbrk(grow) then sbrk(-grow) did to the counts. */
struct round_trip {
  struct counts before, after;
  int grown_pt; /* getNumPTPages while grown */
};

/* Grows the break by grow bytes and shrinks it back; 0 (after a FAIL named what)
 * when the growth is refused. */
static int grow_and_shrink_back(int grow, const char *what, struct round_trip *r) {
  r->before = counts_now();
  if (sbrk(grow) == (char *)-1) {
    fail(what, "sbrk(%d) failed", grow);
    return 0;
  }
  r->grown_pt = getNumPTPages();
  sbrk(-grow);
  r->after = counts_now();
  return 1;
}

static void check_round_trip_restored(const struct round_trip *r, const char *tables_name,
                                      const char *counts_name) {
  check(r->after.pt == r->before.pt, tables_name, "%d page-table pages before, %d after",
        r->before.pt, r->after.pt);
  check(r->after.free == r->before.free && r->after.virt == r->before.virt &&
            r->after.phys == r->before.phys,
        counts_name, "free %d/%d virt %d/%d phys %d/%d", r->before.free, r->after.free,
        r->before.virt, r->after.virt, r->before.phys, r->after.phys);
}

static void part_shrink_frees_tables(void) {
  struct round_trip r;
  if (!grow_and_shrink_back(24 << 20, "grow by 24 MiB", &r)) /* many leaf tables on every layout */
    return;
  check(r.grown_pt > r.before.pt, "growing by 24 MiB takes page-table pages", "%d then %d",
        r.before.pt, r.grown_pt);
  check_round_trip_restored(&r, "shrinking back frees the page-table pages it emptied",
                            "shrinking back restores every count");
}

/* "t_stats wide", run by the test runner alone on a machine with more than 1 GiB of
 * RAM: a break moved 8 MiB past the next 1 GiB boundary needs a table above the leaf
 * level of its own on RISC-V (a middle table per 1 GiB), and shrinking back must free
 * that one too. */
static void wide_shrink_frees_upper_tables(void) {
  const uintptr gib = 1UL << 30;
  uintptr brk = (uintptr)sbrk(0);
  int grow = (int)(round_up(brk + 1, gib) + (8 << 20) - brk);
  struct round_trip r;
  if (!grow_and_shrink_back(grow, "grow across a 1 GiB boundary (the machine needs over 1 GiB)",
                            &r))
    return;
  check(r.grown_pt == expected_pt_pages(brk + grow),
        "across a 1 GiB boundary: getNumPTPages as the layout predicts", "%d, expected %d",
        r.grown_pt, expected_pt_pages(brk + grow));
  check_round_trip_restored(&r, "shrinking back frees the tables of every level it emptied",
                            "shrinking back across 1 GiB restores every count");
}

/* The child side of part_leaf_table: run as "t_stats fresh". */
static void fresh_after_exec(void) {
  check_fresh_pt_pages("after exec: getNumPTPages is exactly the layout's");
  int virt = getNumVirtPages();
  check(virt == (int)(round_up((uintptr)sbrk(0), PAGE) / PAGE), "after exec: getNumVirtPages",
        "%d pages, break %lx", virt, (uintptr)sbrk(0));
}

/* ---- fork: copy-on-write copies show in the free count ---- */

/* In a child: writing one shared global costs exactly one frame (checked when alone, with the
 * parent asleep: siblings or a parent running at the same time would move the count). The stack
 * page is written first, so its copy is made before the count is taken. */
static __attribute__((noinline, noreturn)) void write_global_and_exit(int alone) {
  volatile int stack_touch = 1;
  (void)stack_touch;
  if (alone)
    wait_for_parent_to_sleep();
  int before = getNumFreePages();
  cow_page[0] = 42;
  int after = getNumFreePages();
  if (!alone)
    _exit(cow_page[0] == 42 ? 0 : 1);
  _exit(after == before - 1 && cow_page[0] == 42 ? 0 : 10 + before - after);
}

static void test_child_copy(void) {
  int pid = fork();
  if (pid == 0)
    write_global_and_exit(1);
  int status = -1;
  waitpid(-1, &status, 0);
  check(pid > 0 && status == 0, "a child writing a shared global uses exactly one frame",
        "fork %d, child status %d (10 + frames used)", pid, status);
  check(cow_page[0] == 7, "the child's write is not seen by the parent", "value %d", cow_page[0]);
}

static void test_fork_free_count(int children) {
  int before = getNumFreePages();
  int pids[5], bad = 0;
  for (int i = 0; i < children; i++) {
    pids[i] = fork();
    if (pids[i] == 0)
      write_global_and_exit(0);
    if (pids[i] < 0)
      bad++;
  }
  int status, reaped = 0;
  while (waitpid(-1, &status, 0) > 0) {
    reaped++;
    if (status != 0)
      bad++;
  }
  int after = getNumFreePages();
  char name[80];
  format(name, sizeof(name), "after reaping %d child%s the free count is unchanged", children,
         children == 1 ? "" : "ren");
  check(!bad && reaped == children && after == before, name,
        "free %d before, %d after; %d reaped, %d bad", before, after, reaped, bad);
}

static void test_fork_counts(void) {
  struct counts parent = counts_now();
  int to_parent[2];
  pipe(to_parent);
  int pid = fork();
  if (pid == 0) {
    struct counts child = counts_now();
    int same = child.virt == parent.virt && child.phys == parent.phys && child.pt == parent.pt;
    write(to_parent[1], &child, sizeof(child));
    _exit(same ? 0 : 1);
  }
  struct counts child = {-1, -1, -1, -1};
  read(to_parent[0], &child, sizeof(child));
  int status = -1;
  waitpid(-1, &status, 0);
  check(pid > 0 && status == 0, "a forked child has its parent's virt, phys and table counts",
        "parent %d/%d/%d, child %d/%d/%d", parent.virt, parent.phys, parent.pt, child.virt,
        child.phys, child.pt);
  close(to_parent[0]);
  close(to_parent[1]);
}

/* ---- memstat ---- */

static int sum_field(const struct memstat *m, int which) {
  int n = 0;
  for (int i = 0; i < m->nregions && i < MEMSTAT_REGIONS; i++)
    n += which == 0 ? m->region[i].virt : m->region[i].resident;
  return n;
}

static int regions_contiguous(const struct memstat *m) {
  if (m->nregions != MEMSTAT_REGIONS || m->region[0].start != 0)
    return 0;
  for (int i = 1; i < m->nregions; i++)
    if (m->region[i].start != m->region[i - 1].end)
      return 0;
  return m->region[m->nregions - 1].end == round_up((uintptr)sbrk(0), PAGE);
}

static void test_memstat_self(void) {
  sbrk(3 * PAGE);
  static struct memstat m;
  int r = memstat(0, &m);
  int virt = getNumVirtPages(), phys = getNumPhysPages(), free = getNumFreePages();
  check(r == 0 && m.pid == getpid(), "memstat(0) describes the caller", "returned %d, pid %d", r,
        m.pid);
  check(regions_contiguous(&m), "memstat's regions tile [0, break)", "%d regions", m.nregions);
  check(sum_field(&m, 0) == virt, "memstat's virtual pages add up to getNumVirtPages", "%d and %d",
        sum_field(&m, 0), virt);
  check(sum_field(&m, 1) == phys, "memstat's resident pages add up to getNumPhysPages", "%d and %d",
        sum_field(&m, 1), phys);
  check(m.free_frames == (uintptr)free && m.total_frames > m.free_frames,
        "memstat's free frames match getNumFreePages", "%lu and %d (total %lu)", m.free_frames,
        free, m.total_frames);
  check(memstat(0, (struct memstat *)0xffffffffffffffffUL) == -1,
        "memstat with a bad pointer fails", "it did not");
  check(memstat(123456, &m) == -1, "memstat of an unknown pid fails", "it did not");
  sbrk(-3 * (int)PAGE);
}

static void test_memstat_child(void) {
  int go[2];
  pipe(go);
  int pid = fork();
  if (pid == 0) {
    char c;
    read(go[0], &c, 1);
    _exit(0);
  }
  static struct memstat m;
  int r = memstat(pid, &m);
  int shared = 0, cow = 0;
  for (int i = 0; i < m.nregions && i < MEMSTAT_REGIONS; i++) {
    shared += m.region[i].shared;
    cow += m.region[i].cow;
  }
  check(r == 0 && m.pid == pid && sum_field(&m, 1) == getNumPhysPages(),
        "memstat of a forked child: same resident pages", "returned %d, %d resident, ours %d", r,
        sum_field(&m, 1), getNumPhysPages());
  check(shared > 0 && cow > 0, "memstat of a forked child shows shared copy-on-write pages",
        "%d shared, %d cow", shared, cow);
  write(go[1], "x", 1);
  waitpid(-1, 0, 0);
  close(go[0]);
  close(go[1]);
}

/* ---- the suite ---- */

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "fresh") == 0) {
    suite_begin("t_stats");
    fresh_after_exec();
    _exit(check_failures ? 1 : 0);
  }
  if (argc == 2 && strcmp(argv[1], "wide") == 0) {
    suite_begin("t_stats");
    wide_shrink_frees_upper_tables();
    suite_end();
  }
  suite_begin("t_stats");
  check_fresh_pt_pages("a fresh small process: getNumPTPages is exactly the layout's");
  test_sbrk_one_page();
  test_child_copy();
  test_fork_free_count(1);
  test_fork_free_count(5);
  test_fork_counts();
  run_part(part_leaf_table);
  run_part(part_shrink_frees_tables);
  test_memstat_self();
  test_memstat_child();
  suite_end();
}
