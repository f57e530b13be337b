/* Spin locks for short critical sections shared between harts.
 * Holding one keeps interrupts off on this hart (see intr_push/intr_pop). */
#ifndef MOO_SPINLOCK_H
#define MOO_SPINLOCK_H

#include "lib/types.h"

struct spinlock {
  volatile uint32 locked;
  const char *name;
  int owner; /* hart id of the holder, -1 when free */
};

void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_held(struct spinlock *lk);

/* Nestable interrupt disable: the outermost pop restores the state saved
 * by the outermost push. */
void intr_push(void);
void intr_pop(void);

#endif
