/* A process's user address space: its page table, its break, and the
 * layout of its image. Every change to a user page-table entry is made here. */
#ifndef MOO_ASPACE_H
#define MOO_ASPACE_H

#include "arch/arch.h"
#include "lib/spinlock.h"
#include "lib/types.h"
#include "mm/prot.h"

/* Access kinds a fault can ask for. */
enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };

struct aspace {
  struct spinlock lock; /* guards the user entries of pt against other harts (dedup, stats) */
  pagetable_t pt;
  uintptr size;       /* break: user memory is [0, size) */
  uintptr image_end;  /* end of the loaded program, page aligned; guard page follows */
  uintptr heap_start; /* top of the stack page: where sbrk began */
  /* Frames never shared with another space (fork copies them, dedup leaves
   * them), so no write here ever needs a new frame: for init, which must
   * never be killed for want of memory. Kept across exec. */
  bool never_shared;
};

int as_create(struct aspace *as);   /* an empty address space; 0 or -ENOMEM */
void as_destroy(struct aspace *as); /* drops every frame and table page */
/* Maps fresh zeroed frames over [from, to) with prot; undoes itself on failure. */
int as_grow(struct aspace *as, uintptr from, uintptr to, int prot);
/* Unmaps [from, to), drops the frames and frees the table pages left empty.
 * 0, or -ENOMEM when a table shared since fork had to be copied and could not. */
int as_shrink(struct aspace *as, uintptr from, uintptr to);
/* Gives dst the same user mappings as src (copy-on-write or eager by build). */
int as_fork(struct aspace *dst, struct aspace *src);
/* The single fault path: makes va accessible for the given access, copying a
 * shared page when needed. 0, -EFAULT (not allowed) or -ENOMEM. */
int as_fault(struct aspace *as, uintptr va, enum access access);
/* As as_fault, with as->lock held: 0 when the entry already allowed the
 * access, 1 when it was changed to allow it, or -E; on success *pa (unless 0)
 * is the frame's address. */
int as_fault_locked(struct aspace *as, uintptr va, enum access access, uintptr *pa);
/* Copy-on-write faults since boot that copied the frame, and that kept it
 * (the faulting space was its last user). */
void as_cow_counts(unsigned long *copied, unsigned long *reused);
/* The frame mapped at va, whatever its protection, or 0: for filling a new
 * image before it runs. */
uintptr as_frame_at(struct aspace *as, uintptr va);
/* Installs next's mappings and layout in as; next receives the old ones. */
void as_replace(struct aspace *as, struct aspace *next);

#endif
