/* x86 xv6 programs' #include "mmu.h": page size and rounding, and the
 * two-level paging facts a program may print or compute with. */
#ifndef MOO_X86_MMU_H
#define MOO_X86_MMU_H

#define PGSIZE 4096
#define PGSHIFT 12
#define PTXSHIFT 12 /* page-table index: bits 12-21 */
#define PDXSHIFT 22 /* directory index: bits 22-31 */
#define NPDENTRIES 1024
#define NPTENTRIES 1024
#define PDX(va) (((unsigned int)(va) >> PDXSHIFT) & 0x3FF)
#define PTX(va) (((unsigned int)(va) >> PTXSHIFT) & 0x3FF)
#define PGROUNDUP(sz) (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#define PTE_P 0x001 /* present */
#define PTE_W 0x002 /* writable */
#define PTE_U 0x004 /* user */

#endif
