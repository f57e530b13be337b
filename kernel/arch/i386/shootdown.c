/* TLB shootdown: the other CPUs reload CR3 on an IPI, and the sender waits
 * until every one of them has done so. Without either flush, t_dedup and
 * t_tlb fail (docs/fork.md). */
#include "arch/arch.h"
#include "dev/platform.h"
#include "i386.h"

static volatile int pending;
static volatile int busy;

void shootdown_ack(void) {
  __atomic_sub_fetch(&pending, 1, __ATOMIC_ACQ_REL);
}

/* Interrupts stay as the caller has them: with two senders at once, each
 * must be able to take the other's IPI while it waits (they are serialized,
 * but the waiter for `busy` must still answer). */
void arch_tlb_shootdown(void) {
  while (__atomic_exchange_n(&busy, 1, __ATOMIC_ACQUIRE))
    ;
  if (platform.nharts > 1) {
    __atomic_store_n(&pending, platform.nharts - 1, __ATOMIC_RELEASE);
    lapic_send_shootdown();
    while (__atomic_load_n(&pending, __ATOMIC_ACQUIRE) > 0)
      ;
  }
  __atomic_store_n(&busy, 0, __ATOMIC_RELEASE);
  arch_tlb_flush_all();
}
