/* Harts in machine mode: each one's set-up (delegation, PMP, counters), the
 * first one in entering the kernel, the others parked until the kernel starts
 * them (the SBI hart-state calls), and requests between harts: supervisor
 * software interrupts and remote TLB flushes, each raised with the CLINT. */
#include "memlayout.h"
#include "mmode.h"

enum hart_state { HART_ABSENT, HART_PARKED, HART_START_PENDING, HART_RUNNING };

static struct mhart {
  int state;
  uintptr start_pc;
  uint64 start_arg;
  int flush_tlb; /* another hart asks for sfence.vma */
  int soft_intr; /* another hart asks for a supervisor software interrupt */
} harts[MMODE_MAX_HARTS];

static int boot_claimed; /* the first hart in swaps it to 1 */
static int devices_found;

/* Exceptions supervisor mode handles itself: misaligned and faulting fetches,
 * loads and stores, illegal instructions, breakpoints, user ecalls, page faults. */
#define DELEGATED_EXCEPTIONS 0xb1ffUL
#define DELEGATED_INTERRUPTS (MIP_SSIP | MIP_STIP | (1UL << 9)) /* software, timer, external */
#define PMP_NAPOT 0x18
#define PMP_RWX 0x07
#define MSTATUS_MPP_S (1UL << 11)
#define MSTATUS_MPP (3UL << 11)
#define MSTATUS_MPIE (1UL << 7)
#define MSTATUS_FS_DIRTY (3UL << 13) /* as OpenSBI leaves it: floating point usable */

/* PMP entry 0 closes this layer's region to supervisor and user mode; entry 1
 * opens everything else. */
static void hart_setup(void) {
  csr_write(medeleg, DELEGATED_EXCEPTIONS);
  csr_write(mideleg, DELEGATED_INTERRUPTS);
  csr_write(mcounteren, 0x7); /* cycle, time, instret readable below */
  csr_write(pmpaddr0, (MMODE_BASE | (MMODE_SIZE / 2 - 1)) >> 2);
  csr_write(pmpaddr1, 0x3fffffffffffffUL);
  csr_write(pmpcfg0, ((PMP_NAPOT | PMP_RWX) << 8) | PMP_NAPOT);
  csr_write(mie, MIP_MSIP);
}

static __attribute__((noreturn)) void enter_supervisor(uint64 hart, uintptr pc, uint64 arg) {
  uint64 status = csr_read(mstatus) & ~(MSTATUS_MPP | MSTATUS_MPIE);
  csr_write(mstatus, status | MSTATUS_MPP_S | MSTATUS_FS_DIRTY);
  csr_write(mepc, pc);
  register uint64 a0 asm("a0") = hart;
  register uint64 a1 asm("a1") = arg;
  asm volatile("mret" ::"r"(a0), "r"(a1));
  __builtin_unreachable();
}

void mharts_serve_requests(uint64 hart) {
  mdev_set_msip(hart, false); /* first: a request made after this raises it again */
  __sync_synchronize();
  struct mhart *h = &harts[hart];
  if (__atomic_exchange_n(&h->flush_tlb, 0, __ATOMIC_ACQ_REL))
    asm volatile("sfence.vma zero, zero" ::: "memory");
  if (__atomic_exchange_n(&h->soft_intr, 0, __ATOMIC_ACQ_REL))
    csr_set(mip, MIP_SSIP);
}

/* Until the kernel starts this hart, answering requests meanwhile. */
static __attribute__((noreturn)) void park(uint64 hart) {
  struct mhart *h = &harts[hart];
  for (;;) {
    mharts_serve_requests(hart);
    if (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) == HART_START_PENDING)
      break;
    asm volatile("wfi"); /* MSIP wakes it, though machine interrupts stay off */
  }
  h->state = HART_RUNNING;
  enter_supervisor(hart, h->start_pc, h->start_arg);
}

/* Called by mentry.S on this hart's machine stack. */
void mmode_start(uint64 hart, const void *dtb) __attribute__((noreturn));
void mmode_start(uint64 hart, const void *dtb) {
  hart_setup();
  __atomic_store_n(&harts[hart].state, HART_PARKED, __ATOMIC_RELEASE);
  if (__atomic_exchange_n(&boot_claimed, 1, __ATOMIC_ACQ_REL) == 0) {
    mdev_find(dtb);
    __atomic_store_n(&devices_found, 1, __ATOMIC_RELEASE);
    harts[hart].state = HART_RUNNING;
    enter_supervisor(hart, KERNEL_LOAD_PA, (uint64)dtb);
  }
  while (!__atomic_load_n(&devices_found, __ATOMIC_ACQUIRE))
    ;
  park(hart);
}

long mharts_start(uint64 hart, uintptr pc, uint64 arg) {
  if (hart >= MMODE_MAX_HARTS || harts[hart].state == HART_ABSENT)
    return SBI_ERR_INVALID_PARAM;
  struct mhart *h = &harts[hart];
  h->start_pc = pc;
  h->start_arg = arg;
  int parked = HART_PARKED;
  if (!__atomic_compare_exchange_n(&h->state, &parked, HART_START_PENDING, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return SBI_ERR_ALREADY_AVAILABLE;
  mdev_set_msip(hart, true);
  return 0;
}

/* SBI hart states: 0 started, 1 stopped, 2 start pending. */
long mharts_status(uint64 hart) {
  if (hart >= MMODE_MAX_HARTS || harts[hart].state == HART_ABSENT)
    return SBI_ERR_INVALID_PARAM;
  static const long sbi_state[] = {[HART_PARKED] = 1, [HART_START_PENDING] = 2, [HART_RUNNING] = 0};
  return sbi_state[harts[hart].state];
}

/* The harts of an SBI hart mask (bit i: hart base + i; base -1: every hart). */
static uint64 mask_to_harts(uint64 mask, uint64 base) {
  if (base == (uint64)-1)
    return (1UL << MMODE_MAX_HARTS) - 1;
  return base < MMODE_MAX_HARTS ? mask << base : 0;
}

/* A TLB flush (fence) or a software interrupt on each hart of the mask. A
 * flush returns once every target has done it; meanwhile this hart answers
 * requests others make of it, so two harts flushing each other both finish. */
long mharts_request(uint64 mask, uint64 base, bool fence) {
  uint64 self = csr_read(mhartid), targets = 0;
  for (uint64 t = 0, all = mask_to_harts(mask, base); t < MMODE_MAX_HARTS; t++) {
    if (!(all & (1UL << t)) || harts[t].state == HART_ABSENT)
      continue;
    __atomic_store_n(fence ? &harts[t].flush_tlb : &harts[t].soft_intr, 1, __ATOMIC_RELEASE);
    mdev_set_msip(t, true);
    targets |= 1UL << t;
  }
  for (uint64 t = 0; fence && t < MMODE_MAX_HARTS; t++)
    while ((targets & (1UL << t)) && __atomic_load_n(&harts[t].flush_tlb, __ATOMIC_ACQUIRE))
      mharts_serve_requests(self);
  return 0;
}
