/* Finds the CPUs and the I/O APIC in the firmware's MultiProcessor tables
 * (the "_MP_" floating pointer and the "PCMP" configuration table). */
#include "arch/arch.h"
#include "dev/platform.h"
#include "i386.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "params.h"

uint32 cpu_apic_ids[NCPU];

struct mp_pointer {
  char signature[4]; /* "_MP_" */
  uint32 config_pa;
  uint8 length; /* in 16-byte units */
  uint8 revision, checksum, config_type;
  uint8 features[4];
} __attribute__((packed));

struct mp_config {
  char signature[4]; /* "PCMP" */
  uint16 length;
  uint8 revision, checksum;
  char oem[8], product[12];
  uint32 oem_table;
  uint16 oem_length, entries;
  uint32 lapic_pa;
  uint16 ext_length;
  uint8 ext_checksum, reserved;
} __attribute__((packed));

#define ENTRY_PROCESSOR 0
#define ENTRY_IOAPIC 2
#define PROCESSOR_ENABLED 1

/* The byte sum firmware tables are checked with (it must be 0); acpi.c uses it too. */
uint8 table_sum(const uint8 *p, int n) {
  uint8 s = 0;
  for (int i = 0; i < n; i++)
    s += p[i];
  return s;
}

static struct mp_pointer *search(uintptr pa, uint32 len) {
  for (uintptr at = pa; at + sizeof(struct mp_pointer) <= pa + len; at += 16) {
    struct mp_pointer *mp = arch_pa_to_kva(at);
    if (memcmp(mp->signature, "_MP_", 4) == 0 && table_sum((uint8 *)mp, sizeof(*mp)) == 0)
      return mp;
  }
  return 0;
}

/* The places the specification lists: the first KiB of the extended BIOS
 * data area, the last KiB of base memory, the BIOS ROM. */
static struct mp_pointer *find_pointer(void) {
  uint16 ebda_segment = *(uint16 *)arch_pa_to_kva(0x40E);
  uint16 base_kib = *(uint16 *)arch_pa_to_kva(0x413);
  struct mp_pointer *mp = 0;
  if (ebda_segment)
    mp = search((uintptr)ebda_segment << 4, 1024);
  if (!mp && base_kib)
    mp = search((uintptr)base_kib * 1024 - 1024, 1024);
  return mp ? mp : search(0xF0000, 0x10000);
}

/* Adds a CPU to the list (from either table); the boot CPU (already cpu_apic_ids[0]) keeps
 * index 0. */
void cpu_list_add(uint32 apic_id) {
  if (apic_id != cpu_apic_ids[0] && platform.nharts < NCPU)
    cpu_apic_ids[platform.nharts++] = apic_id;
}

/* Records a processor entry. */
static void add_cpu(const uint8 *entry) {
  if (entry[3] & PROCESSOR_ENABLED)
    cpu_list_add(entry[1]);
}

/* 0, or -1 when there are no tables (then: one CPU, default addresses). */
int mp_read(void) {
  platform.nharts = 1;
  struct mp_pointer *mp = find_pointer();
  if (!mp || mp->config_pa == 0 || mp->config_pa >= DIRECT_MAP_SIZE)
    return -1;
  struct mp_config *conf = arch_pa_to_kva(mp->config_pa);
  if (memcmp(conf->signature, "PCMP", 4) != 0 || table_sum((uint8 *)conf, conf->length) != 0)
    return -1;
  lapic_pa = conf->lapic_pa;
  const uint8 *p = (const uint8 *)(conf + 1), *end = (const uint8 *)conf + conf->length;
  while (p < end) {
    if (*p == ENTRY_PROCESSOR) {
      add_cpu(p);
      p += 20;
    } else {
      if (*p == ENTRY_IOAPIC)
        ioapic_pa = *(const uint32 *)(p + 4);
      p += 8;
    }
  }
  return 0;
}
