/* Machine-independent start-up: the boot hart brings up memory, devices and
 * the first process, then every hart enters the scheduler. */
#include "arch/arch.h"
#include "dev/console.h"
#include "dev/disk.h"
#include "dev/platform.h"
#include "fs/fs.h"
#include "fs/pipe.h"
#include "lib/printf.h"
#include "mm/frame.h"
#include "mm/sysmem.h"
#include "proc/proc.h"

extern char kernel_end[];

/* Each hart counts itself in once it is set up. The boot hart waits for all
 * the harts it started before it creates the first process, so the line that
 * says they run is the kernel's last boot line, before any output of init
 * (tests/run.py checks the count; make run's output must not contain it). */
static int harts_ready;

static void hart_ready(void) {
  __atomic_add_fetch(&harts_ready, 1, __ATOMIC_ACQ_REL);
}

static void wait_for_harts(int expected) {
  while (__atomic_load_n(&harts_ready, __ATOMIC_ACQUIRE) < expected)
    ;
  kprintf("moo: all harts running (%d)\n", expected);
}

void kmain(void) {
  printf_init();
  console_init();
  kprintf("\nmoo: %d hart%s, %ld MiB of RAM\n", platform.nharts, platform.nharts == 1 ? "" : "s",
          (long)((platform.ram_end - platform.ram_base) >> 20));
  frame_init(arch_kva_to_pa(kernel_end), platform.ram_end);
  arch_kvm_init();
  arch_hart_init();
  hart_ready();
  proc_table_init();
  bcache_init();
  inode_table_init();
  file_table_init();
  pipe_pool_init();
  dedup_init();
  if (disk_init() < 0)
    panic("no disk found");
  wait_for_harts(1 + arch_start_secondary_harts());
  user_init();
  scheduler();
}

void kmain_secondary(void) {
  arch_hart_init();
  hart_ready();
  scheduler();
}
