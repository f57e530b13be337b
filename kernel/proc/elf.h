/* The parts of the ELF64 format exec needs, and the checks that decide
 * whether a file is a program moo can load. */
#ifndef MOO_ELF_H
#define MOO_ELF_H

#ifdef MOO_HOST
#include <stdbool.h>
#include <stdint.h>
typedef uint16_t uint16;
typedef uint32_t uint32;
typedef uint64_t uint64;
#else
#include "lib/types.h"
#endif

#define ELF_MAGIC 0x464C457FU /* "\x7fELF" little-endian */
#define ELF_CLASS64 2
#define ELF_DATA_LSB 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_RISCV 243
#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf_header {
  uint32 magic;
  uint8_t class_, data, version, osabi;
  uint8_t pad[8];
  uint16 type, machine;
  uint32 version2;
  uint64 entry, phoff, shoff;
  uint32 flags;
  uint16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_segment {
  uint32 type, flags;
  uint64 offset, vaddr, paddr, filesz, memsz, align;
};

/* 0 when the header describes a 64-bit little-endian RISC-V executable. */
int elf_check_header(const struct elf_header *h);
/* 0 when a loadable segment is page aligned, consistent and below user_top. */
int elf_check_segment(const struct elf_segment *s, uint64 user_top);

#endif
