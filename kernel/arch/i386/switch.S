# arch_switch(from, to): saves the current kernel thread's callee-saved
# registers in *from and resumes the thread saved in *to (struct context).
#
# It also puts the CPU on the kernel's page directory. A thread that resumes
# reloads its user directory on its way back to user mode anyway, and a CPU
# must never sit on a process's directory after switching away from it:
# the process may exit on another CPU, which frees that directory.

.cfi_sections .debug_frame

# A new kernel thread starts here (arch_context_init): EBX holds its entry
# function. It is the thread's outermost frame; entry never returns.
.globl thread_start
thread_start:
    .cfi_startproc
    .cfi_undefined 8
    pushl $0                 # a frame of its own: a debugger walking frame pointers
    movl %esp, %ebp          # finds its base here, not 0 (which reads as "no caller")
    call *%ebx
    ud2
    .cfi_endproc

.globl arch_switch
arch_switch:
    movl 4(%esp), %eax       # from
    movl 8(%esp), %edx       # to
    movl %ebx, 0(%eax)
    movl %esi, 4(%eax)
    movl %edi, 8(%eax)
    movl %ebp, 12(%eax)
    leal 4(%esp), %ecx       # the stack as the caller will see it after return
    movl %ecx, 16(%eax)
    movl (%esp), %ecx        # return address
    movl %ecx, 20(%eax)
    movl kernel_dir_pa, %ecx
    movl %cr3, %eax
    cmpl %eax, %ecx
    je 1f
    movl %ecx, %cr3
1:
    movl 0(%edx), %ebx
    movl 4(%edx), %esi
    movl 8(%edx), %edi
    movl 12(%edx), %ebp
    movl 16(%edx), %esp
    jmp *20(%edx)
