/* A program's own ELF file, read back at run time: its loadable segments (where the data
 * segment ends, for edge addresses) and how many bytes exec needs (to copy it). ELF32 or 64. */
#ifndef MOO_TESTS_ELFSELF_H
#define MOO_TESTS_ELFSELF_H

#include "check.h"

#define ELF_PT_LOAD 1
#define ELF_PF_W 2
#define ELFSELF_MAX_SEGMENTS 8

struct elf_segment_info {
  uint64 offset, filesz, vaddr, memsz;
  uint flags;
};

struct elf_self {
  int nsegments;
  struct elf_segment_info seg[ELFSELF_MAX_SEGMENTS];
  uint64 extent; /* file bytes exec reads: the headers and every segment's bytes */
};

/* Reads up to max bytes of the program: argv0 as given, else /argv0 as the shell finds it.
 * Returns the count, or -1. */
static inline int elfself_read(const char *argv0, char *buf, int max) {
  int fd = open(argv0, O_RDONLY);
  if (fd < 0 && argv0[0] != '/' && strlen(argv0) < 100) {
    char path[104];
    path[0] = '/';
    strcpy(path + 1, argv0);
    fd = open(path, O_RDONLY);
  }
  if (fd < 0)
    return -1;
  int n = 0, r;
  while (n < max && (r = read(fd, buf + n, max - n)) > 0)
    n += r;
  close(fd);
  return n;
}

/* Parses the header and program headers in the first n bytes (elf_field is check.h's); 0, or
 * -1 when they are not there or not an ELF file. */
static inline int elfself_parse(const char *h, int n, struct elf_self *out) {
  if (n < 52 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
    return -1;
  int wide = h[4] == 2, word = wide ? 8 : 4;
  uint64 phoff = elf_field(h + (wide ? 32 : 28), word);
  int phentsize = elf_field(h + (wide ? 54 : 42), 2);
  int phnum = elf_field(h + (wide ? 56 : 44), 2);
  if (phoff + (uint64)phentsize * phnum > (uint64)n)
    return -1;
  out->nsegments = 0;
  out->extent = phoff + (uint64)phentsize * phnum;
  for (int i = 0; i < phnum; i++) {
    const char *ph = h + phoff + i * phentsize;
    if (elf_field(ph, 4) != ELF_PT_LOAD || out->nsegments == ELFSELF_MAX_SEGMENTS)
      continue;
    struct elf_segment_info *s = &out->seg[out->nsegments++];
    s->offset = elf_field(ph + (wide ? 8 : 4), word);
    s->vaddr = elf_field(ph + (wide ? 16 : 8), word);
    s->filesz = elf_field(ph + (wide ? 32 : 16), word);
    s->memsz = elf_field(ph + (wide ? 40 : 20), word);
    s->flags = elf_field(ph + (wide ? 4 : 24), 4);
    if (s->offset + s->filesz > out->extent)
      out->extent = s->offset + s->filesz;
  }
  return 0;
}

#endif
