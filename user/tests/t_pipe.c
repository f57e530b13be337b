/* In-guest suite t_pipe: pipe data, end of file, large and concurrent transfers, writes
 * without readers, wrong-direction use, and the per-process descriptor limit with pipes. */
#include "check.h"

#define BIG (256 * 1024)

static char buf[4096];

static char pattern_at(int offset) {
  return (char)(offset * 13 + offset / 251 + 7);
}

static void test_basic(void) {
  int fds[2] = {-1, -1};
  int r = pipe(fds);
  check(r == 0 && fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "pipe returns two descriptors",
        "pipe %d: %d %d", r, fds[0], fds[1]);
  int w = write(fds[1], "hello", 5);
  int n = read(fds[0], buf, sizeof(buf));
  check(w == 5 && n == 5 && memcmp(buf, "hello", 5) == 0, "data goes through a pipe",
        "wrote %d, read %d", w, n);
  check(read(fds[1], buf, 1) == -1, "reading the write end fails", "it did not");
  check(write(fds[0], "x", 1) == -1, "writing the read end fails", "it did not");
  write(fds[1], "abc", 3);
  close(fds[1]);
  n = read(fds[0], buf, sizeof(buf));
  int eof = read(fds[0], buf, sizeof(buf));
  check(n == 3 && eof == 0, "data written before close is read, then end of file",
        "read %d then %d", n, eof);
  close(fds[0]);
}

static void test_eof_after_writers_exit(void) {
  int fds[2];
  pipe(fds);
  int children = 3;
  for (int i = 0; i < children; i++) {
    if (fork() == 0) {
      close(fds[0]);
      write(fds[1], "z", 1);
      _exit(0);
    }
  }
  close(fds[1]);
  int total = 0, n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0)
    total += n;
  close(fds[0]);
  reap_all();
  check(total == children && n == 0, "end of file once every writer has closed",
        "read %d bytes, last read %d", total, n);
}

static void test_large_transfer(void) {
  int fds[2];
  pipe(fds);
  int t0 = uptime();
  int child = fork();
  if (child == 0) {
    close(fds[0]);
    int sent = 0, chunk = 1;
    while (sent < BIG) {
      int n = chunk;
      if (n > BIG - sent)
        n = BIG - sent;
      for (int i = 0; i < n; i++)
        buf[i] = pattern_at(sent + i);
      if (write(fds[1], buf, n) != n)
        _exit(1);
      sent += n;
      chunk = chunk * 3 % 4001 + 1;
    }
    _exit(0);
  }
  close(fds[1]);
  int got = 0, ok = 1, n, want = 7;
  while ((n = read(fds[0], buf, want)) > 0) {
    for (int i = 0; i < n; i++)
      if (buf[i] != pattern_at(got + i))
        ok = 0;
    got += n;
    want = want * 5 % 3001 + 1;
  }
  close(fds[0]);
  int status = -5;
  waitpid(-1, &status, 0);
  check(ok && got == BIG && status == 0, "256 KiB through a pipe arrive intact",
        "got %d bytes, intact %d, writer status %d", got, ok, status);
  note("t_pipe: 256 KiB took %d ticks", uptime() - t0);
}

static void test_many_writers(void) {
  enum { WRITERS = 4, EACH = 20000 };
  int fds[2];
  pipe(fds);
  for (int id = 0; id < WRITERS; id++) {
    if (fork() == 0) {
      close(fds[0]);
      memset(buf, 'a' + id, 100);
      for (int sent = 0; sent < EACH; sent += 100)
        write(fds[1], buf, 100);
      _exit(0);
    }
  }
  close(fds[1]);
  int counts[WRITERS] = {0};
  int other = 0, n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0)
    for (int i = 0; i < n; i++) {
      int id = buf[i] - 'a';
      if (id >= 0 && id < WRITERS)
        counts[id]++;
      else
        other++;
    }
  close(fds[0]);
  reap_all();
  int ok = other == 0;
  for (int id = 0; id < WRITERS; id++)
    if (counts[id] != EACH)
      ok = 0;
  check(ok, "four writers into one pipe lose nothing", "counts %d %d %d %d, stray %d", counts[0],
        counts[1], counts[2], counts[3], other);
}

static void test_no_readers(void) {
  int fds[2];
  pipe(fds);
  close(fds[0]);
  int r = write(fds[1], "x", 1);
  check(r == -1, "writing a pipe with no readers fails", "write returned %d", r);
  close(fds[1]);

  pipe(fds);
  int child = fork();
  if (child == 0) {
    close(fds[0]);
    for (;;)
      if (write(fds[1], buf, 512) < 0)
        _exit(0);
  }
  close(fds[1]);
  sleep(3);
  close(fds[0]);
  sleep(10);
  kill(child); /* a writer still blocked by now is killed, and reported */
  int status = -9;
  waitpid(-1, &status, 0);
  check(status == 0, "a writer blocked on a full pipe fails when the reader closes",
        "writer status %d (-1: it stayed blocked)", status);
}

static void test_descriptor_limit(void) {
  int fds[40][2];
  int pipes = 0;
  while (pipes < 40 && pipe(fds[pipes]) == 0)
    pipes++;
  int spare = dup(0);
  check(pipes >= 6 && pipes < 40, "pipes until the descriptor table is full", "%d pipes", pipes);
  check(spare >= 0, "a failed pipe leaks no descriptor", "dup afterwards returned %d", spare);
  close(spare);
  for (int i = 0; i < pipes; i++) {
    close(fds[i][0]);
    close(fds[i][1]);
  }
  int again[2];
  int r = pipe(again);
  check(r == 0 && again[0] == 3, "descriptors are reused after close", "pipe %d gave fd %d", r,
        again[0]);
  close(again[0]);
  close(again[1]);
}

int main(int argc, char **argv) {
  suite_begin("t_pipe");
  test_basic();
  test_eof_after_writers_exit();
  test_large_transfer();
  test_many_writers();
  test_no_readers();
  test_descriptor_limit();
  suite_end();
}
