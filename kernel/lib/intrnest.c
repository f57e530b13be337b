/* Interrupt-off sections (see intrnest.h). Each hart's record is touched only by that
 * hart, with interrupts off, so it needs no lock. */
#include "lib/intrnest.h"
#include "arch/arch.h"
#include "lib/printf.h"
#include "params.h"

#define MAX_OPEN 64 /* far past any real nesting: more means sections that never end */

static struct hart_irq {
  int open;     /* sections begun and not yet ended */
  bool owed_on; /* an ended section found interrupts on: turn them on when open drops to 0 */
} harts[NCPU];

struct irq_guard irq_save(void) {
  struct irq_guard g = {arch_intr_enabled()};
  arch_intr_off(); /* first: from here this hart cannot be interrupted or rescheduled */
  struct hart_irq *h = &harts[arch_hart_id()];
  if (h->open == MAX_OPEN)
    panic("irq_save: hart %d has %d sections open: one is never ended", arch_hart_id(), h->open);
  h->open++;
  return g;
}

void irq_restore(struct irq_guard g) {
  struct hart_irq *h = &harts[arch_hart_id()];
  bool on = arch_intr_enabled();
  if (on || h->open == 0)
    panic("irq_restore: hart %d with %d sections open and interrupts %s", arch_hart_id(), h->open,
          on ? "on" : "off");
  h->owed_on |= g.was_on;
  if (--h->open > 0)
    return;
  bool turn_on = h->owed_on;
  h->owed_on = false;
  if (turn_on)
    arch_intr_on(); /* last: the record is settled before an interrupt can look at it */
}

int irq_open_sections(void) {
  return harts[arch_hart_id()].open;
}

bool irq_alone(void) {
  const struct hart_irq *h = &harts[arch_hart_id()];
  return h->open == 1 && !h->owed_on;
}
