/* In-guest suite t_cow: copy-on-write fork near the memory limit, shared-page isolation (pipes,
 * every page kind, text), concurrent first writes, copy failure without memory, and no leak. */
#include "check.h"

#define SELF "/t_cow"
#define MIB (1024 * 1024UL)
#define RAM (128 * MIB) /* the machine the tests assume (docs/abi.md) */
#define TWO_THIRDS ((RAM / 3 * 2) & ~(PAGE - 1))
#define QUARTER (RAM / 4)
#define STRIDE 64 /* bytes between the words written in a page */

/* ---- helpers ---- */

static char *sbrk_page_aligned(uintptr bytes) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  char *p = sbrk(bytes);
  return p == (char *)-1 ? 0 : p;
}

/* The word a page of the given owner holds at a given offset. */
static uintptr word_for(uintptr owner, uintptr page, uintptr offset) {
  return (owner << (8 * sizeof(uintptr) - 8)) ^ (page << 20) ^ offset ^ 0xc0ffee;
}

/* Writes owner's words (one every STRIDE bytes) into pages [first, first + n) of region,
 * every step-th page. */
static void write_words(char *region, uintptr first, uintptr n, uintptr step, uintptr owner) {
  for (uintptr i = first; i < first + n; i += step)
    for (uintptr off = 0; off < PAGE; off += STRIDE)
      *(uintptr *)(region + i * PAGE + off) = word_for(owner, i, off);
}

/* The first page in [first, first + n), every step-th, not holding owner's words, or -1. */
static long bad_page(const char *region, uintptr first, uintptr n, uintptr step, uintptr owner) {
  for (uintptr i = first; i < first + n; i += step)
    for (uintptr off = 0; off < PAGE; off += STRIDE)
      if (*(const uintptr *)(region + i * PAGE + off) != word_for(owner, i, off))
        return i;
  return -1;
}

static int all_bytes(const char *p, int n, char c) {
  for (int i = 0; i < n; i++)
    if (p[i] != c)
      return 0;
  return 1;
}

/* Spins until uptime reaches tick, so processes on several harts start together. */
static void wait_until(int tick) {
  while (uptime() < tick)
    ;
}

/* Waits for every child; status[i] gets the exit status of pids[i] (-1000 if never seen). */
static void wait_children(const int *pids, int *status, int n) {
  for (int i = 0; i < n; i++)
    status[i] = -1000;
  int pid, st;
  while ((pid = waitpid(-1, &st, 0)) > 0)
    for (int i = 0; i < n; i++)
      if (pids[i] == pid)
        status[i] = st;
}

/* ---- (a) fork with two thirds of RAM allocated ---- */

static int big_fork_round(int round) {
  char *p = sbrk_page_aligned(TWO_THIRDS);
  if (!p) {
    fail("fork with two thirds of RAM in use", "round %d: sbrk of %lu bytes failed", round,
         TWO_THIRDS);
    return 0;
  }
  uintptr pages = TWO_THIRDS / PAGE;
  for (uintptr i = 0; i < pages; i++)
    *(uintptr *)(p + i * PAGE) = word_for(round, i, 0);
  int pid = fork();
  if (pid == 0) {
    for (uintptr i = 0; i < pages; i++)
      if (*(uintptr *)(p + i * PAGE) != word_for(round, i, 0))
        _exit(2);
    _exit(0);
  }
  int status = -1;
  if (pid > 0)
    waitpid(-1, &status, 0);
  int ok = 1;
  for (uintptr i = 0; i < pages && ok; i++)
    ok = *(uintptr *)(p + i * PAGE) == word_for(round, i, 0);
  sbrk(-(int)TWO_THIRDS);
  if (pid < 0 || status != 0 || !ok) {
    fail("fork with two thirds of RAM in use", "round %d: fork %d, child status %d, parent %s",
         round, pid, status, ok ? "intact" : "corrupted");
    return 0;
  }
  return 1;
}

static void part_big_fork(void) {
  int rounds = 3, ok = 1;
  for (int round = 1; round <= rounds && ok; round++)
    ok = big_fork_round(round);
  if (ok)
    pass("fork with two thirds of RAM in use (3 rounds)");
}

/* ---- (b) three processes share a quarter of RAM and each writes its own pages ---- */

#define BASE_OWNER 9

static int three_writers_check(char *region, uintptr pages, uintptr me) {
  write_words(region, me, pages - me, 3, me);
  for (uintptr owner = 0; owner < 3; owner++) {
    uintptr expect = owner == me ? me : BASE_OWNER;
    if (bad_page(region, owner, pages - owner, 3, expect) >= 0)
      return 0;
  }
  return 1;
}

static void part_three_writers(void) {
  uintptr pages = QUARTER / PAGE;
  char *region = sbrk_page_aligned(QUARTER);
  if (!region) {
    fail("three processes write a shared quarter of RAM", "sbrk of %lu failed", QUARTER);
    return;
  }
  write_words(region, 0, pages, 1, BASE_OWNER);
  int start = uptime() + 2;
  int pids[2];
  for (int c = 0; c < 2; c++) {
    pids[c] = fork();
    if (pids[c] == 0) {
      wait_until(start);
      _exit(three_writers_check(region, pages, c + 1) ? 0 : 1);
    }
  }
  wait_until(start);
  int mine = three_writers_check(region, pages, 0);
  int st[2];
  wait_children(pids, st, 2);
  check(pids[0] > 0 && pids[1] > 0 && mine && st[0] == 0 && st[1] == 0,
        "three processes write a shared quarter of RAM",
        "forks %d %d; parent %s; children exit %d %d", pids[0], pids[1], mine ? "ok" : "bad", st[0],
        st[1]);
}

/* ---- (c) a pipe read into a copy-on-write page ---- */

#define PIPE_AT 3000 /* the data crosses from the first page into the second */
#define PIPE_LEN 5000

static char pipe_byte(int i) {
  return (char)('a' + i % 23);
}

static int read_full(int fd, char *dst, int n) {
  int got = 0, r;
  while (got < n && (r = read(fd, dst + got, n - got)) > 0)
    got += r;
  return got;
}

static void write_pipe_data(int fd) {
  char chunk[256];
  for (int sent = 0; sent < PIPE_LEN; sent += sizeof(chunk)) {
    int n = PIPE_LEN - sent < (int)sizeof(chunk) ? PIPE_LEN - sent : (int)sizeof(chunk);
    for (int i = 0; i < n; i++)
      chunk[i] = pipe_byte(sent + i);
    write(fd, chunk, n);
  }
}

/* Does buf hold 'P' everywhere except the pipe data at PIPE_AT? */
static int holds_pipe_data(const char *buf) {
  for (int i = 0; i < PIPE_LEN; i++)
    if (buf[PIPE_AT + i] != pipe_byte(i))
      return 0;
  return all_bytes(buf, PIPE_AT, 'P') &&
         all_bytes(buf + PIPE_AT + PIPE_LEN, 2 * PAGE - PIPE_AT - PIPE_LEN, 'P');
}

/* The child reads into the shared pages; the parent's copy must not change. */
static void pipe_into_child(char *buf) {
  int fds[2];
  pipe(fds);
  int pid = fork();
  if (pid == 0) {
    close(fds[1]);
    int got = read_full(fds[0], buf + PIPE_AT, PIPE_LEN);
    _exit(got == PIPE_LEN && holds_pipe_data(buf) ? 0 : 1);
  }
  close(fds[0]);
  write_pipe_data(fds[1]);
  close(fds[1]);
  int status = -1;
  waitpid(-1, &status, 0);
  check(pid > 0 && status == 0, "a pipe read lands in the reader's copy-on-write page",
        "fork %d, child status %d", pid, status);
  check(all_bytes(buf, 2 * PAGE, 'P'), "a child's pipe read leaves the parent's page alone",
        "the parent's page changed");
}

/* The parent reads into the shared pages; the child's copy must not change. */
static void pipe_into_parent(char *buf) {
  int data[2], done[2];
  if (pipe(data) < 0 || pipe(done) < 0) { /* under fault injection */
    fail("a parent's pipe read lands in its own copy", "pipe failed");
    return;
  }
  int pid = fork();
  if (pid == 0) {
    close(data[0]);
    close(done[1]);
    write_pipe_data(data[1]);
    char c;
    read(done[0], &c, 1);
    _exit(all_bytes(buf, 2 * PAGE, 'P') ? 0 : 1);
  }
  /* only the child writes: if it dies (or never started) the read ends */
  close(data[1]);
  int got = pid > 0 ? read_full(data[0], buf + PIPE_AT, PIPE_LEN) : -1;
  /* A read cut short (under injection, no frame for the copy) must not leave
   * the child blocked writing the rest. */
  close(data[0]);
  check(got == PIPE_LEN && holds_pipe_data(buf), "a parent's pipe read lands in its own copy",
        "read %d bytes", got);
  close(data[0]); /* a read that failed (no frame for the copy) must not leave the writer blocked */
  write(done[1], "x", 1);
  int status = -1;
  waitpid(-1, &status, 0);
  check(pid > 0 && status == 0, "a parent's pipe read leaves the child's page alone",
        "fork %d, child status %d", pid, status);
  close(done[0]);
  close(done[1]);
}

static void part_pipe(void) {
  char *buf = sbrk_page_aligned(2 * PAGE);
  memset(buf, 'P', 2 * PAGE);
  pipe_into_child(buf);
  memset(buf, 'P', 2 * PAGE);
  pipe_into_parent(buf);
}

/* ---- (d) isolation of data, bss, heap and stack pages ---- */

static char data_area[2 * PAGE] = {1}; /* initialized: lives in .data */
static char bss_area[2 * PAGE];

/* One fork over n bytes at p, all 'a': the first writer (the child when child_first, else the
 * parent) writes while the page is still shared, then the other one. Each side checks it never
 * sees the other's bytes. Returns 1 when both sides kept their own bytes. */
static int isolation_round(char *p, int n, int child_first, int *child_status) {
  int to_child[2], to_parent[2];
  pipe(to_child);
  pipe(to_parent);
  memset(p, 'a', n);
  char c;
  int pid = fork();
  if (pid == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    if (!child_first)
      read(to_child[0], &c, 1); /* the parent has written */
    int ok = all_bytes(p, n, 'a');
    memset(p, 'c', n);
    write(to_parent[1], "x", 1);
    if (child_first)
      read(to_child[0], &c, 1);
    _exit(ok && all_bytes(p, n, 'c') ? 0 : 1);
  }
  close(to_parent[1]); /* a child that dies (or never started) ends our reads */
  int ok = pid > 0;
  if (child_first)
    read(to_parent[0], &c, 1);
  ok = ok && all_bytes(p, n, 'a');
  memset(p, 'p', n);
  write(to_child[1], "x", 1);
  if (!child_first)
    read(to_parent[0], &c, 1);
  *child_status = -1;
  waitpid(-1, child_status, 0);
  close(to_child[0]);
  close(to_child[1]);
  close(to_parent[0]);
  return ok && all_bytes(p, n, 'p') && *child_status == 0;
}

static void isolation(const char *kind, char *p, int n) {
  char name[64];
  int status;
  format(name, sizeof(name), "%s: a child's writes stay private", kind);
  check(isolation_round(p, n, 1, &status), name, "child status %d", status);
  format(name, sizeof(name), "%s: the parent's writes stay private", kind);
  check(isolation_round(p, n, 0, &status), name, "child status %d", status);
}

static void isolation_on_stack(void) {
  char local[600];
  isolation("stack", local, sizeof(local));
}

static void part_isolation(void) {
  isolation("data", data_area, sizeof(data_area));
  isolation("bss", bss_area, sizeof(bss_area));
  isolation("heap (sbrk)", sbrk_page_aligned(3 * PAGE), 3 * PAGE);
  isolation("heap (malloc)", malloc(5000), 5000);
  isolation_on_stack();
}

/* ---- (e) text is read-only after fork ---- */

static __attribute__((noinline)) int text_probe(int x) {
  return x * 3 + 1;
}

#define TEXT_BYTES 16

static int text_intact(const char *saved) {
  return memcmp((const char *)text_probe, saved, TEXT_BYTES) == 0 && text_probe(5) == 16;
}

static void part_text(void) {
  char saved[TEXT_BYTES];
  memcpy(saved, (const char *)text_probe, TEXT_BYTES);
  check(elf_segment_writable(SELF, (uintptr)text_probe) == 0, "text is linked read-only",
        "segment writable = %d", elf_segment_writable(SELF, (uintptr)text_probe));
  int go[2];
  pipe(go);
  int bystander = fork();
  if (bystander == 0) {
    close(go[1]);
    char c;
    read(go[0], &c, 1);
    _exit(text_intact(saved) ? 0 : 1);
  }
  int writer = fork();
  if (writer == 0) {
    *(volatile char *)opaque((uintptr)text_probe) = 0x55;
    _exit(0);
  }
  int status = 0;
  int pid =
      writer > 0 ? waitpid(-1, &status, 0) : -1; /* with no writer, wait would find the bystander */
  check(writer > 0 && pid == writer && status == -1, "writing text after fork kills the writer",
        "fork %d, wait %d, status %d", writer, pid, status);
  check(text_intact(saved), "the parent's text is intact", "it changed");
  write(go[1], "x", 1);
  pid = waitpid(-1, &status, 0);
  check(bystander > 0 && pid == bystander && status == 0, "another process's text is intact",
        "fork %d, wait %d, status %d", bystander, pid, status);
  close(go[0]);
  close(go[1]);
}

/* ---- (f) first writes to shared pages at the same moment on several harts ---- */

#define RACE_PAGES 256
#define RACE_ROUNDS 6

static int race_write_and_check(char *region, uintptr me) {
  write_words(region, 0, RACE_PAGES, 1, me);
  return bad_page(region, 0, RACE_PAGES, 1, me) < 0;
}

/* Two children (and in odd rounds the parent too) write every shared page at once. */
static int race_round(char *region, int round) {
  write_words(region, 0, RACE_PAGES, 1, BASE_OWNER);
  int start = uptime() + 2;
  int pids[2];
  for (int c = 0; c < 2; c++) {
    pids[c] = fork();
    if (pids[c] == 0) {
      wait_until(start);
      _exit(race_write_and_check(region, c + 1) ? 0 : 1);
    }
  }
  int mine;
  if (round % 2) {
    wait_until(start);
    mine = race_write_and_check(region, 3);
  } else {
    mine = bad_page(region, 0, RACE_PAGES, 1, BASE_OWNER) < 0;
  }
  int st[2];
  wait_children(pids, st, 2);
  if (round % 2 == 0 && mine)
    mine = bad_page(region, 0, RACE_PAGES, 1, BASE_OWNER) < 0;
  if (pids[0] > 0 && pids[1] > 0 && st[0] == 0 && st[1] == 0 && mine)
    return 1;
  fail("simultaneous first writes on several harts", "round %d: forks %d %d, status %d %d, %s",
       round, pids[0], pids[1], st[0], st[1], mine ? "parent ok" : "parent bad");
  return 0;
}

static void part_race(void) {
  char *region = sbrk_page_aligned(RACE_PAGES * PAGE);
  int ok = region != 0;
  for (int round = 0; round < RACE_ROUNDS && ok; round++)
    ok = race_round(region, round);
  if (ok)
    pass("simultaneous first writes on several harts");
}

/* ---- (h) a copy-on-write fault with no free frame ---- */

#define OOM_PAGES 16

/* Grows the break until sbrk fails, big steps first; returns the bytes added. */
static uintptr exhaust_memory(void) {
  uintptr total = 0;
  for (int step = 1024 * 1024; step >= (int)PAGE; step /= 4)
    while (sbrk(step) != (char *)-1)
      total += step;
  return total;
}

static void part_cow_oom(void) {
  char *region = sbrk_page_aligned(OOM_PAGES * PAGE);
  write_words(region, 0, OOM_PAGES, 1, BASE_OWNER);
  int ready[2], go[2];
  pipe(ready);
  pipe(go);
  int pid = fork();
  if (pid == 0) {
    close(ready[0]);
    close(go[1]);
    char c;
    write(ready[1], "r", 1); /* the stack page is private from here on */
    read(go[0], &c, 1);
    write_words(region, 0, OOM_PAGES, 1, 1);
    _exit(0);
  }
  close(ready[1]); /* so the read ends if the child never starts */
  char c;
  read(ready[0], &c, 1);
  uintptr grabbed = exhaust_memory();
  int free_then = getNumFreePages();
  write(go[1], "g", 1);
  int status = 0;
  waitpid(-1, &status, 0);
  sbrk(-(int)grabbed);
  /* only now may this process write shared pages again (check_failures included) */
  check(pid > 0 && status == -1, "a copy-on-write fault with no free frame kills the writer",
        "fork %d, child status %d, %d frames were free", pid, status, free_then);
  check(bad_page(region, 0, OOM_PAGES, 1, BASE_OWNER) < 0,
        "the other sharer keeps its pages after the failed copy", "a page changed");
}

/* ---- the suite ---- */

int main(void) {
  suite_begin("t_cow");
  int free_before = getNumFreePages();
  run_part(part_big_fork);
  run_part(part_three_writers);
  run_part(part_pipe);
  run_part(part_isolation);
  run_part(part_text);
  run_part(part_race);
  run_part(part_cow_oom);
  reap_all();
  int free_after = getNumFreePages();
  check(free_after == free_before, "no frame leaked by the suite", "free pages %d before, %d after",
        free_before, free_after);
  suite_end();
}
