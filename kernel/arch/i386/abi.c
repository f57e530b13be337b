/* The x86 xv6 user ABI: system-call arguments are the 32-bit words above the
 * stub's return address on the user stack, and main(argc, argv) starts as if
 * called, on a stack that is only word aligned. */
#include "arch/abi.h"
#include "arch/arch.h"
#include "i386.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "params.h"
#include "proc/ustack.h"

#define WORD 4
#define FAKE_RETURN 0xFFFFFFFFU /* main's return address: kernel-only, so returning faults */

/* Argument n is the word at ESP + 4 + 4n. ESP is whatever the program left
 * there (usertests points it anywhere), so each word must lie wholly below
 * the process size and be readable; otherwise the call fails. */
int abi_syscall_args(struct trapframe *tf, struct aspace *as, int n, uint64 args[]) {
  for (int i = 0; i < n; i++) {
    uint64 at = (uint64)tf->user_esp + WORD + WORD * i;
    uint32 word;
    if (at + WORD > as->size || copyin(as, &word, (uintptr)at, WORD) < 0)
      return -EFAULT;
    args[i] = word;
  }
  return 0;
}

/* From the top of the stack page down: the strings (argv[0] highest), the
 * argv table and its 0, then argv, argc and a return address that faults:
 * ESP points at that last word, as after a call of main(argc, argv). */
int64 abi_exec_frame(struct user_stack *st, char **argv, uintptr entry, struct trapframe *tf) {
  uint32 pointers[MAXARG + 1];
  int argc = 0;
  for (; argv[argc]; argc++) {
    if (argc == MAXARG)
      return -E2BIG;
    pointers[argc] = ustack_push(st, argv[argc], strlen(argv[argc]) + 1, WORD);
    if (!pointers[argc])
      return -E2BIG;
  }
  pointers[argc] = 0;
  uintptr table = ustack_push(st, pointers, (argc + 1) * WORD, WORD);
  uint32 call[3] = {FAKE_RETURN, (uint32)argc, (uint32)table};
  uintptr sp = table ? ustack_push(st, call, sizeof(call), WORD) : 0;
  if (!sp)
    return -E2BIG;
  memset(tf, 0, sizeof(*tf));
  tf->cs = SEL_UCODE;
  tf->ds = tf->es = tf->user_ss = SEL_UDATA; /* FS and GS stay null */
  tf->eflags = EFLAGS_IF;                    /* IOPL 0: user IN/OUT fault */
  tf->eip = entry;
  tf->user_esp = sp;
  return 0;
}
