/* Finds the CPUs in ACPI's interrupt-controller table (MADT), which lists every CPU, where the
 * MP tables SeaBIOS writes list only the first of each package (x86 xv6's plain -smp 2). */
#include "arch/arch.h"
#include "dev/platform.h"
#include "i386.h"
#include "lib/string.h"
#include "params.h"

extern uint32 boot_dir[];

#define SDT_HEADER 36    /* signature, length, revision, checksum, ids: every table's head */
#define MADT_ENTRIES 44  /* the header, then the local APIC address and flags */
#define MADT_PROCESSOR 0 /* type, length, ACPI processor id, APIC id, flags (bit 0: enabled) */
#define PROCESSOR_ENABLED 1
#define WINDOW_VA 0x8E000000U /* just above the direct map, unused in the boot directory */
#define BIG_PAGE 0x400000U
#define PDE_4M 0x83 /* present, writable, 4 MiB page */

/*
 * The firmware may put its tables anywhere in RAM, above the direct map too (SeaBIOS puts them
 * at the top). While the boot directory is in use, two of its 4 MiB entries give a window onto
 * any table shorter than 4 MiB; each call moves the window, so earlier pointers go stale.
 */
static const uint8 *phys(uintptr pa) {
  if (pa < DIRECT_MAP_SIZE - BIG_PAGE)
    return arch_pa_to_kva(pa);
  for (uint32 i = 0; i < 2; i++) {
    boot_dir[(WINDOW_VA >> 22) + i] = ((pa & ~(BIG_PAGE - 1)) + i * BIG_PAGE) | PDE_4M;
    arch_tlb_flush_page(WINDOW_VA + i * BIG_PAGE);
  }
  return (const uint8 *)(WINDOW_VA + (pa & (BIG_PAGE - 1)));
}

static void close_window(void) {
  for (uint32 i = 0; i < 2; i++) {
    boot_dir[(WINDOW_VA >> 22) + i] = 0;
    arch_tlb_flush_page(WINDOW_VA + i * BIG_PAGE);
  }
}

static uint32 word_at(uintptr pa) {
  return *(const uint32 *)phys(pa);
}

/* The root pointer ("RSD PTR ", 20 bytes checked) in the EBDA's first KiB or the BIOS area. */
static uintptr find_rsdp(void) {
  uintptr ebda = (uintptr) * (uint16 *)arch_pa_to_kva(0x40E) << 4;
  uintptr areas[2][2] = {{ebda, ebda + 1024}, {0xE0000, 0x100000}};
  for (int a = 0; a < 2; a++)
    for (uintptr pa = areas[a][0]; pa && pa < areas[a][1]; pa += 16) {
      const uint8 *p = arch_pa_to_kva(pa);
      if (memcmp(p, "RSD PTR ", 8) == 0 && table_sum(p, 20) == 0)
        return pa;
    }
  return 0;
}

/* The MADT's physical address from the root table (RSDT: 32-bit entries), or 0. */
static uintptr find_madt(void) {
  uintptr rsdp = find_rsdp();
  if (!rsdp)
    return 0;
  uintptr rsdt = *(const uint32 *)((const uint8 *)arch_pa_to_kva(rsdp) + 16);
  if (memcmp(phys(rsdt), "RSDT", 4) != 0)
    return 0;
  uint32 entries = (word_at(rsdt + 4) - SDT_HEADER) / 4;
  for (uint32 i = 0; i < entries; i++) {
    uintptr table = word_at(rsdt + SDT_HEADER + 4 * i);
    if (memcmp(phys(table), "APIC", 4) == 0)
      return table;
  }
  return 0;
}

/* Replaces the MP tables' CPU list with the MADT's enabled processors; 0, or -1 without one. */
int acpi_read_cpus(void) {
  uintptr madt = find_madt();
  int found = -1;
  if (madt) {
    uint32 length = word_at(madt + 4);
    platform.nharts = 1;
    for (uint32 at = MADT_ENTRIES; at + 8 <= length;) {
      const uint8 *e = phys(madt + at);
      if (e[1] < 2)
        break; /* a malformed entry: stop rather than loop */
      if (e[0] == MADT_PROCESSOR && (*(const uint32 *)(e + 4) & PROCESSOR_ENABLED))
        cpu_list_add(e[3]);
      at += e[1];
    }
    found = 0;
  }
  close_window();
  return found;
}
