/* Leaf page tables shared copy-on-write between address spaces (the
 * on-demand-fork design): for mm/ only, with the aspace's lock held. */
#ifndef MOO_PTSHARE_H
#define MOO_PTSHARE_H

#include "mm/aspace.h"

/* Gives dst every leaf table of src over [0, src->size), shared: each table's
 * writable entries are made copy-on-write once (the table keeps a mark), and
 * its frame gains a reference. 0, or -ENOMEM with dst partly built. */
int pt_share_all(struct aspace *dst, struct aspace *src);
/* Makes the leaf table for va (if any) one that only as uses, copying it
 * when shared (the copy takes a reference on every frame it maps). 0 or -ENOMEM. */
int pt_make_private(struct aspace *as, uintptr va);
/* The entry for va in a leaf table only as uses, copying a shared table first
 * (the copy takes a reference on every frame it maps). With create, a missing
 * table is made; with writable, the table loses its read-only mark because the
 * caller is about to store a writable entry. 0 when absent or out of memory. */
pte_t *pt_private_entry(struct aspace *as, uintptr va, bool create, bool writable);
/* Unmaps [from, to) (page aligned): a table mapping nothing outside the range
 * is let go of whole (only the reference, while others share it); others drop
 * the frames of their entries in range, after a copy if shared. 0, or -ENOMEM
 * when such a copy could not be made (pt_make_private first avoids it). */
int pt_unmap(struct aspace *as, uintptr from, uintptr to);
/* Does another address space use the leaf table holding this entry? */
bool pt_entry_shared(const pte_t *pte);

#endif
