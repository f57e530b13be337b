/* exec: builds a new address space from an ELF file on disk (segments,
 * guard page, one stack page holding the arguments) and switches to it. */
#include "fs/fs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "proc/elf.h"
#include "proc/internal.h"

static int segment_prot(uint32 flags) {
  int prot = PROT_USER;
  if (flags & ELF_PF_R) prot |= PROT_READ;
  if (flags & ELF_PF_W) prot |= PROT_WRITE;
  if (flags & ELF_PF_X) prot |= PROT_EXEC;
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
    if (!pa || inode_read(ip, false, (uintptr)arch_pa_to_kva(pa), seg->offset + done, n) != n)
      return -ENOEXEC;
  }
  return 0;
}

/* Loads every PT_LOAD segment; returns the end of the image or -E. */
static int64 load_image(struct aspace *as, struct inode *ip, uintptr *entry) {
  struct elf_header h;
  if (inode_read(ip, false, (uintptr)&h, 0, sizeof(h)) != sizeof(h) || elf_check_header(&h))
    return -ENOEXEC;
  uintptr end = 0;
  for (int i = 0; i < h.phnum; i++) {
    struct elf_segment seg;
    uint32 off = h.phoff + i * sizeof(seg);
    if (inode_read(ip, false, (uintptr)&seg, off, sizeof(seg)) != sizeof(seg))
      return -ENOEXEC;
    if (seg.type != ELF_PT_LOAD)
      continue;
    if (elf_check_segment(&seg, arch_user_top() - 2 * PAGE_SIZE) || seg.vaddr < end)
      return -ENOEXEC;
    int err = load_segment(as, ip, &seg);
    end = PAGE_ROUND_UP(seg.vaddr + seg.memsz);
    as->size = end;
    if (err)
      return err;
  }
  *entry = h.entry;
  return end ? (int64)end : -ENOEXEC;
}

/* Copies the argument strings and the argv array to the top of the stack
 * page; returns the new sp (argv is at sp) or -E2BIG. */
static int64 push_arguments(struct aspace *as, uintptr stack_top, char **argv, int *argc) {
  uintptr sp = stack_top, stack_base = stack_top - PAGE_SIZE;
  uintptr ptrs[MAXARG + 1];
  int n = 0;
  for (; argv[n]; n++) {
    if (n >= MAXARG)
      return -E2BIG;
    size_t len = strlen(argv[n]) + 1;
    if (sp - stack_base < len)
      return -E2BIG;
    sp = (sp - len) & ~15UL;
    if (sp < stack_base || copyout(as, sp, argv[n], len) < 0)
      return -E2BIG;
    ptrs[n] = sp;
  }
  ptrs[n] = 0;
  size_t table = (n + 1) * sizeof(uintptr);
  if (sp - stack_base < table + 16)
    return -E2BIG;
  sp = (sp - table) & ~15UL;
  if (copyout(as, sp, ptrs, table) < 0)
    return -E2BIG;
  *argc = n;
  return sp;
}

static int build_image(struct aspace *as, const char *path, char **argv, uintptr *entry,
                       uintptr *sp, int *argc) {
  fs_op_begin();
  struct inode *ip = path_lookup(path);
  if (!ip) {
    fs_op_end();
    return -ENOENT;
  }
  inode_lock(ip);
  int64 end = inode_is_file(ip) ? load_image(as, ip, entry) : -EISDIR;
  inode_unlock_put(ip);
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
  int64 top = push_arguments(as, as->size, argv, argc);
  if (top < 0)
    return top;
  *sp = top;
  return 0;
}

static const char *last_component(const char *path) {
  const char *name = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      name = s + 1;
  return name;
}

int exec(const char *path, char **argv) {
  struct proc *p = myproc();
  struct aspace next;
  uintptr entry = 0, sp = 0;
  int argc = 0;
  int err = as_create(&next, arch_kva_to_pa(p->tf));
  if (err)
    return err;
  err = build_image(&next, path, argv, &entry, &sp, &argc);
  if (err) {
    as_destroy(&next);
    return err;
  }
  as_replace(&p->as, &next);
  as_destroy(&next); /* now holds the old image */
  arch_tf_setup_exec(p->tf, entry, sp, argc, sp);
  strlcpy(p->name, last_component(path), sizeof(p->name));
  return argc; /* becomes a0 = argc in the new image */
}
