/* Spin locks built on atomic swap, and the per-hart nesting of interrupt
 * disabling that lets a hart hold several locks at once. */
#include "lib/spinlock.h"
#include "arch/arch.h"
#include "lib/printf.h"
#include "proc/proc.h"

void spin_init(struct spinlock *lk, const char *name) {
  lk->locked = 0;
  lk->name = name;
  lk->owner = -1;
}

void spin_lock(struct spinlock *lk) {
  intr_push();
  if (spin_held(lk))
    panic("spin_lock: %s already held by this hart", lk->name);
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
    while (lk->locked)
      ;
  lk->owner = arch_hart_id();
}

void spin_unlock(struct spinlock *lk) {
  if (!spin_held(lk))
    panic("spin_unlock: %s not held", lk->name);
  lk->owner = -1;
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
  intr_pop();
}

/* Call with interrupts off. */
bool spin_held(struct spinlock *lk) { return lk->locked && lk->owner == arch_hart_id(); }

void intr_push(void) {
  bool was_on = arch_intr_enabled();
  arch_intr_off();
  struct cpu *c = this_cpu();
  if (c->intr_depth == 0)
    c->intr_was_on = was_on;
  c->intr_depth++;
}

void intr_pop(void) {
  struct cpu *c = this_cpu();
  if (arch_intr_enabled())
    panic("intr_pop: interrupts on");
  if (c->intr_depth < 1)
    panic("intr_pop: unbalanced");
  c->intr_depth--;
  if (c->intr_depth == 0 && c->intr_was_on)
    arch_intr_on();
}
