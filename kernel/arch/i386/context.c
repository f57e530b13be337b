/* Kernel thread contexts and the user trap frame: starting a thread, where
 * the frame lives, and where system-call numbers and results are kept. */
#include "arch/arch.h"
#include "i386.h"
#include "lib/string.h"

void thread_start(void); /* switch.S: calls EBX */

/* A new thread starts at thread_start, which calls entry, below the trap
 * frame at the top of its stack (arch_return_to_user fills that frame in place). */
void arch_context_init(struct context *ctx, void (*entry)(void), uintptr stack_top) {
  memset(ctx, 0, sizeof(*ctx));
  ctx->esp = stack_top - sizeof(struct trapframe) - 16;
  ctx->eip = (uint32)thread_start;
  ctx->ebx = (uint32)entry;
}

/* The frame the CPU and trapentry.S build on a trap from user mode: at the
 * top of the kernel stack, since the TSS sends every such trap there. */
struct trapframe *arch_tf_alloc(uintptr kstack_top) {
  return (struct trapframe *)(kstack_top - sizeof(struct trapframe));
}

void arch_tf_free(struct trapframe *tf) {
  (void)tf;
}

void arch_tf_set_result(struct trapframe *tf, uint64 value) {
  tf->eax = (uint32)value;
}

uint64 arch_tf_syscall_number(struct trapframe *tf) {
  return tf->eax;
}

void arch_tf_copy_for_fork(struct trapframe *child, const struct trapframe *parent) {
  memcpy(child, parent, sizeof(*child));
  child->eax = 0; /* fork returns 0 in the child */
}

uintptr arch_tf_pc(struct trapframe *tf) {
  return tf->eip;
}
