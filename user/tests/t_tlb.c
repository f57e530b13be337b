/* In-guest suite t_tlb: translations a hart has cached must go when the kernel changes the entry
 * under them (fork, a kernel-made copy-on-write break, dedup), over many rounds (docs/fork.md). */
#include "check.h"

#define ROUNDS 200

static char read_byte(const char *p) {
  return *(volatile const char *)p;
}

/* A child that holds the page shared until told to go, then exits 0 when it still reads want
 * there (its copy must not see the parent's changes). */
static int sharer(const char *page, char want, int *go_fd) {
  int go[2];
  if (pipe(go) < 0)
    return -1;
  int pid = fork();
  if (pid == 0) {
    close(go[1]);
    char c;
    read(go[0], &c, 1);
    _exit(read_byte(page) == want ? 0 : 1);
  }
  close(go[0]);
  *go_fd = go[1];
  return pid;
}

/* Lets the sharer go and returns its status. */
static int release(int pid, int go_fd) {
  write(go_fd, "g", 1);
  close(go_fd);
  int status = -1;
  if (pid > 0)
    waitpid(pid, &status, 0);
  return status;
}

/* ---- the kernel breaks copy-on-write in a page this hart has just read ---- */

/* One round: the page is shared with a live child; a store to another page of the same leaf
 * table has made that table private, so the kernel's break below copies only the page. The
 * read caches a read-only translation of the shared frame; read() then copies the page and
 * stores the pipe's byte in the copy. The next read must see it, not the old frame. */
static int pipe_round(char *pages, int round, int *child_status) {
  char old = (char)('a' + round % 20), new = (char)('A' + round % 20);
  pages[0] = old;
  int fds[2], go;
  if (pipe(fds) < 0)
    return 0;
  write(fds[1], &new, 1);
  int pid = sharer(pages, old, &go);
  pages[PAGE] = 1; /* the neighbour page: its table becomes this process's own */
  char before = read_byte(pages);
  int n = read(fds[0], pages, 1);
  char after = read_byte(pages);
  close(fds[0]);
  close(fds[1]);
  *child_status = release(pid, go);
  return pid > 0 && n == 1 && before == old && after == new;
}

static void part_pipe_into_read_page(void) {
  char *pages = grow_pages(2);
  int stale = 0, bad_child = 0, status = 0;
  for (int round = 0; round < ROUNDS && pages; round++) {
    if (!pipe_round(pages, round, &status))
      stale++;
    if (status != 0)
      bad_child++;
  }
  check(pages && stale == 0, "a read() into a copy-on-write page just read is seen at once",
        "%d of %d rounds read the old byte after read() returned", stale, ROUNDS);
  check(pages && bad_child == 0, "the sharer of that page keeps its byte",
        "%d of %d children saw the parent's byte", bad_child, ROUNDS);
}

/* ---- fork turns the parent's writable entries read-only ---- */

/* One round: the store before fork caches a writable translation; the store after fork must
 * fault and copy, not reach the frame the child still shares. */
static int fork_round(char *page, int round) {
  char old = (char)('a' + round % 20);
  page[0] = old;
  int go;
  int pid = sharer(page, old, &go);
  page[0] = (char)('A' + round % 20);
  return release(pid, go) == 0 && read_byte(page) == (char)('A' + round % 20);
}

static void part_store_after_fork(void) {
  char *page = grow_pages(1);
  int leaked = 0;
  for (int round = 0; round < ROUNDS && page; round++)
    if (!fork_round(page, round))
      leaked++;
  check(page && leaked == 0, "a parent's store just after fork stays out of its child's page",
        "%d of %d rounds: the child saw the store (or fork failed)", leaked, ROUNDS);
}

/* ---- dedup frees a frame another hart is reading through ---- */

#define DUPLICATES 16 /* pages equal to the reader's first, freed by each merge */
#define DEDUP_ROUNDS 40
#define RECYCLE_PAGES 512

static uintptr reader_word(uintptr tag, uintptr off) {
  return (tag << 16) ^ off ^ 0x7eadbeef;
}

/* The reader: 1 + DUPLICATES equal pages of its own, read over and over on its hart until it
 * is killed, while dedup merges them (the first survives). It exits 1 when it reads anything
 * else: a translation of a freed frame that some other process has been given since. */
static void reader(uintptr tag, int ready_fd) {
  char *pages = grow_pages(1 + DUPLICATES);
  if (!pages)
    _exit(2);
  for (int i = 0; i <= DUPLICATES; i++)
    for (uintptr off = 0; off < PAGE; off += sizeof(uintptr))
      *(uintptr *)(pages + i * PAGE + off) = reader_word(tag, off);
  write(ready_fd, "r", 1);
  for (int until = uptime() + 100; uptime() < until;) /* killed long before */
    for (int i = 1; i <= DUPLICATES; i++)
      for (uintptr off = 0; off < PAGE; off += 512)
        if (*(volatile uintptr *)(pages + i * PAGE + off) != reader_word(tag, off))
          _exit(1);
  _exit(0);
}

/* One round: a reader starts on another hart, dedup merges its pages, and this process at
 * once takes fresh (zeroed) frames, which are the ones dedup has just freed; a tick later the
 * reader is killed. */
static int dedup_round(int round) {
  int ready[2];
  if (pipe(ready) < 0)
    return 0;
  int pid = fork();
  if (pid == 0)
    reader(getpid() + round, ready[1]);
  char c;
  int ok = pid > 0 && read(ready[0], &c, 1) == 1;
  dedup();
  char *fresh = grow_pages(RECYCLE_PAGES);
  sleep(1);
  int status = 0;
  if (pid > 0) {
    kill(pid);
    waitpid(pid, &status, 0);
  }
  if (fresh)
    sbrk(-(int)(RECYCLE_PAGES * PAGE));
  close(ready[0]);
  close(ready[1]);
  return ok && status == -1; /* killed while still reading what it wrote */
}

static void part_dedup_frees_read_frame(void) {
  int bad = 0;
  for (int round = 0; round < DEDUP_ROUNDS; round++)
    if (!dedup_round(round))
      bad++;
  check(bad == 0, "a reader on another hart never sees a frame dedup freed",
        "%d of %d rounds: the reader read other data (or fork failed)", bad, DEDUP_ROUNDS);
}

int main(void) {
  suite_begin("t_tlb");
  run_part(part_pipe_into_read_page);
  run_part(part_store_after_fork);
  run_part(part_dedup_frees_read_frame);
  suite_end();
}
