/* In-guest suite t_mem: sbrk, the guard page, faults on protected and unmapped addresses,
 * memory across fork, out-of-memory behaviour, and the page-counting calls (22-26). */
#include "check.h"

#define SELF "/t_mem"
#define MIB (1024 * 1024)

int main(int argc, char **argv);

/* ---- helpers ---- */

static char *sbrk_page_aligned(void) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  return sbrk(0);
}

static int all_bytes_are(const char *p, uintptr n, char value) {
  for (uintptr i = 0; i < n; i++)
    if (p[i] != value)
      return 0;
  return 1;
}

static void read_byte_at(uintptr addr) {
  volatile char *p = (volatile char *)opaque(addr);
  char c = *p;
  (void)c;
}

static void write_byte_at(uintptr addr) {
  volatile char *p = (volatile char *)opaque(addr);
  *p = 1;
}

static void jump_to(uintptr addr) {
  void (*fn)(void) = (void (*)(void))opaque(addr);
  fn();
}

static void expect_killed(const char *name, void (*fn)(uintptr), uintptr addr) {
  int status = status_of_child(fn, addr);
  check(status == -1, name, "address %lx: child status %d", addr, status);
}

static void expect_survives(const char *name, void (*fn)(uintptr), uintptr addr) {
  int status = status_of_child(fn, addr);
  check(status == 0, name, "address %lx: child status %d", addr, status);
}

/* ---- the initial layout ---- */

/* The highest address any loadable segment of our ELF file reaches. */
static uintptr image_end(void) {
  static char header[1024];
  int fd = open(SELF, O_RDONLY);
  int n = read(fd, header, sizeof(header));
  close(fd);
  uintptr end = 0;
  int wide = header[4] == 2; /* ELF64 on RISC-V, ELF32 on i386 */
  uint64 phoff = elf_field(header + (wide ? 32 : 28), wide ? 8 : 4);
  int phentsize = elf_field(header + (wide ? 54 : 42), 2);
  int phnum = elf_field(header + (wide ? 56 : 44), 2);
  for (int i = 0; i < phnum && phoff + (i + 1) * phentsize <= (uintptr)n; i++) {
    const char *ph = header + phoff + i * phentsize;
    uintptr top = elf_field(ph + (wide ? 16 : 8), wide ? 8 : 4) +
                  elf_field(ph + (wide ? 40 : 20), wide ? 8 : 4);
    if (elf_field(ph, 4) == 1 && top > end)
      end = top;
  }
  return end;
}

static void test_initial_layout(uintptr first_break, uintptr first_sp) {
  uintptr image_top = (image_end() + PAGE - 1) & ~(PAGE - 1);
  check(first_break == image_top + 2 * PAGE, "the break starts after a guard and a stack page",
        "break %lx, image ends %lx", first_break, image_top);
  check(first_sp < first_break && first_sp >= first_break - PAGE, "sp starts in the stack page",
        "sp %lx, break %lx", first_sp, first_break);
  check(getNumVirtPages() == (int)(first_break / PAGE), "getNumVirtPages of a new program",
        "%d pages", getNumVirtPages());
}

/* ---- sbrk ---- */

static void test_sbrk_grow_shrink(void) {
  char *base = sbrk_page_aligned();
  uintptr n = 10 * PAGE + 100;
  char *old = sbrk(n);
  check(old == base, "sbrk returns the old break", "%lx, expected %lx", (uintptr)old,
        (uintptr)base);
  check(sbrk(0) == base + n, "sbrk moves the break", "break %lx", (uintptr)sbrk(0));
  check(all_bytes_are(base, n, 0), "new memory reads zero", "it does not");
  memset(base, 0xab, n);
  check(all_bytes_are(base, n, (char)0xab), "new memory is writable", "readback differs");

  old = sbrk(-(int)n);
  check(old == base + n && sbrk(0) == base, "sbrk shrinks the break", "returned %lx, break now %lx",
        (uintptr)old, (uintptr)sbrk(0));
  sbrk(n);
  check(all_bytes_are(base, n, 0), "memory grown again after a shrink reads zero", "stale data");
  sbrk(-(int)n);

  char *one = sbrk(1);
  check(one == base && sbrk(0) == base + 1, "sbrk(1)", "returned %lx", (uintptr)one);
  one[0] = 7;
  sbrk(-1);
}

static void touch_freed_page(uintptr unused) {
  char *p = sbrk_page_aligned();
  sbrk(PAGE);
  p[0] = 1;
  sbrk(-(int)PAGE);
  read_byte_at((uintptr)p);
  _exit(7);
}

static void test_sbrk_faults(void) {
  expect_killed("reading memory given back by sbrk kills", touch_freed_page, 0);
  uintptr brk = (uintptr)sbrk_page_aligned();
  expect_killed("reading just above the break kills", read_byte_at, brk);
  expect_killed("writing just above the break kills", write_byte_at, brk + 8);
  expect_killed("reading far above the break kills", read_byte_at, brk + 64 * PAGE);
}

static void sbrk_too_much(uintptr unused) {
  char *before = sbrk(0);
  char *r = sbrk(0x40000000);
  check(r == (char *)-1, "sbrk of 1 GiB fails", "returned %lx", (uintptr)r);
  check(sbrk(0) == before, "a failed sbrk leaves the break alone", "break moved");
  char *p = sbrk(PAGE);
  p[0] = 1;
  check(p == before && p[0] == 1, "sbrk works after a failed sbrk", "it does not");
}

/* In a child, so the page tables a failed sbrk may keep do not skew later counts. */
static void test_sbrk_too_much(void) {
  int free_before = getNumFreePages();
  int status = status_of_child(sbrk_too_much, 0);
  int free_after = getNumFreePages();
  check(status == 0, "a failed sbrk does not kill", "child status %d", status);
  check(free_after >= free_before - 4, "a failed sbrk leaks nothing",
        "free pages %d before, %d after the child exited", free_before, free_after);
}

/* ---- the stack and its guard page ---- */

static void read_below_stack(uintptr unused) {
  read_byte_at(read_sp() - 4096);
  _exit(7);
}

static void write_guard_page(uintptr unused) {
  uintptr stack_page = read_sp() & ~(PAGE - 1);
  write_byte_at(stack_page - 100);
  _exit(7);
}

static int recurse(int depth) {
  volatile char frame[256];
  frame[0] = depth;
  if (depth == 0)
    return frame[0];
  return recurse(depth - 1) + frame[0];
}

static void overflow_stack(uintptr unused) {
  recurse(100);
  _exit(7);
}

static void use_stack_page(uintptr unused) {
  uintptr stack_page = read_sp() & ~(PAGE - 1);
  read_byte_at(stack_page);
  write_byte_at(stack_page + 16);
}

static void test_guard_page(void) {
  expect_killed("reading sp-4096 (the guard page) kills", read_below_stack, 0);
  expect_killed("writing the guard page kills", write_guard_page, 0);
  expect_killed("overflowing the stack kills", overflow_stack, 0);
  expect_survives("the whole stack page is usable", use_stack_page, 0);
  uintptr stack_page = read_sp() & ~(PAGE - 1);
  int virt = getNumVirtPages();
  check(virt * PAGE >= stack_page + PAGE, "the stack page lies below the break",
        "stack page %lx, %d pages", stack_page, virt);
}

/* ---- text and kernel addresses ---- */

static void test_protected_addresses(void) {
  uintptr text = (uintptr)main;
  expect_survives("reading address 0 works", read_byte_at, 0);
  expect_survives("reading text works", read_byte_at, text);
  int writable = elf_segment_writable(SELF, text);
  if (writable == 0)
    expect_killed("writing read-only text kills", write_byte_at, text);
  else
    note("t_mem: text segment writable=%d; write-to-text check skipped", writable);
  expect_killed("reading 0x80000000 kills", read_byte_at, 0x80000000UL);
  expect_killed("writing 0x80000000 kills", write_byte_at, 0x80000000UL);
  expect_killed("reading the top user page kills", read_byte_at, MAXVA - PAGE);
  expect_killed("reading the second-to-top user page kills", read_byte_at, MAXVA - 2 * PAGE);
  expect_killed("writing the second-to-top user page kills", write_byte_at, MAXVA - 2 * PAGE);
  expect_killed("reading the kernel image kills", read_byte_at, KERNEL_TEXT);
  expect_killed("writing the kernel's data kills", write_byte_at, KERNEL_DATA);
  expect_killed("reading the direct map of RAM kills", read_byte_at, DIRECT_MAP_RAM);
  expect_killed("writing the direct map of RAM kills", write_byte_at, DIRECT_MAP_RAM);
  expect_killed("jumping into the kernel image kills", jump_to, KERNEL_TEXT);
  expect_killed("reading MAXVA kills", read_byte_at, MAXVA);
  expect_killed("reading all ones kills", read_byte_at, (uintptr)-1);
  expect_killed("reading a wild address kills", read_byte_at,
                (uintptr)0xeaeb0b5b00002f5eULL | MAXVA);
  expect_killed("jumping to 0x80000000 kills", jump_to, 0x80000000UL);
  expect_killed("jumping to the top user page kills", jump_to, MAXVA - PAGE);
  uintptr guard = (read_sp() & ~(PAGE - 1)) - PAGE;
  expect_killed("jumping to the guard page kills", jump_to, guard);
}

/* ---- memory across fork ---- */

static void test_fork_memory(void) {
  uintptr n = 64 * PAGE;
  char *p = sbrk(n);
  for (uintptr i = 0; i < n; i++)
    p[i] = i % 251;
  char *brk = sbrk(0);
  int fds[2];
  pipe(fds);
  int child = fork();
  if (child == 0) {
    int ok = 1;
    for (uintptr i = 0; i < n; i++)
      if (p[i] != (char)(i % 251))
        ok = 0;
    memset(p, 0x11, n);
    sbrk(10 * PAGE);
    write(fds[1], &ok, sizeof(ok));
    _exit(0);
  }
  int child_ok = 0;
  read(fds[0], &child_ok, sizeof(child_ok));
  waitpid(-1, 0, 0);
  close(fds[0]);
  close(fds[1]);
  int ok = 1;
  for (uintptr i = 0; i < n; i++)
    if (p[i] != (char)(i % 251))
      ok = 0;
  check(child_ok, "a child sees its parent's memory", "contents differ in the child");
  check(ok, "a child's writes do not reach its parent", "parent memory changed");
  check(sbrk(0) == brk, "a child's sbrk does not move its parent's break", "it did");
  sbrk(-(int)n);
}

/* ---- page-counting calls ---- */

static void test_page_counts(void) {
  char *base = sbrk_page_aligned();
  int virt = getNumVirtPages();
  check(virt == (int)((uintptr)base / PAGE), "getNumVirtPages counts up to the break",
        "%d pages, break %lx", virt, (uintptr)base);
  int phys = getNumPhysPages();
  check(phys > 0 && phys <= virt, "getNumPhysPages is at most getNumVirtPages", "%d of %d", phys,
        virt);
  int pt = getNumPTPages();
  check(pt >= 3, "getNumPTPages counts the tables", "%d", pt);

  int free0 = getNumFreePages();
  sbrk(10 * PAGE);
  memset(base, 1, 10 * PAGE);
  int virt1 = getNumVirtPages(), phys1 = getNumPhysPages(), free1 = getNumFreePages();
  check(virt1 == virt + 10, "getNumVirtPages follows sbrk", "%d then %d", virt, virt1);
  check(phys1 == phys + 10, "getNumPhysPages follows touched pages", "%d then %d", phys, phys1);
  check(free1 <= free0 - 10, "getNumFreePages drops as memory is used", "%d then %d", free0, free1);
  sbrk(-10 * (int)PAGE);
  int free2 = getNumFreePages();
  check(free2 >= free0 - 1 && getNumPhysPages() == phys, "sbrk down returns pages",
        "free %d then %d", free0, free2);

  /* a leaf table's span and a page more needs another leaf table */
  sbrk(LEAF_TABLE_SPAN + PAGE);
  memset(base, 2, LEAF_TABLE_SPAN + PAGE);
  int pt1 = getNumPTPages();
  check(pt1 > pt, "getNumPTPages grows with the address space", "%d then %d", pt, pt1);
  sbrk(-(int)(LEAF_TABLE_SPAN + PAGE));
}

static void test_dedup(void) {
  char *base = sbrk_page_aligned();
  sbrk(4 * PAGE);
  for (int page = 0; page < 4; page++)
    for (uintptr i = 0; i < PAGE; i++)
      base[page * PAGE + i] = (char)(i * 7 + 3);
  int free0 = getNumFreePages();
  int merged = dedup();
  int free1 = getNumFreePages();
  check(merged >= 3, "dedup merges identical pages", "returned %d", merged);
  check(free1 >= free0 + 3, "dedup frees frames", "free %d then %d", free0, free1);
  int same = 1;
  for (uintptr i = 0; i < 4 * PAGE; i++)
    if (base[i] != (char)((i % PAGE) * 7 + 3))
      same = 0;
  check(same, "merged pages keep their contents", "contents changed");
  base[PAGE + 5] = 0x55;
  int isolated = base[5] == (char)(5 * 7 + 3) && base[2 * PAGE + 5] == (char)(5 * 7 + 3) &&
                 base[PAGE + 5] == 0x55;
  check(isolated, "a write to a merged page is private", "other copies changed");
  sbrk(-4 * (int)PAGE);
}

/* ---- out of memory ---- */

/* In a grandchild: its parent's own first stores after fork (the stack page they share) each
 * need a frame; taking the last frames before those are made would kill the parent instead. */
static void write_every_page(uintptr arg) {
  char *p = (char *)arg;
  wait_for_parent_to_sleep();
  char *end = sbrk(0);
  for (; p < end; p += PAGE)
    *p = 9;
}

/* Runs in a child: takes all memory, checks fork and exec fail cleanly, then lets a
 * grandchild run out copying its pages. */
static void exhaust_memory(uintptr unused) {
  *(volatile int *)&check_failures = check_failures; /* own the data page before memory runs out */
  wait_for_parent_to_sleep(); /* and leave the frames the parent's first stores after fork need */
  char *base = sbrk_page_aligned();
  uintptr got = 0;
  while (sbrk(MIB) != (char *)-1)
    got += MIB;
  while (sbrk(PAGE) != (char *)-1)
    got += PAGE;
  for (uintptr off = 0; off < got; off += PAGE)
    base[off] = 1;
  note("t_mem: sbrk reached %lu KiB; %d pages free", got / 1024, getNumFreePages());
  check(got >= 100 * MIB, "at least 100 MiB for user programs", "sbrk gave %lu MiB", got / MIB);
  int pid = fork();
  if (pid == 0)
    _exit(0);
  if (pid > 0)
    waitpid(-1, 0, 0);
  check(pid == -1, "fork fails when memory is exhausted", "fork returned %d", pid);
  char *argv[] = {SELF, "oom-exec", 0};
  int r = exec(SELF, argv);
  check(r == -1, "exec fails when memory is exhausted", "exec returned %d", r);
  sbrk(-(int)(2 * MIB));
  got -= 2 * MIB;
  int status = status_of_child(write_every_page, (uintptr)base);
  check(status == -1 || status == -1000, "out of memory in a child kills it or fails fork",
        "status %d", status);
  sbrk(-(int)got);
}

static void test_out_of_memory(void) {
  int free0 = getNumFreePages();
  int status = status_of_child(exhaust_memory, 0);
  check(status == 0, "running out of memory does not kill the parent", "status %d", status);
  int free1 = getNumFreePages();
  check(free1 >= free0 - 4, "memory comes back after out-of-memory",
        "free pages %d before, %d after", free0, free1);
  int child = fork();
  if (child == 0)
    _exit(0);
  check(child > 0 && waitpid(-1, 0, 0) == child, "fork works after out-of-memory", "fork %d",
        child);
}

int main(int argc, char **argv) {
  uintptr first_break = (uintptr)sbrk(0);
  uintptr first_sp = read_sp();
  if (argc >= 2 && strcmp(argv[1], "oom-exec") == 0)
    _exit(55); /* exec should have failed for lack of memory */
  suite_begin("t_mem");
  test_initial_layout(first_break, first_sp);
  test_page_counts();
  test_sbrk_grow_shrink();
  test_sbrk_faults();
  test_sbrk_too_much();
  test_guard_page();
  test_protected_addresses();
  test_fork_memory();
  test_dedup();
  test_out_of_memory();
  suite_end();
}
