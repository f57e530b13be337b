/* Spin locks: an atomic swap takes the lock, a plain read spins while it is
 * taken (so waiting harts do not keep stealing the line with writes). */
#include "lib/spinlock.h"
#include "arch/arch.h"
#include "lib/printf.h"

void spin_init(struct spinlock *lk, const char *name) {
  lk->locked = 0;
  lk->name = name;
  lk->owner = -1;
  lk->taken_at = 0;
  lk->irq.was_on = false;
}

void spin_lock(struct spinlock *lk) {
  /* first: an interrupt on this hart must not find the lock held by us */
  struct irq_guard section = irq_save();
  if (spin_held(lk))
    panic("spin_lock: %s taken twice by hart %d (first at %p)", lk->name, arch_hart_id(),
          lk->taken_at);
  for (;;) {
    if (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) == 0)
      break;
    while (__atomic_load_n(&lk->locked, __ATOMIC_RELAXED))
      ;
  }
  lk->owner = arch_hart_id();
  lk->taken_at = __builtin_return_address(0);
  lk->irq = section;
}

void spin_unlock(struct spinlock *lk) {
  if (!spin_held(lk))
    panic("spin_unlock: %s is not held by hart %d", lk->name, arch_hart_id());
  struct irq_guard section = lk->irq; /* before the release: the next holder overwrites it */
  lk->owner = -1;
  lk->taken_at = 0;
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE); /* publishes the section's writes */
  irq_restore(section);
}

void spin_handover(struct spinlock *from, struct spinlock *to) {
  spin_lock(to);
  struct irq_guard outer = from->irq;
  from->irq = to->irq; /* began with interrupts off: ending it changes nothing */
  to->irq = outer;
  spin_unlock(from);
}

/* Only this hart can make owner equal its own id, so the unlocked read is safe. */
bool spin_held(struct spinlock *lk) {
  return lk->locked && lk->owner == arch_hart_id();
}
