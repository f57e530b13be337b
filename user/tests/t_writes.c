/* In-guest suite t_writes: the commands when a write fails, at a file's maximum size and on a
 * full disk: each says why in one line ("echo: write error: no space left on device") and
 * exits 1, never leaving a short or empty file behind with status 0. */
#include "capture.h"
#include "kernel/fs.h"
#include "scratch.h"

#define DIR "/twr"
#define MAX_BYTES ((int)(MAXFILE * BSIZE))
#define FILLERS 64 /* more than the disk can hold at the maximum size each */

static char block[4096];

/* A file of exactly bytes bytes at path, or fewer when the disk fills; returns how many. */
static int write_file_of(const char *path, int bytes) {
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  int done = 0;
  while (fd >= 0 && done < bytes) {
    int want = bytes - done < (int)sizeof(block) ? bytes - done : (int)sizeof(block);
    int put = write(fd, block, want);
    if (put <= 0)
      break;
    done += put;
  }
  if (fd >= 0)
    close(fd);
  return done;
}

/* Runs sh on the script at DIR/script (written beforehand) with its output going into a pipe
 * and then into captured, so that what it says takes no disk space. Returns sh's status. */
static int run_piped(void) {
  int p[2];
  if (pipe(p) < 0)
    return -1000;
  int pid = start_script(DIR, DIR "/script", p[1]);
  close(p[1]);
  int total = 0, n;
  while (total < CAPTURE_MAX && (n = read(p[0], captured + total, CAPTURE_MAX - total)) > 0)
    total += n;
  captured[total] = '\0';
  close(p[0]);
  int status = -1000;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -1000;
  return status;
}

/* Each command appending to a file already at the maximum size: "X: write error: file too
 * large" and status 1 (grep: 2, its status for trouble). */
static void test_file_at_maximum(void) {
  static const char *commands[] = {"echo x", "cat f", "ls",    "wc f", "pwd",     "ps",
                                   "free",   "help",  "kstat", "pmap", "grep o f"};
  int size = write_file_of(DIR "/big", MAX_BYTES);
  write_file(DIR "/f", "some text\n", 10);
  check(size == MAX_BYTES, "a file of the maximum size is made", "%d bytes of %d", size, MAX_BYTES);
  for (int i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++) {
    char script[64], expect[96], name[96], prog[16];
    int n = 0;
    while (commands[i][n] != ' ' && commands[i][n] != '\0' && n < 15)
      prog[n] = commands[i][n], n++;
    prog[n] = '\0';
    format(script, sizeof(script), "%s >> big; echo s=$?\n", commands[i]);
    format(expect, sizeof(expect), "%s: write error: file too large\ns=%d\n", prog,
           strcmp(prog, "grep") == 0 ? 2 : 1);
    format(name, sizeof(name), "%s >> a full-size file says why and fails", commands[i]);
    run_script(DIR, script);
    check(strcmp(captured, expect) == 0, name, "output '%s'", captured);
  }
  run_script(DIR, "cp f big2; cat f big >> big2; echo s=$?; cp big big3; echo s=$?; "
                  "wc -c big big3\n");
  char expect[160];
  format(expect, sizeof(expect),
         "cat: write error: file too large\ns=1\ns=0\n%d big\n%d big3\n"
         "%d total\n",
         MAX_BYTES, MAX_BYTES, 2 * MAX_BYTES);
  check(strcmp(captured, expect) == 0, "cat stops at the maximum size; cp copies up to it",
        "output '%s'", captured);
  run_script(DIR, "rm big big2 big3 f\n");
}

/* Fills the disk with files DIR/fillN; returns how many bytes they took. */
static int fill_disk(void) {
  int total = 0;
  for (int i = 0; i < FILLERS; i++) {
    char path[32];
    format(path, sizeof(path), DIR "/fill%d", i);
    int got = write_file_of(path, MAX_BYTES);
    total += got;
    if (got < MAX_BYTES)
      break;
  }
  return total;
}

static void empty_disk(void) {
  for (int i = 0; i < FILLERS; i++) {
    char path[32];
    format(path, sizeof(path), DIR "/fill%d", i);
    unlink(path);
  }
}

static void test_full_disk(void) {
  write_file(DIR "/f", "some text\n", 10);
  static const char script[] =
      "echo tiny > tiny; echo s=$?; cat f > c; echo s=$?; cp f p; echo s=$?; ls > l; echo s=$?; "
      "grep s f > g; echo s=$?; wc f > w; echo s=$?; wc -c tiny c p l g w\n";
  write_file(DIR "/script", script, sizeof(script) - 1);
  int filled = fill_disk();
  note("t_writes: %d KiB filled the disk", filled / 1024);
  int st = run_piped();
  empty_disk();
  check(strcmp(captured, "echo: write error: no space left on device\ns=1\n"
                         "cat: write error: no space left on device\ns=1\n"
                         "cp: p: no space left on device\ns=1\n"
                         "ls: write error: no space left on device\ns=1\n"
                         "grep: write error: no space left on device\ns=2\n"
                         "wc: write error: no space left on device\ns=1\n"
                         "0 tiny\n0 c\n0 p\n0 l\n0 g\n0 w\n0 total\n") == 0,
        "on a full disk echo, cat, cp, ls, grep and wc say so and fail", "status %d, output '%s'",
        st, captured);
  run_script(DIR, "echo tiny > tiny; echo s=$?; cat tiny; rm tiny c p l g w f\n");
  check(strcmp(captured, "s=0\ntiny\n") == 0, "with the space back, echo writes again",
        "output '%s'", captured);
}

/* echo into a pipe nobody reads any more: status 1, and not a word (Unix's SIGPIPE). */
static void test_broken_pipe(void) {
  int p[2];
  pipe(p);
  close(p[0]);
  int err = open(DIR "/err", O_CREATE | O_WRONLY | O_TRUNC);
  int pid = fork();
  if (pid == 0) {
    close(1);
    close(2);
    dup(p[1]);
    dup(err);
    char *argv[] = {"echo", "hello", 0};
    exec("/echo", argv);
    _exit(98);
  }
  close(p[1]);
  close(err);
  int status = -1000;
  waitpid(pid, &status, 0);
  read_captured(DIR "/err");
  unlink(DIR "/err");
  check(status == 1 && captured[0] == '\0',
        "a writer to a pipe without a reader ends quietly, status 1", "status %d, said '%s'",
        status, captured);
}

int main(void) {
  suite_begin("t_writes");
  scratch_remove(DIR); /* left over from an interrupted run */
  mkdir(DIR);
  memset(block, 'z', sizeof(block));
  run_part(test_file_at_maximum);
  run_part(test_full_disk);
  run_part(test_broken_pipe);
  check(scratch_remove(DIR) == 0, "the scratch directory is removed", "entries are left");
  suite_end();
}
