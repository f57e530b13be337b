/* Nested interrupt disabling, per hart: the outermost intr_push remembers
 * whether interrupts were on, and the matching intr_pop puts that back. */
#ifndef MOO_INTRNEST_H
#define MOO_INTRNEST_H

#include "lib/types.h"

void intr_push(void);
void intr_pop(void);
int intr_depth(void); /* pushes outstanding on this hart; call with interrupts off */

/* What the outermost pop will restore belongs to the thread that pushed, not
 * to the hart: a thread that switches away while holding a lock takes it
 * along (intr_saved before the switch, intr_set_saved after, perhaps on
 * another hart). */
bool intr_saved(void);
void intr_set_saved(bool on);

#endif
