/* Reading and checking ELF headers of either class from raw little-endian
 * bytes, kept free of kernel state so the host unit tests run it unchanged. */
#include "proc/elf.h"

#define ERR_NOEXEC (-8)
#define PAGE 4096

static uint32 le16(const uint8 *p) {
  return p[0] | (uint32)p[1] << 8;
}

static uint32 le32(const uint8 *p) {
  return le16(p) | le16(p + 2) << 16;
}

static uint64 le64(const uint8 *p) {
  return le32(p) | (uint64)le32(p + 4) << 32;
}

/* A field of the class's natural width: 4 bytes in ELF32, 8 in ELF64. */
static uint64 word(const struct elf_image *img, const uint8 *p) {
  return img->elf_class == ELF_CLASS64 ? le64(p) : le32(p);
}

int elf_read_image(const uint8 *b, size_t len, int elf_class, int machine, struct elf_image *img) {
  bool wide = elf_class == ELF_CLASS64;
  if (len < (wide ? 64u : 52u) || le32(b) != 0x464c457fu) /* "\x7fELF" */
    return ERR_NOEXEC;
  if (b[4] != elf_class || b[5] != ELF_DATA_LSB)
    return ERR_NOEXEC;
  if (le16(b + 16) != ELF_TYPE_EXEC || le16(b + 18) != (uint32)machine)
    return ERR_NOEXEC;
  img->elf_class = elf_class;
  img->entry = word(img, b + 24);
  img->phoff = word(img, b + (wide ? 32 : 28));
  img->phentsize = le16(b + (wide ? 54 : 42));
  img->phnum = le16(b + (wide ? 56 : 44));
  if (img->phentsize != (wide ? 56u : 32u) || img->phnum == 0 || img->phnum > ELF_MAX_SEGMENTS)
    return ERR_NOEXEC;
  return 0;
}

/* ELF64 puts p_flags second; ELF32 puts it after p_memsz. */
void elf_read_segment(const struct elf_image *img, const uint8 *b, struct elf_segment *s) {
  s->type = le32(b);
  if (img->elf_class == ELF_CLASS64) {
    s->flags = le32(b + 4);
    s->offset = le64(b + 8);
    s->vaddr = le64(b + 16);
    s->filesz = le64(b + 32);
    s->memsz = le64(b + 40);
  } else {
    s->offset = le32(b + 4);
    s->vaddr = le32(b + 8);
    s->filesz = le32(b + 16);
    s->memsz = le32(b + 20);
    s->flags = le32(b + 24);
  }
}

int64 elf_segment_offset(const struct elf_image *img, uint32 i, uint64 file_size) {
  /* phnum and phentsize are small, so only phoff can overflow */
  uint64 end = img->phoff + (uint64)img->phnum * img->phentsize;
  if (i >= img->phnum || end < img->phoff || end > file_size)
    return ERR_NOEXEC;
  return (int64)(img->phoff + (uint64)i * img->phentsize);
}

int elf_check_segment(const struct elf_segment *s, uint64 user_top, uint64 file_size) {
  if (s->memsz < s->filesz || s->vaddr % PAGE != 0)
    return ERR_NOEXEC;
  if (s->vaddr + s->memsz < s->vaddr || s->vaddr + s->memsz > user_top)
    return ERR_NOEXEC;
  if (s->offset + s->filesz < s->offset || s->offset + s->filesz > file_size)
    return ERR_NOEXEC;
  return 0;
}
