/* Spin locks for short critical sections shared between harts. Holding one
 * keeps interrupts off on this hart (lib/intrnest.h), so a lock is never
 * wanted by an interrupt handler on the hart that holds it. */
#ifndef MOO_SPINLOCK_H
#define MOO_SPINLOCK_H

#include "lib/intrnest.h"
#include "lib/types.h"

struct spinlock {
  volatile uint32 locked;
  const char *name;
  int owner;            /* hart id of the holder, -1 when free */
  const void *taken_at; /* the holder's call site, for diagnostics */
  struct irq_guard irq; /* the holder's interrupt-off section, ended by the unlock */
};

void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_held(struct spinlock *lk); /* by this hart; call with interrupts off */
/* With from held: takes to, then lets from go, interrupts off throughout. from's section
 * passes to to, so the hart is left with one section, as if to alone had been taken. */
void spin_handover(struct spinlock *from, struct spinlock *to);

#endif
