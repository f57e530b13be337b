# Trap entry and exit. Each of the 256 vectors has a stub that makes every
# frame look alike (a zero where the CPU pushes no error code, then the vector)
# and joins trap_common, which saves the rest of struct trapframe (archdefs.h),
# loads the kernel's segments and calls i386_trap(frame).

.cfi_sections .debug_frame

#define SEL_KDATA (2 << 3)
#define SEL_PERCPU (6 << 3)

.altmacro
.macro vector_stub n
  .text
  .balign 4
vector_\n:
  .if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17)
  .else
    pushl $0
  .endif
  pushl $\n
  jmp trap_common
  .section .rodata
  .long vector_\n
.endm

.section .rodata
.balign 4
.globl trap_vectors
trap_vectors:
.set n, 0
.rept 256
  vector_stub %n
  .set n, n + 1
.endr

.text
# The outermost frame of every trap, from user or kernel mode, for a debugger.
trap_common:
trap_vector:
    .cfi_startproc
    .cfi_undefined 8
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    movw $SEL_KDATA, %ax
    movw %ax, %ds
    movw %ax, %es
    movw $SEL_PERCPU, %ax    # arch_hart_id reads this CPU's record through GS
    movw %ax, %gs
    cld                      # user code may have left DF set; C expects it clear
    pushl %esp
    call i386_trap
    addl $4, %esp
    .cfi_endproc
    # fall through: i386_trap returns only for traps from the kernel

# Unwinds the frame at ESP and returns to where it was taken.
.globl trap_exit
trap_exit:
    popal
    popl %gs
    popl %fs
    popl %es
    popl %ds
    addl $8, %esp            # vector and error code
    iret

# enter_user(frame): runs trap_exit on a frame prepared at the top of this
# kernel stack. Does not return.
.globl enter_user
enter_user:
    movl 4(%esp), %esp
    jmp trap_exit
