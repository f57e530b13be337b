/* The boot page table: the one table entry.S switches to with paging off,
 * made of 1 GiB pages fixed at link time, so building it runs no code. */
#include "archdefs.h"

#define GIB_OF(pa) ((pa) & ~(uint64)(ROOT_SPAN - 1))
#define GIGAPAGE(pa, bits) ((((pa) >> 12) << 10) | (bits) | PTE_V | PTE_A | PTE_D)
#define LOAD_RWX (PTE_R | PTE_W | PTE_X) /* lower half: not global */
#define KERNEL_RWX (LOAD_RWX | PTE_G)
#define DEVICE_RW (PTE_R | PTE_W | PTE_G)

/* The image's GiB at its load address (entry.S runs there until it jumps to
 * the link address) and at its link address; and the first 4 GiB of physical
 * memory in the direct map, where the boot hart finds the device tree and
 * the UART before the kernel's own table exists (QEMU's virt machine keeps
 * devices, and the device tree, below 3 GiB). Every hart starts on this
 * table and moves to the kernel's in arch_hart_init. */
__attribute__((aligned(4096))) pte_t boot_root[512] = {
    [ROOT_INDEX(KERNEL_LOAD_PA)] = GIGAPAGE(GIB_OF(KERNEL_LOAD_PA), LOAD_RWX),
    [ROOT_INDEX(KERNEL_LINK_BASE)] = GIGAPAGE(GIB_OF(KERNEL_LOAD_PA), KERNEL_RWX),
    [ROOT_INDEX(DIRECT_MAP_BASE) + 0] = GIGAPAGE(0 * (uint64)ROOT_SPAN, DEVICE_RW),
    [ROOT_INDEX(DIRECT_MAP_BASE) + 1] = GIGAPAGE(1 * (uint64)ROOT_SPAN, DEVICE_RW),
    [ROOT_INDEX(DIRECT_MAP_BASE) + 2] = GIGAPAGE(2 * (uint64)ROOT_SPAN, DEVICE_RW),
    [ROOT_INDEX(DIRECT_MAP_BASE) + 3] = GIGAPAGE(3 * (uint64)ROOT_SPAN, DEVICE_RW),
};

_Static_assert(ROOT_INDEX(KERNEL_LOAD_PA) < ROOT_FIRST_KERNEL_INDEX,
               "the load address lies in the lower half");
_Static_assert(KERNEL_VIRT_OFFSET % ROOT_SPAN == 0,
               "one 1 GiB page maps the image at both addresses");
_Static_assert(ROOT_INDEX(DIRECT_MAP_BASE) == ROOT_FIRST_KERNEL_INDEX &&
                   ROOT_INDEX(DIRECT_MAP_BASE) + 3 < ROOT_INDEX(KERNEL_LINK_BASE),
               "the direct map starts the upper half, below the image");
