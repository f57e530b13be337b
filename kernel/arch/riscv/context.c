/* Kernel thread contexts and the user trap frame: the register-level
 * details of starting, resuming and returning values to a process. */
#include "arch/arch.h"
#include "lib/string.h"

void thread_start(void); /* switch.S: calls the function in s1 */

/* The thread starts below the trap frame, which owns the top of its stack. */
void arch_context_init(struct context *ctx, void (*entry)(void), uintptr stack_top) {
  memset(ctx, 0, sizeof(*ctx));
  ctx->ra = (uint64)thread_start;
  ctx->s[1] = (uint64)entry;
  ctx->sp = stack_top - TF_SIZE;
}

void arch_tf_set_result(struct trapframe *tf, uint64 value) {
  tf->x[REG_A0] = value;
}

uint64 arch_tf_syscall_number(struct trapframe *tf) {
  return tf->x[REG_A7];
}

void arch_tf_copy_for_fork(struct trapframe *child, const struct trapframe *parent) {
  memcpy(child->x, parent->x, sizeof(child->x));
  child->epc = parent->epc;
  child->x[REG_A0] = 0; /* fork returns 0 in the child */
}

uintptr arch_tf_pc(struct trapframe *tf) {
  return tf->epc;
}

/* The trap frame is the top of the kernel stack, where trapvec.S saves the
 * user registers on entry: it costs no memory of its own. */
struct trapframe *arch_tf_alloc(uintptr kstack_top) {
  struct trapframe *tf = (struct trapframe *)(kstack_top - TF_SIZE);
  memset(tf, 0, sizeof(*tf));
  return tf;
}

void arch_tf_free(struct trapframe *tf) {
  (void)tf;
}
