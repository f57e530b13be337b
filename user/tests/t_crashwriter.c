/* Crash-test load (not a suite): rewrites the files under /crash forever, with directory
 * churn, printing "crashwriter: round N" after each round; tests/run.py kills QEMU mid-way. */
#include "check.h"
#include "crash_pattern.h"

static char chunk[CRASH_CHUNK];

static void rewrite_file(uint file, uint gen) {
  char path[32];
  format(path, sizeof(path), "%s/f%d", CRASH_DIR, file);
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0) {
    note("crashwriter: cannot open %s", path);
    _exit(1);
  }
  int chunks = crash_chunks(file, gen);
  for (int i = 0; i < chunks; i++) {
    crash_fill(chunk, file, gen, i);
    if (write(fd, chunk, CRASH_CHUNK) != CRASH_CHUNK) {
      note("crashwriter: write to %s failed", path);
      _exit(1);
    }
  }
  close(fd);
}

static void churn(uint gen) {
  char path[32];
  format(path, sizeof(path), "%s/t%d", CRASH_DIR, gen % 5);
  int fd = open(path, O_CREATE | O_WRONLY);
  write(fd, chunk, 100);
  close(fd);
  format(path, sizeof(path), "%s/t%d", CRASH_DIR, (gen + 2) % 5);
  unlink(path);
  format(path, sizeof(path), "%s/d%d", CRASH_DIR, gen % 3);
  if (mkdir(path) < 0)
    unlink(path);
}

int main(int argc, char **argv) {
  mkdir(CRASH_DIR);
  for (uint gen = 0;; gen++) {
    for (uint file = 0; file < CRASH_FILES; file++)
      rewrite_file(file, gen);
    churn(gen);
    note("crashwriter: round %d", gen);
  }
}
