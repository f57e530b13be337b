/* Kernel thread contexts and the user trap frame: the register-level
 * details of starting, resuming and returning values to a process. */
#include "arch/arch.h"
#include "lib/string.h"

void arch_context_init(struct context *ctx, void (*entry)(void), uintptr stack_top) {
  memset(ctx, 0, sizeof(*ctx));
  ctx->ra = (uint64)entry;
  ctx->sp = stack_top;
}

void arch_tf_setup_exec(struct trapframe *tf, uintptr entry, uintptr sp, uint64 argc,
                        uintptr argv) {
  memset(tf->x, 0, sizeof(tf->x));
  tf->epc = entry;
  tf->x[REG_SP] = sp;
  tf->x[REG_A0] = argc;
  tf->x[REG_A0 + 1] = argv;
}

void arch_tf_set_result(struct trapframe *tf, uint64 value) { tf->x[REG_A0] = value; }

uint64 arch_tf_syscall_number(struct trapframe *tf) { return tf->x[REG_A7]; }

uint64 arch_tf_syscall_arg(struct trapframe *tf, int n) { return tf->x[REG_A0 + n]; }

void arch_tf_copy_for_fork(struct trapframe *child, const struct trapframe *parent) {
  memcpy(child->x, parent->x, sizeof(child->x));
  child->epc = parent->epc;
  child->x[REG_A0] = 0; /* fork returns 0 in the child */
}

uintptr arch_tf_pc(struct trapframe *tf) { return tf->epc; }
