/* Validation of ELF headers and segments, kept free of kernel state so the
 * host unit tests can run it unchanged. */
#include "proc/elf.h"

#define ERR_NOEXEC (-8)
#define PAGE 4096

int elf_check_header(const struct elf_header *h) {
  if (h->magic != ELF_MAGIC || h->class_ != ELF_CLASS64 || h->data != ELF_DATA_LSB)
    return ERR_NOEXEC;
  if (h->type != ELF_TYPE_EXEC || h->machine != ELF_MACHINE_RISCV)
    return ERR_NOEXEC;
  if (h->phentsize != sizeof(struct elf_segment) || h->phnum == 0 || h->phnum > 64)
    return ERR_NOEXEC;
  return 0;
}

int elf_check_segment(const struct elf_segment *s, uint64 user_top) {
  if (s->memsz < s->filesz)
    return ERR_NOEXEC;
  if (s->vaddr % PAGE != 0)
    return ERR_NOEXEC;
  if (s->vaddr + s->memsz < s->vaddr || s->vaddr + s->memsz > user_top)
    return ERR_NOEXEC;
  if (s->offset + s->filesz < s->offset)
    return ERR_NOEXEC;
  return 0;
}
