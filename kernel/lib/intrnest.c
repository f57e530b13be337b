/* Per-hart interrupt nesting (see intrnest.h). The state is indexed by hart
 * id and only ever touched by its own hart with interrupts off. */
#include "lib/intrnest.h"
#include "arch/arch.h"
#include "lib/printf.h"
#include "params.h"

static struct {
  int depth;         /* intr_push calls not yet popped */
  bool restore_on;   /* interrupts were on at the outermost push */
} nest[NCPU];

void intr_push(void) {
  bool was_on = arch_intr_enabled();
  arch_intr_off(); /* before touching nest: this hart may not be preempted */
  int h = arch_hart_id();
  if (nest[h].depth++ == 0)
    nest[h].restore_on = was_on;
}

void intr_pop(void) {
  int h = arch_hart_id();
  if (arch_intr_enabled())
    panic("intr_pop: interrupts are on inside a push");
  if (nest[h].depth < 1)
    panic("intr_pop: no matching push");
  if (--nest[h].depth == 0 && nest[h].restore_on)
    arch_intr_on();
}

int intr_depth(void) { return nest[arch_hart_id()].depth; }

bool intr_saved(void) { return nest[arch_hart_id()].restore_on; }

void intr_set_saved(bool on) { nest[arch_hart_id()].restore_on = on; }
