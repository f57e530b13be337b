/* The frame table: every physical page frame of RAM above the kernel,
 * its reference count, and the pool of free frames. Sole owner of counts. */
#ifndef MOO_FRAME_H
#define MOO_FRAME_H

#include "lib/types.h"

void frame_init(uintptr first, uintptr end);
/* A new frame with count 1 (contents undefined), or 0 when none is free. */
uintptr frame_alloc(void);
/* Like frame_alloc, but the frame is filled with zeros. */
uintptr frame_alloc_zeroed(void);
void frame_get(uintptr pa); /* one more reference */
bool frame_put(uintptr pa); /* one fewer; frees the frame at zero (then true) */
/* One fewer when the caller's reference is not the last (then true); false,
 * dropping nothing, when it is: the caller then alone owns the frame and what
 * it holds, and must release that before its frame_put. */
bool frame_put_shared(uintptr pa);
uint32 frame_refs(uintptr pa);   /* current count (a snapshot) */
uint64 frame_free_count(void);   /* exact number of free frames */
uint64 frame_total_count(void);  /* frames managed by the table */
uint64 frame_shared_count(void); /* frames with more than one reference */

#endif
