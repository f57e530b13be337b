/* Unit test (host): exec's ELF reading and checks (kernel/proc/elf.c) for both
 * classes, on hand-made headers and on the user programs the build produced. */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abidefs.h"
#include "proc/elf.c"

#define USER_TOP (1ULL << 38)
#define FILE_SIZE 0x100000ULL

static void put(uint8 *p, uint64 v, int bytes) {
  for (int i = 0; i < bytes; i++)
    p[i] = (uint8)(v >> (8 * i));
}

/* A valid executable header of the given class for the given machine. */
static void make_header(uint8 *b, int elf_class, int machine) {
  bool wide = elf_class == ELF_CLASS64;
  memset(b, 0, ELF_HEADER_MAX);
  memcpy(b,
         "\x7f"
         "ELF",
         4);
  b[4] = elf_class;
  b[5] = ELF_DATA_LSB;
  b[6] = 1;
  put(b + 16, ELF_TYPE_EXEC, 2);
  put(b + 18, machine, 2);
  put(b + 24, 0x1234, wide ? 8 : 4);                       /* entry */
  put(b + (wide ? 32 : 28), wide ? 64 : 52, wide ? 8 : 4); /* phoff */
  put(b + (wide ? 54 : 42), wide ? 56 : 32, 2);            /* phentsize */
  put(b + (wide ? 56 : 44), 2, 2);                         /* phnum */
}

static int read_header(uint8 *b, int elf_class, int machine, struct elf_image *img) {
  return elf_read_image(b, ELF_HEADER_MAX, elf_class, machine, img);
}

static void test_headers(int elf_class, int machine, const char *name) {
  uint8 b[ELF_HEADER_MAX];
  struct elf_image img;
  char what[200];
  bool wide = elf_class == ELF_CLASS64;
  make_header(b, elf_class, machine);
  snprintf(what, sizeof(what), "%s: a valid header is read", name);
  check(read_header(b, elf_class, machine, &img) == 0 && img.entry == 0x1234 &&
            img.phoff == (wide ? 64u : 52u) && img.phnum == 2 && img.elf_class == elf_class,
        what);
  struct {
    int at, value;
    const char *what;
  } breaks[] = {
      {0, 0x7e, "bad magic"},
      {4, wide ? 1 : 2, "the other class"},
      {5, 2, "big-endian"},
      {16, 3, "a shared object"},
      {18, 62, "another machine"},
      {wide ? 54 : 42, 40, "a wrong program-header size"},
      {wide ? 56 : 44, 0, "no program headers"},
      {wide ? 56 : 44, 65, "too many program headers"},
  };
  for (unsigned i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
    make_header(b, elf_class, machine);
    b[breaks[i].at] = (uint8)breaks[i].value;
    snprintf(what, sizeof(what), "%s: %s is refused", name, breaks[i].what);
    check(read_header(b, elf_class, machine, &img) != 0, what);
  }
  make_header(b, elf_class, machine);
  snprintf(what, sizeof(what), "%s: a truncated header is refused", name);
  check(elf_read_image(b, wide ? 63 : 51, elf_class, machine, &img) != 0, what);
}

/* ELF32 keeps p_flags after p_memsz, ELF64 right after p_type. */
static void test_segment_layouts(void) {
  uint8 h[ELF_HEADER_MAX], p[ELF_SEGMENT_MAX];
  struct elf_image img;
  struct elf_segment s;
  make_header(h, ELF_CLASS32, ELF_MACHINE_386);
  read_header(h, ELF_CLASS32, ELF_MACHINE_386, &img);
  memset(p, 0, sizeof(p));
  put(p, ELF_PT_LOAD, 4), put(p + 4, 0x80, 4), put(p + 8, 0, 4), put(p + 16, 0x1a00, 4);
  put(p + 20, 0x2000, 4), put(p + 24, ELF_PF_R | ELF_PF_W | ELF_PF_X, 4);
  elf_read_segment(&img, p, &s);
  check(s.type == ELF_PT_LOAD && s.offset == 0x80 && s.vaddr == 0 && s.filesz == 0x1a00 &&
            s.memsz == 0x2000 && s.flags == 7,
        "ELF32: a program header is read field by field");
  make_header(h, ELF_CLASS64, ELF_MACHINE_RISCV);
  read_header(h, ELF_CLASS64, ELF_MACHINE_RISCV, &img);
  memset(p, 0, sizeof(p));
  put(p, ELF_PT_LOAD, 4), put(p + 4, ELF_PF_R | ELF_PF_W, 4), put(p + 8, 0x100001000ULL, 8);
  put(p + 16, 0x3000, 8), put(p + 32, 0x10, 8), put(p + 40, 0x20, 8);
  elf_read_segment(&img, p, &s);
  check(s.type == ELF_PT_LOAD && s.flags == 6 && s.offset == 0x100001000ULL && s.vaddr == 0x3000 &&
            s.filesz == 0x10 && s.memsz == 0x20,
        "ELF64: a program header keeps a 64-bit offset whole");
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0,
        "ELF64: an offset past 4 GiB is refused, not truncated");
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
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) == 0, "a segment at 0 is accepted");
  s = seg(0x3000, 0, 0x5000);
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) == 0,
        "a bss-only segment on a later page is accepted");
  s = seg(0x1010, 10, 10);
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "an unaligned segment is refused");
  s = seg(0, 300, 200);
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "memsz below filesz is refused");
  s = seg(0xfffffffffffff000ULL, 0, 0x2000);
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "a segment wrapping around is refused");
  s = seg(USER_TOP - 0x1000, 0, 0x2000);
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "a segment past the user top is refused");
  s = seg(0, 10, 10), s.offset = 0xffffffffffffff00ULL, s.filesz = 0x200, s.memsz = 0x200;
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "a file range wrapping around is refused");
  s = seg(0, 0x100, 0x100), s.offset = FILE_SIZE - 0xff;
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) != 0, "file bytes past the end are refused");
  s = seg(0, 0x100, 0x100), s.offset = FILE_SIZE - 0x100;
  check(elf_check_segment(&s, USER_TOP, FILE_SIZE) == 0, "file bytes up to the end are accepted");
}

static void test_program_header_table(void) {
  uint8 h[ELF_HEADER_MAX];
  struct elf_image img;
  make_header(h, ELF_CLASS64, ELF_MACHINE_RISCV);
  read_header(h, ELF_CLASS64, ELF_MACHINE_RISCV, &img);
  check(elf_segment_offset(&img, 1, FILE_SIZE) == 64 + 56, "program header 1 follows header 0");
  check(elf_segment_offset(&img, 2, FILE_SIZE) < 0, "a program header past phnum is refused");
  check(elf_segment_offset(&img, 1, 64 + 56) < 0, "a table running past the file is refused");
  img.phoff = 0xfffffffffffffff0ULL;
  check(elf_segment_offset(&img, 0, FILE_SIZE) < 0, "a table offset wrapping around is refused");
  img.phoff = 0x100000000ULL + 64;
  check(elf_segment_offset(&img, 0, FILE_SIZE) < 0, "a table offset past 4 GiB is refused");
}

/* The programs the build made must pass the same reading and checks exec applies. */
static void test_built_program(const char *path, int elf_class, int machine) {
  FILE *f = fopen(path, "rb");
  char what[400];
  snprintf(what, sizeof(what), "%s can be opened", path);
  check(f != 0, what);
  if (!f)
    return;
  static uint8 file[1 << 20];
  size_t size = fread(file, 1, sizeof(file), f);
  fclose(f);
  struct elf_image img;
  bool ok = elf_read_image(file, size, elf_class, machine, &img) == 0;
  int loads = 0;
  for (uint32 i = 0; ok && i < img.phnum; i++) {
    int64 off = elf_segment_offset(&img, i, size);
    struct elf_segment s;
    ok = off >= 0;
    if (!ok)
      break;
    elf_read_segment(&img, file + off, &s);
    if (s.type == ELF_PT_LOAD) {
      ok = elf_check_segment(&s, USER_TOP, size) == 0;
      loads += ok;
    }
  }
  snprintf(what, sizeof(what), "%s: exec's checks accept every loadable segment", path);
  check(ok && loads >= 1, what);
}

int main(void) {
  test_headers(ELF_CLASS64, ELF_MACHINE_RISCV, "ELF64 RISC-V");
  test_headers(ELF_CLASS32, ELF_MACHINE_386, "ELF32 i386");
  test_segment_layouts();
  test_segments();
  test_program_header_table();
  const char *build = getenv("MOO_BUILD");
  char path[256];
  const char *progs[] = {"user/bin/cat", "user/bin/sh"};
  for (int i = 0; i < 2; i++) {
    snprintf(path, sizeof(path), "%s/%s", build ? build : "build", progs[i]);
    test_built_program(path, ABI_ELF_CLASS, ABI_ELF_MACHINE);
  }
  return check_summary("test_elf");
}
