/* Unit test (host): the ELF checks exec relies on (kernel/proc/elf.c), on
 * hand-made headers and on the real user programs the build produced. */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/elf.c"

#define USER_TOP (1ULL << 38)


static struct elf_header good_header(void) {
  struct elf_header h;
  memset(&h, 0, sizeof(h));
  h.magic = ELF_MAGIC;
  h.class_ = ELF_CLASS64;
  h.data = ELF_DATA_LSB;
  h.type = ELF_TYPE_EXEC;
  h.machine = ELF_MACHINE_RISCV;
  h.phentsize = sizeof(struct elf_segment);
  h.phnum = 2;
  return h;
}

static void test_headers(void) {
  struct elf_header h = good_header();
  check(elf_check_header(&h) == 0, "a RISC-V ELF64 executable header is accepted");
  h = good_header(), h.magic ^= 1;
  check(elf_check_header(&h) != 0, "bad magic is refused");
  h = good_header(), h.class_ = 1;
  check(elf_check_header(&h) != 0, "a 32-bit ELF is refused");
  h = good_header(), h.data = 2;
  check(elf_check_header(&h) != 0, "a big-endian ELF is refused");
  h = good_header(), h.type = 3;
  check(elf_check_header(&h) != 0, "a shared object is refused");
  h = good_header(), h.machine = 62;
  check(elf_check_header(&h) != 0, "an x86-64 binary is refused");
  h = good_header(), h.phentsize = 32;
  check(elf_check_header(&h) != 0, "a wrong program-header size is refused");
  h = good_header(), h.phnum = 0;
  check(elf_check_header(&h) != 0, "no program headers is refused");
}

static struct elf_segment seg(uint64 vaddr, uint64 filesz, uint64 memsz) {
  struct elf_segment s;
  memset(&s, 0, sizeof(s));
  s.type = ELF_PT_LOAD;
  s.flags = ELF_PF_R | ELF_PF_X;
  s.vaddr = vaddr;
  s.offset = 0x1000;
  s.filesz = filesz;
  s.memsz = memsz;
  return s;
}

static void test_segments(void) {
  struct elf_segment s = seg(0, 100, 200);
  check(elf_check_segment(&s, USER_TOP) == 0, "a segment at 0 is accepted");
  s = seg(0x3000, 0, 0x5000);
  check(elf_check_segment(&s, USER_TOP) == 0, "a bss-only segment on a later page is accepted");
  s = seg(0x1010, 10, 10);
  check(elf_check_segment(&s, USER_TOP) != 0, "an unaligned segment is refused");
  s = seg(0, 300, 200);
  check(elf_check_segment(&s, USER_TOP) != 0, "memsz below filesz is refused");
  s = seg(0xfffffffffffff000ULL, 0, 0x2000);
  check(elf_check_segment(&s, USER_TOP) != 0, "a segment wrapping around is refused");
  s = seg(USER_TOP - 0x1000, 0, 0x2000);
  check(elf_check_segment(&s, USER_TOP) != 0, "a segment past the user top is refused");
  s = seg(0, 10, 10), s.offset = 0xffffffffffffff00ULL, s.filesz = 0x200, s.memsz = 0x200;
  check(elf_check_segment(&s, USER_TOP) != 0, "a file range wrapping around is refused");
}

/* The programs the build made must pass the same checks exec applies. */
static void test_built_program(const char *path) {
  FILE *f = fopen(path, "rb");
  char what[300];
  snprintf(what, sizeof(what), "%s can be opened", path);
  check(f != 0, what);
  if (!f)
    return;
  struct elf_header h;
  bool ok = fread(&h, sizeof(h), 1, f) == 1 && elf_check_header(&h) == 0;
  int loads = 0;
  for (int i = 0; ok && i < h.phnum; i++) {
    struct elf_segment s;
    ok = fseek(f, h.phoff + i * sizeof(s), SEEK_SET) == 0 && fread(&s, sizeof(s), 1, f) == 1;
    if (ok && s.type == ELF_PT_LOAD) {
      ok = elf_check_segment(&s, USER_TOP) == 0;
      loads++;
      if (loads == 1)
        ok = ok && s.vaddr == 0 && (s.flags & ELF_PF_X) && !(s.flags & ELF_PF_W);
      else
        ok = ok && (s.flags & ELF_PF_W) && !(s.flags & ELF_PF_X);
    }
  }
  fclose(f);
  snprintf(what, sizeof(what), "%s: read-execute text at 0, read-write data after", path);
  check(ok && loads == 2, what);
}

int main(void) {
  test_headers();
  test_segments();
  const char *build = getenv("MOO_BUILD");
  char path[256];
  snprintf(path, sizeof(path), "%s/user/bin/cat", build ? build : "build");
  test_built_program(path);
  snprintf(path, sizeof(path), "%s/user/bin/sh", build ? build : "build");
  test_built_program(path);
  return check_summary("test_elf");
}
