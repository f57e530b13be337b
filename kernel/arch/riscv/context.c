/* Kernel thread contexts and the user trap frame: the register-level
 * details of starting, resuming and returning values to a process. */
#include "arch/arch.h"
#include "lib/string.h"
#include "mm/frame.h"

void arch_context_init(struct context *ctx, void (*entry)(void), uintptr stack_top) {
  memset(ctx, 0, sizeof(*ctx));
  ctx->ra = (uint64)entry;
  ctx->sp = stack_top;
}

void arch_tf_set_result(struct trapframe *tf, uint64 value) { tf->x[REG_A0] = value; }

uint64 arch_tf_syscall_number(struct trapframe *tf) { return tf->x[REG_A7]; }

void arch_tf_copy_for_fork(struct trapframe *child, const struct trapframe *parent) {
  memcpy(child->x, parent->x, sizeof(child->x));
  child->epc = parent->epc;
  child->x[REG_A0] = 0; /* fork returns 0 in the child */
}

uintptr arch_tf_pc(struct trapframe *tf) { return tf->epc; }

/* The trap frame gets a frame of its own: the trampoline saves user registers
 * into it through a mapping in the process's table (TRAPFRAME_VA). */
struct trapframe *arch_tf_alloc(uintptr kstack_top) {
  (void)kstack_top;
  uintptr pa = frame_alloc_zeroed();
  return pa ? arch_pa_to_kva(pa) : 0;
}

void arch_tf_free(struct trapframe *tf) { frame_put(arch_kva_to_pa(tf)); }
