/* In-guest suite t_proc: process life cycle, exit status through wait, kill, orphans,
 * the process limit, exec with arguments, getpid, sleep and uptime. */
#include "check.h"

#define SELF "/t_proc"
#define MIN_FORKS 60 /* 64 processes minus init, sh, this suite and one spare */
#define FORK_CEILING 1000

static char scratch[8192];

/* ---- exit status and wait ---- */

static void test_exit_status(void) {
  static const int codes[] = {0, 1, 42, 255, -7};
  int pids[5];
  int n = sizeof(codes) / sizeof(codes[0]);
  for (int i = 0; i < n; i++) {
    pids[i] = fork();
    if (pids[i] == 0)
      _exit(codes[i]);
  }
  int bad = 0, forked = 0;
  for (int i = 0; i < n; i++)
    forked += pids[i] > 0;
  if (forked < n) { /* fault injection: a -1 in pids must not match wait's -1 below */
    fail("exit status reaches wait", "%d of %d forks failed", n - forked, n);
    bad = 1;
  }
  for (int reaped = 0; reaped < forked; reaped++) {
    int status = 12345;
    int pid = waitpid(-1, &status, 0);
    int i = pid > 0 ? 0 : n;
    while (i < n && pids[i] != pid)
      i++;
    if (i == n) {
      fail("exit status reaches wait", "wait returned %d, not one of the children", pid);
      bad = 1;
      break;
    }
    if (status != codes[i]) {
      fail("exit status reaches wait", "child exited %d, wait saw %d", codes[i], status);
      bad = 1;
    }
    pids[i] = -99;
  }
  if (!bad)
    pass("exit status reaches wait");
  int pid = waitpid(-1, 0, 0);
  check(pid == -1, "wait with no children returns -1", "got %d", pid);
}

static void test_wait_null_status(void) {
  int child = fork();
  if (child == 0)
    _exit(3);
  int pid = waitpid(-1, 0, 0);
  check(pid == child, "wait(0) reaps the child", "expected %d, got %d", child, pid);
}

/* The exited child is forked first: it is not the newest on the parent's list of
 * children, and its sibling lives on (until the pipe closes, which the parent's death
 * does too), so only a wait that looks at every child finds it. */
static void test_wait_finds_zombie_among_live(void) {
  int fds[2];
  if (pipe(fds) < 0) {
    fail("wait reaps the exited child while its sibling lives", "pipe failed");
    return;
  }
  int quick = fork();
  if (quick == 0)
    _exit(7);
  if (quick < 0) { /* with only the blocked sibling, the wait below would never return */
    fail("wait reaps the exited child while its sibling lives", "fork failed");
    close(fds[0]);
    close(fds[1]);
    return;
  }
  int blocked = fork();
  if (blocked == 0) {
    char c;
    close(fds[1]);
    read(fds[0], &c, 1);
    _exit(0);
  }
  close(fds[0]);
  int status = 0, t0 = uptime();
  int pid = waitpid(-1, &status, 0);
  int waited = uptime() - t0;
  check(pid == quick && status == 7, "wait reaps the exited child while its sibling lives",
        "got pid %d (exited %d) status %d after %d ticks", pid, quick, status, waited);
  close(fds[1]);
  waitpid(blocked, 0, 0);
}

static int live_procs(void) {
  struct kstat k;
  return kstat(&k) < 0 ? -1 : k.live_procs;
}

/* A child leaves a grandchild that is already a zombie: init inherits it dead, and must
 * be woken to reap it, since no later exit of it will. */
static void test_orphaned_zombie_reaped(void) {
  int before = live_procs();
  int child = fork();
  if (child == 0) {
    if (fork() == 0)
      _exit(0);
    sleep(5); /* the grandchild is a zombie by now */
    _exit(0);
  }
  waitpid(child, 0, 0);
  int now = live_procs(), t0 = uptime();
  while (now > before && uptime() - t0 < 100) {
    sleep(1);
    now = live_procs();
  }
  check(now == before, "init reaps a zombie it inherits", "%d processes before, %d after %d ticks",
        before, now, uptime() - t0);
}

/* An exiting process lets go of its working directory: the directory it was in, removed
 * afterwards, leaves no in-memory inode behind. */
static void test_exit_releases_cwd(void) {
  struct kstat before, after;
  kstat(&before);
  mkdir("t_proc_cwd");
  int child = fork();
  if (child == 0)
    _exit(chdir("t_proc_cwd") == 0 ? 0 : 1);
  int status = -1;
  waitpid(child, &status, 0);
  unlink("t_proc_cwd");
  kstat(&after);
  check(status == 0 && after.inodes == before.inodes, "exit lets go of the working directory",
        "status %d, in-memory inodes %d before, %d after", status, before.inodes, after.inodes);
}

static void test_getpid(void) {
  int me = getpid();
  int fds[2];
  if (pipe(fds) < 0) {
    fail("getpid", "pipe failed");
    return;
  }
  int child = fork();
  if (child == 0) {
    int his = getpid();
    write(fds[1], &his, sizeof(his));
    _exit(0);
  }
  close(fds[1]); /* so the read ends if the child never writes */
  int seen = -1;
  if (child > 0) {
    read(fds[0], &seen, sizeof(seen));
    waitpid(-1, 0, 0);
  }
  close(fds[0]);
  check(me > 0 && seen == child && seen != me && getpid() == me, "getpid",
        "parent %d, fork returned %d, child saw %d", me, child, seen);
}

/* ---- kill ---- */

static int wait_status(int pid) {
  int status = 12345;
  int got = waitpid(-1, &status, 0);
  return got == pid ? status : -1000 - got;
}

/* How long a child that expects to be killed lives at most: 2 s, so that one whose parent
 * died first (fault injection) is gone before the leak check. */
#define ORPHAN_TICKS (2 * TICKS_PER_SECOND)

static void test_kill_spinning(void) {
  int child = fork();
  if (child == 0) {
    /* spins until killed, or ends by itself should the parent die first (fault injection) */
    int t0 = uptime();
    while (uptime() - t0 < ORPHAN_TICKS)
      opaque(0);
    _exit(7);
  }
  sleep(1);
  int r = kill(child);
  int status = wait_status(child);
  check(r == 0 && status == -1, "kill a running process", "kill returned %d, status %d", r, status);
}

static void test_kill_sleeping(void) {
  int child = fork();
  if (child == 0) {
    sleep(ORPHAN_TICKS); /* long enough to be killed; short enough if orphaned */
    _exit(5);
  }
  sleep(2);
  int t0 = uptime();
  kill(child);
  int status = wait_status(child);
  int waited = uptime() - t0;
  check(status == -1 && waited < 100, "kill a sleeping process", "status %d after %d ticks", status,
        waited);
}

static void test_kill_pipe_reader(void) {
  int fds[2];
  pipe(fds);
  int child = fork();
  if (child == 0) {
    close(fds[1]);
    char c;
    read(fds[0], &c, 1);
    _exit(5);
  }
  close(fds[0]);
  sleep(2);
  kill(child);
  int status = wait_status(child);
  close(fds[1]);
  check(status == -1, "kill a process blocked in a pipe read", "status %d", status);
}

static void test_kill_pipe_writer(void) {
  int fds[2];
  pipe(fds);
  int child = fork();
  if (child == 0) {
    close(fds[0]);
    for (;;)
      if (write(fds[1], scratch, 512) < 0)
        _exit(6);
  }
  sleep(3);
  kill(child);
  int status = wait_status(child);
  close(fds[0]);
  close(fds[1]);
  check(status == -1, "kill a process blocked in a pipe write", "status %d", status);
}

static void test_kill_self_and_missing(void) {
  int child = fork();
  if (child == 0) {
    kill(getpid());
    _exit(5);
  }
  int status = wait_status(child);
  check(status == -1, "a process that kills itself exits -1", "status %d", status);
  check(kill(99999) == -1, "kill of a missing pid returns -1", "did not");
}

/* ---- orphans and the process limit ---- */

/* Forks exiting children until fork fails, then reaps them; returns the count, or -1. */
static int fork_until_failure(void) {
  int n = 0;
  while (n < FORK_CEILING) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0)
      _exit(0);
    n++;
  }
  int reaped = reap_all();
  if (n == FORK_CEILING) {
    fail("fork until failure", "fork never failed in %d tries", n);
    return -1;
  }
  if (reaped != n) {
    fail("fork until failure", "forked %d, reaped %d", n, reaped);
    return -1;
  }
  return n;
}

/* Init may take a moment to reap orphans: retries a few times before judging. */
static int fork_count_settled(void) {
  int n = -1;
  for (int attempt = 0; attempt < 6; attempt++) {
    n = fork_until_failure();
    if (n < 0 || n >= MIN_FORKS)
      return n;
    sleep(10);
  }
  return n;
}

static void make_orphans(int parents, int each) {
  for (int i = 0; i < parents; i++) {
    int child = fork();
    if (child == 0) {
      for (int j = 0; j < each; j++)
        if (fork() == 0) {
          sleep(2 + j);
          _exit(0);
        }
      _exit(0);
    }
    if (waitpid(-1, 0, 0) != child) {
      fail("orphans", "could not reap the middle process");
      return;
    }
  }
}

static void test_process_limit(void) {
  int first = fork_count_settled();
  if (first < 0)
    return;
  check(first >= MIN_FORKS, "at least 64 processes", "only %d children could be forked", first);
  note("t_proc: fork until failure made %d children", first);

  make_orphans(8, 5);
  check(waitpid(-1, 0, 0) == -1, "grandchildren are not the grandparent's children",
        "wait found one");
  sleep(12);
  int free_before = getNumFreePages();
  int worst = FORK_CEILING;
  for (int round = 0; round < 3; round++) {
    int n = fork_count_settled();
    if (n < 0)
      return;
    if (n < worst)
      worst = n;
  }
  check(worst >= first - 1, "orphans are reaped by init",
        "fork count fell from %d to %d after orphaning 40 processes", first, worst);
  int free_after = getNumFreePages();
  check(free_after >= free_before - 8, "fork rounds do not leak pages",
        "free pages %d before, %d after", free_before, free_after);
}

static void test_many_fork_wait_cycles(void) {
  int free_before = getNumFreePages();
  int bad = 0;
  for (int i = 0; i < 150 && !bad; i++) {
    int child = fork();
    if (child == 0)
      _exit(i & 0x7f);
    int status = -1;
    if (waitpid(-1, &status, 0) != child || status != (i & 0x7f))
      bad = 1;
  }
  int free_after = getNumFreePages();
  check(!bad, "150 fork/exit/wait cycles", "a cycle went wrong");
  check(free_after >= free_before - 8, "fork/wait cycles do not leak pages",
        "free pages %d before, %d after", free_before, free_after);
}

/* ---- exec ---- */

/* Runs SELF with argv in a child and returns the child's exit status. */
static int exec_status(char **argv) {
  int child = fork();
  if (child == 0) {
    exec(SELF, argv);
    _exit(100); /* exec failed */
  }
  return wait_status(child);
}

static int argcheck(int argc, char **argv) {
  static const char *expect[] = {SELF, "argcheck", "alpha", "", "b c", "last"};
  if (argc != 6)
    return 1;
  if (argv[argc] != 0)
    return 2;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], expect[i]) != 0)
      return 3;
    if ((uintptr)argv[i] < (uintptr)argv)
      return 4;
  }
  if (read_sp() % STACK_ALIGN != 0)
    return 5;
  return 0;
}

/* argv[2] = expected argc; argv[3..] = "x<i>" */
static int argcount(int argc, char **argv) {
  if (argc != atoi(argv[2]) || argv[argc] != 0)
    return 1;
  char want[16];
  for (int i = 3; i < argc; i++) {
    format(want, sizeof(want), "x%d", i);
    if (strcmp(argv[i], want) != 0)
      return 2;
  }
  return 0;
}

/* argv[2], argv[3]: strings of 'y', each as long as atoi(argv[4]) */
static int arglen(int argc, char **argv) {
  if (argc != 5)
    return 1;
  uint want = atoi(argv[4]);
  if (strlen(argv[2]) != want || strlen(argv[3]) != want)
    return 2;
  return argv[2][want / 2] == 'y' ? 0 : 3;
}

static void test_exec_args(void) {
  char *args[] = {SELF, "argcheck", "alpha", "", "b c", "last", 0};
  int status = exec_status(args);
  check(status == 0, "exec passes argc and argv", "child check %d", status);
}

static int exec_with_count(int argc) {
  static char names[40][8];
  static char count[8];
  static char *argv[42];
  format(count, sizeof(count), "%d", argc);
  argv[0] = SELF;
  argv[1] = "argcount";
  argv[2] = count;
  for (int i = 3; i < argc; i++) {
    format(names[i], sizeof(names[i]), "x%d", i);
    argv[i] = names[i];
  }
  argv[argc] = 0;
  return exec_status(argv);
}

static void test_exec_arg_count(void) {
  int status = exec_with_count(31);
  check(status == 0, "exec with 31 arguments", "status %d", status);
  status = exec_with_count(33);
  check(status == 100, "exec with more than 32 arguments fails", "status %d", status);
  status = exec_with_count(40);
  check(status == 100, "exec with 40 arguments fails", "status %d", status);
}

static int exec_with_long_args(int len) {
  static char lenstr[8];
  memset(scratch, 'y', sizeof(scratch));
  scratch[len] = 0;
  scratch[4096 + len] = 0;
  format(lenstr, sizeof(lenstr), "%d", len);
  char *argv[] = {SELF, "arglen", scratch, scratch + 4096, lenstr, 0};
  return exec_status(argv);
}

static void test_exec_big_args(void) {
  int status = exec_with_long_args(1500);
  check(status == 0, "exec with 3000 bytes of arguments", "status %d", status);
  status = exec_with_long_args(3000);
  check(status == 100, "exec with arguments too big for the stack page fails", "status %d", status);
  status = exec_with_long_args(4000);
  check(status == 100, "exec with 8000 bytes of arguments fails", "status %d", status);
}

static int write_file(const char *path, const void *data, int n) {
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0)
    return -1;
  int r = write(fd, data, n);
  close(fd);
  return r;
}

static void test_exec_bad_files(void) {
  char *argv[] = {"nothing", 0};
  int r = exec("/no-such-program", argv);
  check(r == -1, "exec of a missing file returns -1", "got %d", r);

  const char text[] = "#!/bin/sh\necho this is not an ELF file\n";
  write_file("/tproc.txt", text, sizeof(text));
  r = exec("/tproc.txt", argv);
  check(r == -1, "exec of a non-ELF file returns -1", "got %d", r);
  unlink("/tproc.txt");

  int fd = open(SELF, O_RDONLY);
  int n = read(fd, scratch, 100);
  close(fd);
  write_file("/tproc.cut", scratch, n);
  r = exec("/tproc.cut", argv);
  check(n == 100 && r == -1, "exec of a truncated ELF returns -1", "got %d", r);
  unlink("/tproc.cut");
  r = exec("/", argv);
  check(r == -1, "exec of a directory returns -1", "got %d", r);
}

/* ---- registers ---- */

static void test_registers_preserved(void) {
  int bad = -1;
  for (int round = 0; round < 20 && bad < 0; round++)
    bad = registers_changed_by_syscall();
  check(bad < 0, "registers other than the result survive a system call", "register %d changed",
        bad);
}

/* ---- time ---- */

static void test_sleep_uptime(void) {
  int t0 = uptime();
  int r = sleep(5);
  int t1 = uptime();
  check(r == 0 && t1 - t0 >= 5, "sleep(5) lasts at least 5 ticks", "returned %d after %d ticks", r,
        t1 - t0);
  check(t1 - t0 < 60, "sleep(5) ends", "took %d ticks", t1 - t0);
  t0 = uptime();
  sleep(0);
  t1 = uptime();
  check(t0 >= 0 && t1 - t0 <= 2, "sleep(0) returns at once", "took %d ticks", t1 - t0);
  t0 = uptime();
  sleep(20);
  t1 = uptime();
  check(t1 - t0 >= 20, "sleep(20) lasts at least 20 ticks", "%d ticks", t1 - t0);
}

/* Processes due at the same tick all wake: the tick's wakeup is for every one of them.
 * The parent polls without sleeping, so that its own sleeps wake nobody. */
static void test_sleepers_wake_together(void) {
  enum { N = 3 };
  int pids[N];
  for (int i = 0; i < N; i++) {
    if ((pids[i] = fork()) == 0) {
      sleep(10);
      _exit(0);
    }
  }
  int t0 = uptime(), left = N;
  while (left > 0 && uptime() - t0 < 100)
    if (waitpid(-1, 0, WNOHANG) > 0)
      left--;
  check(left == 0, "processes sleeping to the same tick all wake",
        "%d of %d still asleep after %d ticks", left, N, uptime() - t0);
  for (int i = 0; i < N && left > 0; i++)
    kill(pids[i]);
  while (left-- > 0)
    waitpid(-1, 0, 0);
}

/* Sleepers with different deadlines: the short one ends on time behind the long one,
 * which lasts no longer than ORPHAN_TICKS should the parent die first. The long one goes
 * to sleep first, alone: the clock's earliest deadline is then the long one's. */
static void test_sleep_behind_longer(void) {
  sleep(1); /* no sleeper is left from before: the clock has no deadline */
  int longer = fork();
  if (longer == 0) {
    sleep(ORPHAN_TICKS);
    _exit(0);
  }
  struct procinfo info;
  for (int spins = 0; spins < 1000000; spins++)
    if (info_of(longer, &info) < 0 || info.state == PROCINFO_SLEEPING)
      break;
  int t0 = uptime();
  sleep(5);
  int t1 = uptime();
  check(t1 - t0 >= 5 && t1 - t0 < ORPHAN_TICKS - 5, "a short sleep ends while a longer one goes on",
        "took %d ticks", t1 - t0);
  kill(longer);
  waitpid(longer, 0, 0);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "argcheck") == 0)
    _exit(argcheck(argc, argv));
  if (argc >= 3 && strcmp(argv[1], "argcount") == 0)
    _exit(argcount(argc, argv));
  if (argc >= 2 && strcmp(argv[1], "arglen") == 0)
    _exit(arglen(argc, argv));

  suite_begin("t_proc");
  test_exit_status();
  test_registers_preserved();
  test_wait_null_status();
  test_wait_finds_zombie_among_live();
  test_orphaned_zombie_reaped();
  test_exit_releases_cwd();
  test_getpid();
  test_kill_spinning();
  test_kill_sleeping();
  test_kill_pipe_reader();
  test_kill_pipe_writer();
  test_kill_self_and_missing();
  test_exec_args();
  test_exec_arg_count();
  test_exec_big_args();
  test_exec_bad_files();
  test_sleep_uptime();
  test_sleep_behind_longer();
  test_sleepers_wake_together();
  test_many_fork_wait_cycles();
  test_process_limit();
  suite_end();
}
