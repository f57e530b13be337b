/* Interrupt-off sections, per hart. irq_save turns interrupts off and returns a guard saying
 * whether they were on; irq_restore ends that section. Sections may end in any order. */
#ifndef MOO_INTRNEST_H
#define MOO_INTRNEST_H

#include "lib/types.h"

struct irq_guard {
  bool was_on; /* interrupts were on when the section began */
};

struct irq_guard irq_save(void);
/* Ends a section. The hart turns interrupts back on when its last open section ends and
 * some section that ended since it was last on had found them on. */
void irq_restore(struct irq_guard g);
int irq_open_sections(void); /* on this hart; call with interrupts off */
/* Is g's section the only thing this hart remembers, so that a thread switching away can
 * take g along and leave the hart with nothing of its own? Call with interrupts off. */
bool irq_alone(void);

#endif
