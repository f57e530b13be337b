/* An x86 xv6 lab program for the i386 compatibility test: built with gcc -m32 and linked
 * -N -e main -Ttext 0 (one RWX segment at 0, entered at main, no crt0), with its own INT 64
 * stubs and no moo library. It checks the x86 calling conventions (exit and wait without
 * arguments, the 20-byte struct stat) and the memory-statistics lab's cases, and reports in
 * the tests/run.py PASS/FAIL/DONE protocol. */

struct stat {
  short type;
  int dev;
  unsigned int ino;
  short nlink;
  unsigned int size;
};

int fork(void);
int exit(void) __attribute__((noreturn));
int wait(void);
int pipe(int *);
int read(int, void *, int);
int fstat(int, struct stat *);
int getpid(void);
char *sbrk(int);
int uptime(void);
int sleep(int);
int open(const char *, int);
int write(int, const void *, int);
int unlink(const char *);
int close(int);
int getNumFreePages(void);
int getNumVirtPages(void);
int getNumPhysPages(void);
int getNumPTPages(void);

#define O_RDONLY 0x000
#define O_RDWR 0x002
#define O_CREATE 0x200
#define PGSIZE 4096

static int counter = 5;  /* lives in the one writable segment, with the code */
static int child_global; /* written by forked children: a copy-on-write page */

static int same(const char *a, const char *b) {
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

/* Output is gathered into one line and written with one write, so the lines of
 * children running at the same time on other CPUs do not interleave. */
static char line[160];
static int line_len;

static void say(const char *s) {
  for (int i = 0; s[i] && line_len < (int)sizeof(line); i++)
    line[line_len++] = s[i];
  if (line_len > 0 && line[line_len - 1] == '\n') {
    write(1, line, line_len);
    line_len = 0;
  }
}

static void say_number(int v) {
  char digits[12];
  int n = 0;
  unsigned u = v < 0 ? -v : v;
  do
    digits[n++] = '0' + u % 10;
  while ((u /= 10) != 0);
  if (v < 0)
    say("-");
  char one[2] = {0, 0};
  while (n > 0) {
    one[0] = digits[--n];
    say(one);
  }
}

static void report(int ok, const char *check) {
  say(ok ? "PASS xv6compat: " : "FAIL xv6compat: ");
  say(check);
  say(ok ? "\n" : ": failed\n");
}

static void report_numbers(int ok, const char *check, int a, int b) {
  say(ok ? "PASS xv6compat: " : "FAIL xv6compat: ");
  say(check);
  if (!ok) {
    say(": ");
    say_number(a);
    say(" then ");
    say_number(b);
  }
  say("\n");
}

/* fork and wait() without arguments: wait returns the child's pid and writes nothing. */
static void test_fork_wait(void) {
  int guard[4] = {11, 22, 33, 44};
  int pid = fork();
  if (pid == 0)
    exit();
  int got = wait();
  report(pid > 0 && got == pid, "fork, exit() and wait() without arguments");
  report(guard[0] == 11 && guard[1] == 22 && guard[2] == 33 && guard[3] == 44,
         "wait() writes nothing to the caller's stack");
  report(wait() == -1, "wait() with no children returns -1");
}

static void test_pipe(void) {
  int fds[2];
  char buf[16];
  if (pipe(fds) < 0) {
    report(0, "pipe");
    return;
  }
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    write(fds[1], "through a pipe", 15);
    exit();
  }
  close(fds[1]);
  int n = read(fds[0], buf, sizeof(buf));
  close(fds[0]);
  wait();
  report(n == 15 && same(buf, "through a pipe"), "a pipe carries bytes from child to parent");
}

static void test_file(void) {
  int fd = open("xv6compat.tmp", O_CREATE | O_RDWR);
  int w = write(fd, "twelve bytes", 12);
  close(fd);
  struct stat st[2];
  st[1].type = 0x5a5a; /* a sentinel right after the first struct */
  fd = open("xv6compat.tmp", O_RDONLY);
  int r = fstat(fd, &st[0]);
  char buf[16];
  int n = read(fd, buf, sizeof(buf));
  close(fd);
  report(w == 12 && n == 12 && buf[0] == 't' && buf[11] == 's', "a file written and read back");
  report(r == 0 && st[0].type == 2 && st[0].size == 12 && st[0].nlink == 1 && st[0].dev == 1,
         "fstat fills the x86 struct stat");
  report(st[1].type == 0x5a5a, "fstat writes exactly 20 bytes");
  report(unlink("xv6compat.tmp") == 0 && open("xv6compat.tmp", O_RDONLY) < 0, "unlink");
}

/* The lab's first case: sbrk(4096) moves the virtual, physical and free counts by one. */
static void test_sbrk_counts(void) {
  int sz = (int)sbrk(0);
  int virt = getNumVirtPages(), phys = getNumPhysPages(), free = getNumFreePages();
  report_numbers(virt == sz / PGSIZE, "getNumVirtPages is the size in pages", virt, sz / PGSIZE);
  report_numbers(phys == virt, "every page of [0, sz) is present", phys, virt);
  report_numbers(getNumPTPages() == 66, "a small program reaches 66 page-table pages",
                 getNumPTPages(), 66);
  char *p = sbrk(PGSIZE);
  int virt1 = getNumVirtPages(), phys1 = getNumPhysPages(), free1 = getNumFreePages();
  report(p == (char *)sz, "sbrk returns the old size");
  report_numbers(virt1 == virt + 1, "sbrk(4096): one more virtual page", virt, virt1);
  report_numbers(phys1 == phys + 1, "sbrk(4096): one more physical page", phys, phys1);
  report_numbers(free1 == free - 1, "sbrk(4096): one fewer free page", free, free1);
  report_numbers(getNumPTPages() == 66, "sbrk(4096) needs no new page table", getNumPTPages(), 66);
  report(p[0] == 0 && p[PGSIZE - 1] == 0, "the new page reads as zero");
}

/* A forked child's first write to a global copies that page: its free count drops. */
static void child_writes_global(int i) {
  sleep(10 * i); /* one at a time, as the lab staggers them: a sibling's exit frees pages */
  int before = getNumFreePages();
  child_global++;
  int after = getNumFreePages();
  report_numbers(after < before, "a child writing a global sees the free count drop", before,
                 after);
  exit();
}

/* After the parent reaps n such children, its free count is exactly what it was. */
static void test_cow_children(int n, const char *check) {
  int before = getNumFreePages();
  for (int i = 0; i < n; i++)
    if (fork() == 0)
      child_writes_global(i);
  int reaped = 0;
  while (wait() > 0)
    reaped++;
  int after = getNumFreePages();
  report_numbers(reaped == n && after == before, check, before, after);
}

/* A system call made with ESP pointing at esp (the way usertests probes the kernel): the
 * stack pointer is parked in EBX, which the kernel must preserve. */
static int call_with_esp(int num, unsigned esp) {
  int result;
  asm volatile("movl %%esp, %%ebx\n"
               "movl %2, %%esp\n"
               "int $64\n"
               "movl %%ebx, %%esp\n"
               : "=a"(result)
               : "a"(num), "r"(esp)
               : "ebx", "memory");
  return result;
}

/* Arguments come from the user stack, checked against the process size: a bad ESP
 * makes the call fail, never the kernel. */
static void test_argument_fetch(void) {
  unsigned sz = (unsigned)sbrk(0);
  int bad = 0;
  for (unsigned p = 0; p < 1100 * 1024; p += 4096) {
    if (p + 8 <= sz)
      continue; /* inside the process: sleep would read a real (maybe huge) count */
    if (call_with_esp(13, p) != -1) /* sleep(n), n read from [p + 4] */
      bad++;
  }
  if (call_with_esp(13, 0xFFFFFFF0) != -1 || call_with_esp(13, 0x80000000) != -1)
    bad++;
  report(bad == 0, "a system call with ESP outside the process fails");
  sbrk(6); /* the size is now mid-page: the bytes above it are mapped but not the process's */
  sz += 6;
  report(call_with_esp(13, sz - 6) == -1, "an argument word crossing the process size fails");
  *(int *)(sz - 8) = 0; /* sleep(0): the word below sz is the argument */
  report(call_with_esp(13, sz - 12) == 0, "an argument word just below the size is read");
}

/* Runs fn in a child; true when the child was killed (it reports nothing itself). */
static int child_is_killed(void (*fn)(void)) {
  int fds[2];
  pipe(fds);
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    fn();
    write(fds[1], "survived", 8); /* only reached when fn did not fault */
    exit();
  }
  close(fds[1]);
  char c;
  int n = read(fds[0], &c, 1);
  close(fds[0]);
  return wait() == pid && n == 0;
}

static void read_kernel(void) {
  (void)*(volatile char *)0x80000000;
}
static void read_cmos(void) {
  asm volatile("movb $0, %%al; outb %%al, $0x70; inb $0x71, %%al" ::: "eax");
}
static void breakpoint(void) {
  asm volatile("int $3");
}
static void disable_interrupts(void) {
  asm volatile("cli");
}
static void fake_timer_interrupt(void) {
  asm volatile("int $32");
} /* the tick's vector */

static void test_privilege(void) {
  report(child_is_killed(read_kernel), "a user read of KERNBASE kills");
  report(child_is_killed(read_cmos), "user IN/OUT kill");
  report(child_is_killed(breakpoint), "INT 3 from user mode kills");
  report(child_is_killed(disable_interrupts), "CLI from user mode kills");
  report(child_is_killed(fake_timer_interrupt),
         "INT 32 (an interrupt's vector) from user mode kills");
}

int main(int argc, char **argv) {
  say("hello from an x86 xv6 binary\n");
  report(argc == 3 && same(argv[1], "compat") && same(argv[2], "args") && argv[3] == 0,
         "argc and argv");
  /* exec's frame, as x86 xv6 builds it: main entered as if called, with a return address
   * that faults, argv right above argc and argv, the strings above it, argv[0] highest */
  report(__builtin_return_address(0) == (void *)0xFFFFFFFF, "main returns to 0xFFFFFFFF");
  report((unsigned)argv == (unsigned)&argv + 4 && argv[0] > argv[1] && argv[1] > argv[2] &&
             (unsigned)argv[2] > (unsigned)&argv[3],
         "argv table above the arguments, strings above it, argv[0] highest");
  counter++;
  report(counter == 6, "globals in the RWX segment are writable");
  volatile char *code = (volatile char *)main;
  char first = code[0];
  code[0] = first;
  report(code[0] == first, "text in the RWX segment is writable");
  report(getpid() > 0 && uptime() >= 0, "getpid and uptime");
  test_sbrk_counts();
  test_argument_fetch();
  test_privilege();
  test_fork_wait();
  test_pipe();
  test_file();
  test_cow_children(1, "after reaping one child the free count is back");
  test_cow_children(5, "after reaping five children the free count is back");
  say("DONE xv6compat\n");
  exit();
}
