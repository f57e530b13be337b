/* The parts of the ELF format exec needs, read from raw bytes of either
 * class (ELF32 or ELF64) into one machine-independent form, and checked. */
#ifndef MOO_ELF_H
#define MOO_ELF_H

#ifdef MOO_HOST
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t uint8;
typedef uint16_t uint16;
typedef uint32_t uint32;
typedef uint64_t uint64;
typedef int64_t int64;
#else
#include "lib/types.h"
#endif

#define ELF_CLASS32 1
#define ELF_CLASS64 2
#define ELF_DATA_LSB 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_386 3
#define ELF_MACHINE_RISCV 243
#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

#define ELF_HEADER_MAX 64  /* bytes of the file header, ELF64 (ELF32: 52) */
#define ELF_SEGMENT_MAX 56 /* bytes of a program header, ELF64 (ELF32: 32) */
#define ELF_MAX_SEGMENTS 64

/* What exec needs from the file header, whatever the class. */
struct elf_image {
  int elf_class; /* ELF_CLASS32 or ELF_CLASS64 */
  uint64 entry;
  uint64 phoff; /* file offset of the program headers */
  uint32 phnum;
  uint32 phentsize; /* bytes per program header */
};

/* One program header, widened to 64 bits. */
struct elf_segment {
  uint32 type, flags;
  uint64 offset, vaddr, filesz, memsz;
};

/* Reads the file header from its first len bytes into *img. 0 when it is a
 * little-endian executable of the given class and machine, else -ENOEXEC. */
int elf_read_image(const uint8 *bytes, size_t len, int elf_class, int machine,
                   struct elf_image *img);
/* Reads program header bytes (img->phentsize of them) into *seg. */
void elf_read_segment(const struct elf_image *img, const uint8 *bytes, struct elf_segment *seg);
/* 0 when a loadable segment is page aligned, ends at or below user_top, and its
 * file bytes lie within a file of file_size bytes; else -ENOEXEC. */
int elf_check_segment(const struct elf_segment *s, uint64 user_top, uint64 file_size);
/* The file offset of program header i, or -ENOEXEC when the table does not
 * lie within a file of file_size bytes. */
int64 elf_segment_offset(const struct elf_image *img, uint32 i, uint64 file_size);

#endif
