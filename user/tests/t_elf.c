/* In-guest suite t_elf: exec of doctored copies of a real program: segment
 * flags the MMU cannot express as such, and file offsets out of range. */
#include "check.h"

#define MODEL "/echo" /* a program that writes its data segment (echo's buffer) */
#define COPY "/te_prog"
#define FILE_CAP (64 * 1024)
#define PT_LOAD 1
#define PF_W 2
#define WAIT_TICKS 300 /* a healthy echo ends in a few ticks; a spinning one never */

static char image[FILE_CAP];
static int image_len;

struct layout {
  int wide; /* ELF64 */
  uint64 phoff;
  int phentsize, phnum;
};

static struct layout layout_of(void) {
  struct layout l;
  l.wide = image[4] == 2;
  l.phoff = elf_field(image + (l.wide ? 32 : 28), l.wide ? 8 : 4);
  l.phentsize = elf_field(image + (l.wide ? 54 : 42), 2);
  l.phnum = elf_field(image + (l.wide ? 56 : 44), 2);
  return l;
}

static void put_field(char *p, uint64 v, int bytes) {
  for (int i = 0; i < bytes; i++)
    p[i] = (char)(v >> (8 * i));
}

/* Program header of the first loadable segment that is (or is not) writable, or 0. */
static char *segment(const struct layout *l, int writable) {
  for (int i = 0; i < l->phnum; i++) {
    char *ph = image + l->phoff + i * l->phentsize;
    int flags = elf_field(ph + (l->wide ? 4 : 24), 4);
    if (elf_field(ph, 4) == PT_LOAD && ((flags & PF_W) != 0) == writable)
      return ph;
  }
  return 0;
}

static int load_model(void) {
  int fd = open(MODEL, O_RDONLY);
  image_len = fd < 0 ? -1 : read(fd, image, sizeof(image));
  close(fd);
  return image_len > 64 && image_len < FILE_CAP;
}

static int write_copy(void) {
  unlink(COPY);
  int fd = open(COPY, O_CREATE | O_RDWR);
  int n = write(fd, image, image_len);
  close(fd);
  return n == image_len;
}

/* Runs the copy as "echo elf-ok" with output to a pipe. Returns 1 when it printed that
 * and exited 0, 0 when it ran wrongly, -1 when exec failed, -2 when it hung (killed). */
static int run_copy(void) {
  int p[2];
  if (pipe(p) < 0)
    return 0;
  int pid = fork();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    char *argv[] = {COPY, "elf-ok", 0};
    exec(COPY, argv);
    _exit(77);
  }
  close(p[1]);
  int status = -1, waited = 0, done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 && waited++ < WAIT_TICKS)
    sleep(1);
  if (done == 0) {
    kill(pid);
    waitpid(pid, &status, 0);
    close(p[0]);
    return -2;
  }
  char out[32] = {0};
  int n = read(p[0], out, sizeof(out) - 1);
  close(p[0]);
  if (status == 77)
    return -1;
  return status == 0 && n == 7 && strcmp(out, "elf-ok\n") == 0;
}

/* A data segment flagged write-only: RISC-V has no write-only pages, so exec must
 * refuse it or map it readable too; it must never spin on a fault it calls resolved. */
static void test_write_only_segment(void) {
  struct layout l = layout_of();
  char *data = segment(&l, 1);
  if (!data) {
    fail("write-only data segment", "the model has no writable segment");
    return;
  }
  put_field(data + (l.wide ? 4 : 24), PF_W, 4);
  int r = write_copy() ? run_copy() : 0;
  check(r == 1 || r == -1, "a write-only data segment runs or is refused, never spins",
        "result %d (-2: hung on its first write, 0: ran wrongly)", r);
}

/* File offsets are 64-bit in ELF64 and must be used whole, never truncated. */
static void test_offsets(void) {
  struct layout l = layout_of();
  char *text = segment(&l, 0) ? segment(&l, 0) : segment(&l, 1);
  int off_at = l.wide ? 8 : 4, size = l.wide ? 8 : 4;
  uint64 offset = elf_field(text + off_at, size);
  put_field(text + off_at, image_len + 4096, size);
  check(write_copy() && run_copy() == -1, "a segment whose bytes lie past the file is refused",
        "exec did not fail");
  if (!l.wide) {
    note("t_elf: ELF32 offsets cannot pass 4 GiB; the 64-bit cases do not apply");
    return;
  }
  put_field(text + off_at, offset + 0x100000000ULL, size);
  check(write_copy() && run_copy() == -1, "a segment offset past 4 GiB is refused, not truncated",
        "exec ran the bytes at the truncated offset");
  put_field(text + off_at, offset, size);
  put_field(image + 32, l.phoff + 0x100000000ULL, 8);
  check(write_copy() && run_copy() == -1, "a program-header offset past 4 GiB is refused",
        "exec read the headers at the truncated offset");
}

/* ---- where segments may be placed ---- */

#define USER_HALF_END ((uint64)MAXVA) /* the kernel owns everything above (machine.h) */

/* Moves every loadable segment and the entry point by delta. The model's code addresses its
 * own data pc-relative, so the moved copy runs wherever exec accepts it. Returns the end of
 * the moved image, page-rounded. */
static uint64 move_image(uint64 delta) {
  struct layout l = layout_of();
  uint64 end = 0;
  for (int i = 0; i < l.phnum; i++) {
    char *ph = image + l.phoff + i * l.phentsize;
    if (elf_field(ph, 4) != PT_LOAD)
      continue;
    uint64 vaddr = elf_field(ph + 16, 8) + delta, memsz = elf_field(ph + 40, 8);
    put_field(ph + 16, vaddr, 8); /* p_vaddr */
    put_field(ph + 24, vaddr, 8); /* p_paddr */
    if (vaddr + memsz > end)
      end = vaddr + memsz;
  }
  put_field(image + 24, elf_field(image + 24, 8) + delta, 8); /* e_entry */
  return (end + PAGE - 1) & ~(PAGE - 1);
}

/* Runs the model moved by delta; the result of run_copy. */
static int run_moved(uint64 delta) {
  load_model();
  move_image(delta);
  return write_copy() ? run_copy() : 0;
}

/* The kernel lives in the upper half, so the whole lower half is the user's but for its top two
 * pages: segments may sit where the kernel used to be (2 GiB) and up to just below the guard and
 * stack pages exec adds under those top pages, never in them or above. */
static void test_placement(void) {
  if (image[4] != 2) {
    note("t_elf: ELF32: the placement checks are for the 64-bit layout");
    return;
  }
  load_model();
  uint64 span = move_image(0);
  uint64 user_top = USER_HALF_END - 2 * PAGE;
  int r = run_moved(0x80000000UL);
  check(r == 1, "segments at 2 GiB (where the kernel once was) run", "result %d", r);
  r = run_moved(user_top - 2 * PAGE - span);
  check(r == 1, "an image ending just below its guard and stack pages under the top runs",
        "result %d", r);
  r = run_moved(user_top - 2 * PAGE - span + PAGE);
  check(r == -1, "an image leaving no room for guard and stack below the top is refused",
        "result %d", r);
  r = run_moved(user_top);
  check(r == -1, "segments in the top two user pages are refused", "result %d", r);
  r = run_moved(0xffffffff80200000ULL);
  check(r == -1, "segments at the kernel image's address are refused", "result %d", r);
  r = run_moved(0xffffffc080000000ULL);
  check(r == -1, "segments in the kernel's direct map are refused", "result %d", r);
}

int main(void) {
  suite_begin("t_elf");
  if (!check(load_model(), "read the model program", "cannot read %s", MODEL))
    suite_end();
  check(write_copy() && run_copy() == 1, "an unchanged copy runs", "it did not");
  test_write_only_segment();
  load_model();
  test_offsets();
  test_placement();
  unlink(COPY);
  suite_end();
}
