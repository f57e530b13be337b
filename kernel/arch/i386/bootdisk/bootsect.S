# moo's boot sector (LBA 0 of build/i386/moo.img): the BIOS runs it at 0x7C00 in
# real mode; it loads the kernel ELF stored from LBA 1 and enters it as Multiboot would.
#
# Disk reads go through the BIOS (int 13h, AH=42h, LBA packets): the BIOS already
# drives whatever disk it booted from (IDE, AHCI, virtio), so this sector needs no
# controller code of its own, and it can stay in real mode until the very end. BIOS
# reads land below 1 MiB, so each chunk is copied up to the segment's physical address
# through "flat real mode" segments (DS and ES with a 4 GiB limit), rebuilt after
# every BIOS call since a BIOS may reload them. The memory size comes from int 15h
# AX=E801h, which reports exactly Multiboot's mem_upper (KiB above 1 MiB).

#define HDR_BUF 0x8000     /* the ELF header and program headers: the file's first 4 KiB */
#define HDR_SECTORS 8
#define BOUNCE 0x10000     /* where BIOS reads of segment data land ... */
#define BOUNCE_SEGMENT 0x1000
#define CHUNK_SECTORS 64   /* ... 32 KiB at a time */
#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define PT_LOAD 1
#define ELF_MAGIC 0x464C457F
#define MULTIBOOT_LOADER_MAGIC 0x2BADB002
#define COM1 0x3F8

.code16
.section .text
.globl bs_start
bs_start:
    cli
    ljmp $0, $canonical        # some BIOSes enter at 07C0:0000; our offsets assume CS = 0
canonical:
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7C00, %sp
    movb %dl, drive            # the BIOS says which disk it booted from
    sti
    inb $0x92, %al             # A20 on ("fast A20"), so addresses above 1 MiB do not wrap
    orb $2, %al
    andb $0xFE, %al
    outb %al, $0x92

    movw $0xE801, %ax          # AX or CX: KiB in [1, 16) MiB; BX or DX: 64 KiB blocks above
    int $0x15
    jc headers                 # no answer: the kernel's Multiboot path falls back to a guess
    jcxz 1f
    movw %cx, %ax
    movw %dx, %bx
1:  movzwl %ax, %eax
    movzwl %bx, %ebx
    shll $6, %ebx
    addl %ebx, %eax
    movl %eax, mb_mem_upper
    movb $1, mb_flags          # Multiboot info flag 0: the memory fields are valid

headers:
    movl $1, %eax              # the ELF file starts at LBA 1
    movw $HDR_SECTORS, %cx
    movw $(HDR_BUF >> 4), %bx
    call read_sectors
    cmpl $ELF_MAGIC, HDR_BUF
    jne fail
    movw HDR_BUF + 44, %ax     # e_phnum
    movw %ax, ph_left
    movw HDR_BUF + 28, %ax     # e_phoff (the headers lie within the first 4 KiB)
    addw $HDR_BUF, %ax
    movw %ax, ph_next

next_header:
    cmpw $0, ph_left
    je enter_kernel
    decw ph_left
    movw ph_next, %si
    addw $32, ph_next
    cmpl $PT_LOAD, (%si)
    jne next_header
    movl 20(%si), %eax         # p_memsz - p_filesz bytes to clear after the data
    subl 16(%si), %eax
    movl %eax, clear_bytes
    movl 16(%si), %ecx         # p_filesz
    movl 12(%si), %edi         # p_paddr
    movl 4(%si), %esi          # p_offset
    call load_segment
    jmp next_header

# Copies ECX bytes from file offset ESI to physical EDI, then clears clear_bytes more.
load_segment:
    jecxz clear
    movl %esi, %edx
    andl $511, %edx            # bytes of the first sector before the data
    pushal
    movl %ecx, %eax            # sectors = min(CHUNK, ceil((skip + left) / 512))
    addl %edx, %eax
    addl $511, %eax
    shrl $9, %eax
    cmpl $CHUNK_SECTORS, %eax
    jbe 1f
    movl $CHUNK_SECTORS, %eax
1:  movw %ax, %cx
    movl %esi, %eax
    shrl $9, %eax
    incl %eax                  # LBA: the boot sector comes first
    movw $BOUNCE_SEGMENT, %bx
    call read_sectors
    popal
    movl $(CHUNK_SECTORS * 512), %ebx   # this round's bytes: min(left, chunk - skip)
    subl %edx, %ebx
    cmpl %ecx, %ebx
    jbe 2f
    movl %ecx, %ebx
2:  pushl %ecx
    pushl %esi
    leal BOUNCE(%edx), %esi
    movl %ebx, %ecx
    addr32 rep movsb           # DS:ESI -> ES:EDI, both flat
    popl %esi
    popl %ecx
    addl %ebx, %esi
    subl %ebx, %ecx
    jmp load_segment
clear:
    movl clear_bytes, %ecx
    xorb %al, %al
    addr32 rep stosb
    ret

# Reads CX sectors from LBA EAX to BX:0000 through the BIOS, then makes DS and ES
# flat again. Clobbers EAX, EBX, ESI, EDX.
read_sectors:
    movw %cx, dap_count
    movw %bx, dap_segment
    movl %eax, dap_lba
    movw $dap, %si
    movb drive, %dl
    movb $0x42, %ah
    int $0x13
    jc fail
# Flat real mode: DS and ES keep base 0 but take a 4 GiB limit from a protected-mode load.
flat:
    call protection_on
    movw $SEL_DATA, %bx
    movw %bx, %ds
    movw %bx, %es
    andb $0xFE, %al
    movl %eax, %cr0
    xorw %bx, %bx
    movw %bx, %ds
    movw %bx, %es
    sti
    ret

fail:
    movw $fail_text, %si
    movw $COM1, %dx
1:  lodsb
    outb %al, %dx
    cmpb $0, %al
    jne 1b
2:  cli
    hlt
    jmp 2b

# Into 32-bit protected mode with Multiboot's register contract, then the ELF entry.
enter_kernel:
    call protection_on
    ljmpl $SEL_CODE, $protected

# Interrupts off, our GDT loaded, CR0.PE set; EAX keeps CR0's value.
protection_on:
    cli
    lgdtl gdt_desc
    movl %cr0, %eax
    orb $1, %al
    movl %eax, %cr0
    ret

.code32
protected:
    movw $SEL_DATA, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
    movl $MULTIBOOT_LOADER_MAGIC, %eax
    movl $mb_info, %ebx
    jmp *(HDR_BUF + 24)        # e_entry: a physical address, as for Multiboot

.balign 8
gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF   # code: base 0, limit 4 GiB, 32-bit, ring 0
    .quad 0x00CF92000000FFFF   # data: the same span
gdt_desc:
    .word gdt_desc - gdt - 1
    .long gdt

# The int 13h extended-read packet.
.balign 4
dap:
    .byte 16, 0
dap_count:
    .word 0
    .word 0                    # offset within dap_segment
dap_segment:
    .word 0
dap_lba:
    .long 0, 0

# A Multiboot information block with only the memory fields, which is all moo reads.
mb_info:
mb_flags:
    .long 0
    .long 640                  # mem_lower: KiB of base memory
mb_mem_upper:
    .long 0

drive:
    .byte 0
ph_left:
    .word 0
ph_next:
    .word 0
clear_bytes:
    .long 0
fail_text:
    .asciz "moo: boot failed\r\n"

    .org 510
    .byte 0x55, 0xAA
