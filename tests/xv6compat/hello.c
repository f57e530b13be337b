/* An old-style xv6 lab program for the compatibility test: its own system-call stubs, no moo
 * library, one RWX segment at address 0. Reports in the tests/run.py PASS/FAIL/DONE protocol. */

int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int *);
int write(int, const void *, int);
int getpid(void);
char *sbrk(int);
int uptime(void);

static int counter = 5; /* lives in the same writable segment as the code */

static int length(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}

static int same(const char *a, const char *b) {
  while (*a && *a == *b)
    a++, b++;
  return *a == *b;
}

static void say(const char *s) {
  write(1, s, length(s));
}

static void report(int ok, const char *check) {
  say(ok ? "PASS xv6compat: " : "FAIL xv6compat: ");
  say(check);
  say(ok ? "\n" : ": failed\n");
}

static int heap_is_zero_and_usable(void) {
  char *p = sbrk(8192);
  if (p == (char *)-1)
    return 0;
  for (int i = 0; i < 8192; i += 97) {
    if (p[i] != 0)
      return 0;
    p[i] = (char)i;
  }
  return p[97] == (char)97;
}

static int child_status(void) {
  int pid = fork();
  if (pid == 0)
    exit(7);
  int status = -1;
  return wait(&status) == pid ? status : -100;
}

int main(int argc, char **argv) {
  say("hello from an xv6 binary\n");
  report(argc == 3 && same(argv[1], "compat") && same(argv[2], "args") && argv[3] == 0,
         "argc and argv");
  counter++;
  report(counter == 6, "globals in the RWX segment are writable");
  volatile char *code = (volatile char *)main;
  char first = code[0];
  code[0] = first; /* the old layout maps text writable too */
  report(code[0] == first, "text in the RWX segment is writable");
  report(getpid() > 0 && uptime() >= 0, "getpid and uptime");
  report(heap_is_zero_and_usable(), "sbrk gives zeroed memory");
  report(child_status() == 7, "fork, exit and wait");
  say("DONE xv6compat\n");
  exit(0);
}
