/* exec: builds a new address space from an ELF file on disk (segments,
 * guard page, one stack page holding the arguments) and switches to it. */
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "proc/elf.h"
#include "proc/internal.h"
#include "proc/ustack.h"

/* The protection a segment's ELF flags ask for; the arch adds what its
 * hardware needs besides (a writable page is readable on RISC-V). */
static int segment_prot(uint32 flags) {
  int prot = PROT_USER;
  if (flags & ELF_PF_R)
    prot |= PROT_READ;
  if (flags & ELF_PF_W)
    prot |= PROT_WRITE;
  if (flags & ELF_PF_X)
    prot |= PROT_EXEC;
  return prot;
}

/* Maps one segment and reads its file bytes; with ip locked. */
static int load_segment(struct aspace *as, struct inode *ip, const struct elf_segment *seg) {
  int err = as_grow(as, seg->vaddr, seg->vaddr + seg->memsz, segment_prot(seg->flags));
  if (err)
    return err;
  for (uint64 done = 0; done < seg->filesz; done += PAGE_SIZE) {
    uintptr pa = as_frame_at(as, seg->vaddr + done);
    uint32 n = MIN(PAGE_SIZE, seg->filesz - done);
    /* the offset fits 32 bits: elf_check_segment kept it inside the file */
    uint32 off = (uint32)(seg->offset + done);
    if (!pa || inode_read(ip, false, (uintptr)arch_pa_to_kva(pa), off, n) != (int)n)
      return -ENOEXEC;
  }
  return 0;
}

/* Reads exactly n bytes at off (a 64-bit file offset) into a kernel buffer. */
static bool read_exact(struct inode *ip, void *buf, uint64 off, uint32 n) {
  return off + n <= inode_size(ip) && inode_read(ip, false, (uintptr)buf, (uint32)off, n) == (int)n;
}

/* Loads every PT_LOAD segment; returns the end of the image or -E. */
static int64 load_image(struct aspace *as, struct inode *ip, uintptr *entry) {
  uint8 bytes[ELF_HEADER_MAX];
  struct elf_image img;
  uint32 have = MIN(sizeof(bytes), inode_size(ip));
  if (!read_exact(ip, bytes, 0, have) ||
      elf_read_image(bytes, have, ABI_ELF_CLASS, ABI_ELF_MACHINE, &img))
    return -ENOEXEC;
  uintptr end = 0;
  for (uint32 i = 0; i < img.phnum; i++) {
    struct elf_segment seg;
    int64 off = elf_segment_offset(&img, i, inode_size(ip));
    if (off < 0 || !read_exact(ip, bytes, off, img.phentsize))
      return -ENOEXEC;
    elf_read_segment(&img, bytes, &seg);
    if (seg.type != ELF_PT_LOAD)
      continue;
    if (elf_check_segment(&seg, arch_user_top() - 2 * PAGE_SIZE, inode_size(ip)) || seg.vaddr < end)
      return -ENOEXEC;
    int err = load_segment(as, ip, &seg);
    end = PAGE_ROUND_UP(seg.vaddr + seg.memsz);
    as->size = end;
    if (err)
      return err;
  }
  *entry = img.entry;
  return end ? (int64)end : -ENOEXEC;
}

/* Loads the program and gives it a guard page and a stack page holding argv;
 * returns exec's result for the new image (see abi_exec_frame) or -E. */
static int64 build_image(struct aspace *as, const char *path, char **argv, struct trapframe *tf) {
  fs_op_begin();
  struct inode *ip = 0;
  int found = path_resolve(path, &ip);
  if (found < 0) {
    fs_op_end();
    return found;
  }
  uintptr entry = 0;
  int64 end = inode_lock(ip);
  if (end == 0) {
    end = inode_is_file(ip) ? load_image(as, ip, &entry) : -EISDIR;
    inode_unlock(ip);
  }
  inode_put(ip);
  fs_op_end();
  if (end < 0)
    return end;
  /* guard page (kernel-only), then one stack page; the break starts above */
  as->size = end + 2 * PAGE_SIZE;
  int err = as_grow(as, end, end + PAGE_SIZE, PROT_READ);
  if (!err)
    err = as_grow(as, end + PAGE_SIZE, end + 2 * PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_USER);
  if (err)
    return err;
  as->image_end = end;
  as->heap_start = as->size = end + 2 * PAGE_SIZE;
  struct user_stack stack = {as, as->size, as->size - PAGE_SIZE};
  return abi_exec_frame(&stack, argv, entry, tf);
}

static const char *last_component(const char *path) {
  const char *name = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      name = s + 1;
  return name;
}

int64 exec(const char *path, char **argv) {
  struct proc *p = myproc();
  struct aspace next;
  struct trapframe tf = *p->tf; /* the new image's registers, installed only on success */
  int64 err = as_create(&next);
  if (err)
    return err;
  int64 result = build_image(&next, path, argv, &tf);
  if (result < 0) {
    as_destroy(&next);
    return result;
  }
  as_replace(&p->as, &next);
  as_destroy(&next); /* now holds the old image */
  *p->tf = tf;
  strlcpy(p->name, last_component(path), sizeof(p->name));
  return result;
}
