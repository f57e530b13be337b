/* In-guest suite t_dedup: dedup (26) via dedup_reader/dedup_writer, near-identical and colliding
 * pages, cross-process and zero-page merges, concurrent writers, exhausted memory, no leak. */
#include "check.h"

#define MERGE_PAGES 64 /* identical pages per process in the cross-process test */
#define NEAR_PAGES 32  /* pages one byte apart */
#define ZERO_PAGES 32
#define WRITER_PAGES 48 /* pages each concurrent writer keeps rewriting */
#define WRITERS 2
#define WRITE_TICKS 30 /* how long the concurrent writers run */
#define WORDS (PAGE / 8)

/* ---- helpers ---- */

static uint64 *sbrk_pages(int n) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  char *p = sbrk(n * PAGE);
  return p == (char *)-1 ? 0 : (uint64 *)p;
}

/* Word j of content number k; different k give different pages, none of them all zero. */
static uint64 content_word(uint64 k, int j) {
  return (0x9e3779b97f4a7c15UL * (j + 1)) ^ (k * 0xd1b54a32d192ed03UL) ^ 0x7465737400000000UL;
}

static void fill_page(uint64 *page, uint64 k) {
  for (int j = 0; j < WORDS; j++)
    page[j] = content_word(k, j);
}

static int page_holds(const uint64 *page, uint64 k) {
  for (int j = 0; j < WORDS; j++)
    if (page[j] != content_word(k, j))
      return 0;
  return 1;
}

/* The free count with every duplicate in the system merged: comparable across calls, since
 * pages a process copied on write since the last merge are merged again. */
static int settled_free(void) {
  dedup();
  return getNumFreePages();
}

static int run_program(char *path) {
  int pid = fork();
  if (pid == 0) {
    char *argv[] = {path, 0};
    exec(path, argv);
    note("t_dedup: exec %s failed", path);
    _exit(99);
  }
  int status = -1000;
  if (pid < 0 || waitpid(-1, &status, 0) != pid)
    return -1000;
  return status;
}

/* ---- dedup_reader and dedup_writer ---- */

static void test_programs(void) {
  char *programs[] = {"/dedup_reader", "/dedup_writer"};
  for (int round = 1; round <= 3; round++) {
    for (int i = 0; i < 2; i++) {
      int before = settled_free();
      int status = run_program(programs[i]);
      int after = settled_free();
      char name[80];
      format(name, sizeof(name), "%s run %d exits 0 and leaves the free count as it was",
             programs[i] + 1, round);
      check(status == 0 && after == before, name, "status %d, free %d before, %d after", status,
            before, after);
    }
  }
}

/* ---- pages one byte apart, and repeated calls ---- */

static void part_near_identical(void) {
  settled_free();
  uint64 *pages = sbrk_pages(NEAR_PAGES);
  if (!pages) {
    fail("pages one byte apart are not merged", "sbrk failed");
    return;
  }
  for (int i = 0; i < NEAR_PAGES; i++) {
    uint64 *page = pages + i * WORDS;
    fill_page(page, 1);
    ((char *)page)[(i * 131) % PAGE] ^= 0x5a; /* a different byte in each page */
  }
  int merged = dedup();
  int intact = 1;
  for (int i = 0; i < NEAR_PAGES && intact; i++) {
    uint64 *page = pages + i * WORDS;
    ((char *)page)[(i * 131) % PAGE] ^= 0x5a;
    intact = page_holds(page, 1);
    ((char *)page)[(i * 131) % PAGE] ^= 0x5a;
  }
  check(merged == 0, "pages one byte apart are not merged", "dedup returned %d", merged);
  check(intact, "pages one byte apart keep their contents", "a page changed");

  uint64 *twins = sbrk_pages(2);
  fill_page(twins, 2);
  fill_page(twins + WORDS, 2);
  int control = dedup();
  check(control == 1, "two identical new pages: dedup frees exactly one frame", "dedup returned %d",
        control);
  int again = dedup();
  check(again == 0, "a second dedup with nothing changed frees nothing", "dedup returned %d",
        again);
  check(page_holds(twins, 2) && page_holds(twins + WORDS, 2), "merged pages read back",
        "they differ");
}

/* ---- a crafted hash collision ---- */

/* The multiplier of kernel/mm/dedup.c's page hash (four multiply-xor lanes over the words,
 * folded as a ^ b<<1 ^ c<<2 ^ d<<3, then | 1). Its lowest bit is dropped, so two pages whose lane
 * a ends one bit apart collide. If the kernel's hash changes, this check still passes for a
 * correct dedup; it only stops forcing a collision. */
#define HASH_MUL 0x100000001b3UL

static uint64 inverse_mod_2_64(uint64 odd) {
  uint64 x = odd; /* Newton's iteration doubles the correct low bits each step */
  for (int i = 0; i < 6; i++)
    x *= 2 - odd * x;
  return x;
}

/* Lane a of the kernel's hash over every fourth word, stopping before word `stop`. */
static uint64 lane_a(const uint64 *w, int stop) {
  uint64 a = 0x9e3779b97f4a7c15UL;
  for (int i = 0; i < stop; i += 4)
    a = (a ^ w[i]) * HASH_MUL;
  return a;
}

/* Makes twin a copy of page whose last lane-a word is chosen so the hashes collide. */
static void craft_collision(const uint64 *page, uint64 *twin) {
  memcpy(twin, page, PAGE);
  int last = WORDS - 4;
  uint64 before_last = lane_a(page, last);
  uint64 wanted = ((before_last ^ page[last]) * HASH_MUL) ^ 1;
  twin[last] = (wanted * inverse_mod_2_64(HASH_MUL)) ^ before_last;
}

static void part_collision(void) {
  settled_free();
  uint64 *pages = sbrk_pages(2);
  if (!pages) {
    fail("pages with colliding hashes are not merged", "sbrk failed");
    return;
  }
  fill_page(pages, 4);
  craft_collision(pages, pages + WORDS);
  uint64 *twin = pages + WORDS;
  int crafted =
      (lane_a(pages, WORDS) ^ lane_a(twin, WORDS)) == 1 && pages[WORDS - 4] != twin[WORDS - 4];
  uint64 twin_word = twin[WORDS - 4];
  int merged = dedup();
  check(merged == 0, "pages with colliding hashes are not merged",
        "dedup returned %d (collision crafted: %d)", merged, crafted);
  int intact = page_holds(pages, 4) && twin[WORDS - 4] == twin_word;
  for (int j = 0; j < WORDS && intact; j++)
    intact = j == WORDS - 4 || twin[j] == content_word(4, j);
  check(intact, "pages with colliding hashes keep their contents", "a page changed");
}

/* ---- two processes holding identical pages ---- */

/* Child of part_across: fills MERGE_PAGES pages with content 3, then on the parent's signals
 * writes its half with content 10 + half, then checks everything. */
static void across_child(int half, int ready_fd, int go_fd) {
  uint64 *pages = sbrk_pages(MERGE_PAGES);
  if (!pages)
    _exit(2);
  for (int i = 0; i < MERGE_PAGES; i++)
    fill_page(pages + i * WORDS, 3);
  char c;
  write(ready_fd, "r", 1);
  read(go_fd, &c, 1); /* merged by now */
  int first = half * MERGE_PAGES / 2;
  for (int i = first; i < first + MERGE_PAGES / 2; i++)
    fill_page(pages + i * WORDS, 10 + half);
  write(ready_fd, "w", 1);
  read(go_fd, &c, 1); /* the other child has written too */
  for (int i = 0; i < MERGE_PAGES; i++) {
    int mine = i >= first && i < first + MERGE_PAGES / 2;
    if (!page_holds(pages + i * WORDS, mine ? 10 + half : 3))
      _exit(mine ? 3 : 4);
  }
  _exit(0);
}

static int heap_shared_pages(int pid) {
  static struct memstat m;
  if (memstat(pid, &m) < 0 || m.nregions != MEMSTAT_REGIONS)
    return -1;
  return m.region[MEMSTAT_REGIONS - 1].shared;
}

/* Lets both children go on: each has its own pipe, so neither takes the other's signal. */
static void signal_both(int go[2][2]) {
  write(go[0][1], "g", 1);
  write(go[1][1], "g", 1);
}

static void part_across(void) {
  int ready[2], go[2][2], pids[2];
  pipe(ready);
  pipe(go[0]);
  pipe(go[1]);
  settled_free();
  for (int c = 0; c < 2; c++) {
    pids[c] = fork();
    if (pids[c] == 0)
      across_child(c, ready[1], go[c][0]);
  }
  char buf[2];
  read(ready[0], buf, 1);
  read(ready[0], buf + 1, 1);
  int before = getNumFreePages();
  int freed = dedup();
  int after = getNumFreePages();
  check(freed >= 2 * MERGE_PAGES - 1 && after - before == freed,
        "identical pages of two processes are merged",
        "dedup returned %d for 2 x %d pages; free %d -> %d", freed, MERGE_PAGES, before, after);
  int shared = heap_shared_pages(pids[0]);
  check(shared >= MERGE_PAGES, "memstat shows the merged pages as shared", "%d shared heap pages",
        shared);
  signal_both(go);
  read(ready[0], buf, 1);
  read(ready[0], buf + 1, 1);
  signal_both(go);
  int st[2] = {-1, -1}, pid, status;
  while ((pid = waitpid(-1, &status, 0)) > 0)
    for (int c = 0; c < 2; c++)
      if (pid == pids[c])
        st[c] = status;
  check(st[0] == 0 && st[1] == 0, "writes to merged pages stay private to the writer",
        "children exit %d and %d (3: own write lost, 4: saw the other's write)", st[0], st[1]);
}

/* ---- zero pages ---- */

static void part_zero_pages(void) {
  settled_free();
  uint64 *pages = sbrk_pages(ZERO_PAGES);
  if (!pages) {
    fail("all-zero pages are merged", "sbrk failed");
    return;
  }
  for (int i = 0; i < ZERO_PAGES; i++)
    pages[i * WORDS + 7] = 0;
  int freed = dedup();
  check(freed >= ZERO_PAGES - 1, "all-zero pages are merged", "dedup returned %d for %d pages",
        freed, ZERO_PAGES);
  int before = getNumFreePages();
  pages[5 * WORDS] = 77;
  int after = getNumFreePages();
  int zeros = 1;
  for (int i = 0; i < ZERO_PAGES * WORDS && zeros; i++)
    zeros = pages[i] == (i == 5 * WORDS ? 77 : 0);
  check(zeros && after == before - 1, "writing one merged zero page copies only that page",
        "contents %s; free %d -> %d", zeros ? "right" : "wrong", before, after);
}

/* ---- dedup while other harts keep writing ---- */

/* The content writer w uses in round r: four contents shared by all writers, so pages merge
 * within and across processes, yet two writers in the same round write different ones. */
static uint64 writer_content(int w, int r) {
  return 20 + (r + w) % 4;
}

static void writer_loop(int w, uint64 *pages, int until) {
  int r;
  for (r = 0; uptime() < until; r++) {
    uint64 k = writer_content(w, r);
    for (int i = 0; i < WRITER_PAGES; i++) {
      uint64 *page = pages + i * WORDS;
      fill_page(page, k);
      if (page[0] != content_word(k, 0) || page[WORDS - 1] != content_word(k, WORDS - 1))
        _exit(2);
    }
    for (int i = 0; i < WRITER_PAGES; i++)
      if (!page_holds(pages + i * WORDS, k)) {
        note("t_dedup: writer %d round %d: page %d lost its contents", w, r, i);
        _exit(3);
      }
  }
  _exit(r > 0 ? 0 : 4);
}

/* Forks short-lived children until `until`, each writing and checking the pages it shares
 * with this process, so dedup meets processes being created and destroyed. */
static void churner_loop(uint64 *pages, int until) {
  int forks = 0;
  while (uptime() < until) {
    int pid = fork();
    if (pid == 0) {
      for (int i = 0; i < 4; i++)
        fill_page(pages + i * WORDS, 30 + i);
      for (int i = 0; i < 4; i++)
        if (!page_holds(pages + i * WORDS, 30 + i))
          _exit(1);
      _exit(0);
    }
    int status = -1;
    if (pid < 0 || waitpid(-1, &status, 0) != pid || status != 0)
      _exit(5);
    forks++;
  }
  _exit(forks > 0 ? 0 : 4);
}

static void part_concurrent(void) {
  uint64 *mine = sbrk_pages(WRITER_PAGES);
  uint64 *theirs = sbrk_pages(WRITER_PAGES);
  if (!mine || !theirs) {
    fail("dedup while other processes write", "sbrk failed");
    return;
  }
  for (int i = 0; i < WRITER_PAGES; i++)
    fill_page(mine + i * WORDS, 20);
  int start = uptime() + 1, until = start + WRITE_TICKS;
  int pids[WRITERS + 1];
  for (int w = 0; w <= WRITERS; w++) {
    pids[w] = fork();
    if (pids[w] == 0) {
      while (uptime() < start)
        ;
      if (w == WRITERS)
        churner_loop(theirs, until);
      writer_loop(w, theirs, until);
    }
  }
  int calls = 0, errors = 0, intact = 1, freed = 0;
  while (uptime() < until) {
    int r = dedup();
    if (r < 0)
      errors++;
    else
      freed += r;
    calls++;
    for (int i = 0; i < WRITER_PAGES && intact; i++)
      intact = page_holds(mine + i * WORDS, 20);
  }
  int bad = 0, status;
  for (int w = 0; w <= WRITERS; w++)
    if (pids[w] < 0)
      bad++;
  while (waitpid(-1, &status, 0) > 0)
    if (status != 0)
      bad++;
  note("t_dedup: %d dedup calls freed %d frames while %d processes wrote and one forked", calls,
       freed, WRITERS);
  check(bad == 0, "writers and forkers on other harts keep their contents through dedup",
        "%d processes failed (exit 1/2/3: contents lost, 5: a forked child failed)", bad);
  check(errors == 0 && calls > 0 && intact, "dedup during the writes: no error, caller intact",
        "%d calls, %d errors, caller %s", calls, errors, intact ? "intact" : "corrupted");
}

/* ---- dedup with memory exhausted ---- */

/* Grows the break until sbrk fails, 64 KiB at a time, giving every page its own content;
 * returns the pages added. */
static int fill_all_memory(uint64 **start) {
  *start = sbrk_pages(0);
  int pages = 0;
  for (uint64 *p; (p = sbrk_pages(16)) != 0; pages += 16)
    for (int i = 0; i < 16; i++)
      fill_page(p + i * WORDS, 1000 + pages + i);
  return pages;
}

static void part_exhausted(void) {
  uint64 *start;
  int pages = fill_all_memory(&start);
  int free_then = getNumFreePages();
  int r = dedup();
  int intact = 1;
  for (int i = 0; i < pages && intact; i++)
    intact = page_holds(start + i * WORDS, 1000 + i);
  sbrk(-pages * (int)PAGE);
  note("t_dedup: memory exhausted: %d pages filled, %d frames free, dedup returned %d", pages,
       free_then, r);
  check(pages > 0 && (r == -1 || r >= 0) && intact,
        "dedup with memory exhausted fails cleanly or works; contents kept",
        "%d pages filled, %d frames free, dedup returned %d, contents %s", pages, free_then, r,
        intact ? "kept" : "changed");
}

/* ---- init never shares a frame, so it never needs one to keep running ---- */

/* Frames of init that another address space shares, or that are marked copy-on-write. */
static int init_shared_pages(void) {
  struct memstat m;
  if (memstat(1, &m) < 0)
    return -1;
  int n = 0;
  for (int i = 0; i < m.nregions; i++)
    n += m.region[i].shared + m.region[i].cow;
  return n;
}

static void test_init_never_shared(void) {
  int before = init_shared_pages();
  dedup();
  int after = init_shared_pages();
  check(before == 0 && after == 0, "init holds no shared or copy-on-write page, even after dedup",
        "%d such pages after boot, %d after dedup (a write of init could then need a frame, and "
        "out of memory init would die)",
        before, after);
}

/* ---- the suite ---- */

int main(void) {
  suite_begin("t_dedup");
  int free_before = settled_free();
  test_programs();
  run_part(part_near_identical);
  run_part(part_collision);
  run_part(part_across);
  run_part(part_zero_pages);
  run_part(part_concurrent);
  run_part(part_exhausted);
  test_init_never_shared();
  reap_all();
  int free_after = settled_free();
  check(free_after == free_before, "no frame leaked by the suite", "free pages %d before, %d after",
        free_before, free_after);
  suite_end();
}
