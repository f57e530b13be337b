/* In-guest suite t_pgrp: the kernel side of ^C (typed by the console session): setpgid's rules,
 * groups inherited and kept alive by zombies, tcsetpgrp on the console only, and procinfo. */
#include "check.h"

#define NPROC 64 /* process-table slots */

static int pgid_of(int pid) {
  struct procinfo info;
  return info_of(pid, &info) == 0 ? info.pgid : -1;
}

/* A child that waits until killed; its pid. */
static int sleeper(void) {
  int pid = fork();
  if (pid == 0) {
    sleep(1000);
    _exit(0);
  }
  return pid;
}

static void end(int pid) {
  kill(pid);
  waitpid(pid, 0, 0);
}

static void test_procinfo(void) {
  struct procinfo me, init;
  int found = info_of(getpid(), &me);
  check(found == 0 && strcmp(me.name, "t_pgrp") == 0 && me.state == PROCINFO_RUNNING &&
            me.size > 0 && me.ppid > 1,
        "procinfo describes the caller", "found %d, name %s, state %d, size %lu, ppid %d", found,
        me.name, me.state, me.size, me.ppid);
  found = info_of(1, &init);
  check(found == 0 && strcmp(init.name, "init") == 0 && init.ppid == 0 && init.pgid == 1,
        "init is pid 1 with no parent, leading group 1", "found %d, name %s, ppid %d, pgid %d",
        found, init.name, init.ppid, init.pgid);
  struct procinfo info;
  int live = 0, bad = 0;
  for (int slot = 0; slot < NPROC; slot++) {
    int pid = procinfo(slot, &info);
    live += pid > 0;
    bad += pid < 0;
  }
  check(live >= 3 && bad == 0, "every slot answers: a pid, or 0 when free", "%d live, %d errors",
        live, bad);
  check(procinfo(NPROC, &info) == -1 && procinfo(-1, &info) == -1,
        "past the last slot, and before the first, procinfo fails", "it did not");
  int slot = 0;
  while (slot < NPROC && procinfo(slot, &info) != getpid())
    slot++;
  check(procinfo(slot, (struct procinfo *)0xffffffffffff0000UL) == -1 &&
            procinfo(slot, (struct procinfo *)0x80000000UL) == -1,
        "a bad address makes procinfo fail", "it did not");
}

static void test_setpgid(void) {
  int parent_group = pgid_of(getpid());
  int child = sleeper();
  check(pgid_of(child) == parent_group, "a child starts in its parent's group",
        "child %d, parent %d", pgid_of(child), parent_group);
  check(setpgid(0, 0) == 0 && pgid_of(getpid()) == getpid(),
        "setpgid(0, 0) makes the caller lead a new group", "pgid %d", pgid_of(getpid()));
  check(pgid_of(child) == parent_group, "the child stays in the old group", "pgid %d",
        pgid_of(child));
  check(setpgid(child, getpid()) == 0 && pgid_of(child) == getpid(),
        "a child can join its parent's group", "pgid %d", pgid_of(child));
  check(setpgid(child, 0) == 0 && pgid_of(child) == child, "setpgid(child, 0): a new group",
        "pgid %d", pgid_of(child));
  check(setpgid(child, 99999) == -1 && pgid_of(child) == child,
        "joining a group that does not exist fails", "pgid %d", pgid_of(child));
  check(setpgid(1, 0) == -1 && pgid_of(1) == 1, "another's process (init) cannot be moved",
        "pgid of init %d", pgid_of(1));
  check(setpgid(-1, 0) == -1 && setpgid(0, -5) == -1, "negative arguments fail", "they did not");
  end(child);
}

static void test_grandchild(void) {
  int fds[2];
  pipe(fds);
  int child = fork();
  if (child == 0) {
    int grandchild = sleeper();
    write(fds[1], &grandchild, sizeof(grandchild));
    sleep(1000);
    _exit(0);
  }
  int grandchild = 0;
  read(fds[0], &grandchild, sizeof(grandchild));
  check(setpgid(grandchild, 0) == -1, "a grandchild cannot be moved", "it was");
  check(pgid_of(grandchild) == pgid_of(child), "a grandchild inherits the group too", "%d and %d",
        pgid_of(grandchild), pgid_of(child));
  kill(grandchild);
  end(child);
  close(fds[0]);
  close(fds[1]);
}

/* A shell starts the second stage of a pipeline after the first may have exited. */
static void test_zombie_keeps_group(void) {
  setpgid(0, 0);
  int first = fork();
  if (first == 0)
    _exit(0);
  setpgid(first, first);
  struct procinfo info;
  for (int i = 0; i < 100 && info_of(first, &info) == 0 && info.state != PROCINFO_ZOMBIE; i++)
    sleep(1);
  check(info_of(first, &info) == 0 && info.state == PROCINFO_ZOMBIE,
        "an exited child not yet waited for is a zombie", "state %d", info.state);
  int second = sleeper();
  check(setpgid(second, first) == 0 && pgid_of(second) == first,
        "a group whose leader is a zombie can still be joined", "pgid %d", pgid_of(second));
  waitpid(first, 0, 0);
  end(second);
  int third = sleeper();
  check(setpgid(third, first) == -1, "a group with no process left cannot be joined", "it was");
  end(third);
}

static int console_fd(void) {
  struct stat st;
  return fstat(0, &st) == 0 && st.type == T_DEVICE ? 0 : -1;
}

static void test_tcsetpgrp(void) {
  struct procinfo me;
  info_of(getpid(), &me);
  int old_foreground = me.foreground ? me.pgid : 0; /* the shell made our group foreground */
  int fds[2];
  pipe(fds);
  check(tcsetpgrp(fds[0], 0) == -1 && tcsetpgrp(99, 0) == -1 && tcsetpgrp(-1, 0) == -1,
        "tcsetpgrp fails on anything but the console", "it did not");
  close(fds[0]);
  close(fds[1]);
  int fd = console_fd();
  if (fd < 0) {
    fail("the console is standard input", "fstat of fd 0 is not a device");
    return;
  }
  setpgid(0, 0);
  check(tcsetpgrp(fd, getpid()) == 0 && info_of(getpid(), &me) == 0 && me.foreground,
        "tcsetpgrp makes a group the foreground", "foreground %d", me.foreground);
  int child = sleeper();
  struct procinfo kid;
  check(info_of(child, &kid) == 0 && kid.foreground, "procinfo marks every member",
        "child foreground %d", kid.foreground);
  check(tcsetpgrp(fd, 99999) == -1 && info_of(getpid(), &me) == 0 && me.foreground,
        "a group that does not exist is refused", "foreground %d", me.foreground);
  check(tcsetpgrp(fd, 0) == 0 && info_of(getpid(), &me) == 0 && !me.foreground,
        "tcsetpgrp(fd, 0): no foreground group", "foreground %d", me.foreground);
  end(child);
  tcsetpgrp(fd, old_foreground);
}

int main(void) {
  suite_begin("t_pgrp");
  run_part(test_procinfo);
  run_part(test_setpgid);
  run_part(test_grandchild);
  run_part(test_zombie_keeps_group);
  run_part(test_tcsetpgrp);
  suite_end();
}
