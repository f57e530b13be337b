/* The RISC-V user ABI: system-call arguments arrive in a0-a5, and main(argc,
 * argv) starts with argc in a0, argv in a1 and a 16-byte aligned stack. */
#include "arch/abi.h"
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "params.h"
#include "proc/ustack.h"

#define STACK_ALIGN 16

int abi_syscall_args(struct trapframe *tf, struct aspace *as, int n, uint64 args[]) {
  (void)as; /* registers, so a fetch cannot fail */
  for (int i = 0; i < n; i++)
    args[i] = tf->x[REG_A0 + i];
  return 0;
}

int64 abi_exec_frame(struct user_stack *st, char **argv, uintptr entry, struct trapframe *tf) {
  uint64 pointers[MAXARG + 1];
  int argc = 0;
  for (; argv[argc]; argc++) {
    if (argc == MAXARG)
      return -E2BIG;
    pointers[argc] = ustack_push(st, argv[argc], strlen(argv[argc]) + 1, STACK_ALIGN);
    if (!pointers[argc])
      return -E2BIG;
  }
  pointers[argc] = 0;
  uintptr table = ustack_push(st, pointers, (argc + 1) * sizeof(uint64), STACK_ALIGN);
  if (!table)
    return -E2BIG;
  memset(tf->x, 0, sizeof(tf->x));
  tf->epc = entry;
  tf->x[REG_SP] = table;
  tf->x[REG_A0 + 1] = table;
  return argc; /* exec's result is a0: argc */
}
