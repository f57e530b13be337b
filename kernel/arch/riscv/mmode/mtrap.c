/* Traps machine mode takes while the kernel runs: the machine timer, passed on
 * as a supervisor timer interrupt; requests from other harts; and the kernel's
 * SBI calls (sbi.c), the few it makes, served here instead of by OpenSBI. */
#include "mmode.h"
#include "sbi.h"

#define ECALL_FROM_S 9

/* The machine timer stays off from the moment it fires, which raises the
 * supervisor timer interrupt, until the kernel arms it again (sbi_set_timer),
 * which lowers that interrupt. */
static void set_timer(uint64 when) {
  mdev_set_timer(csr_read(mhartid), when);
  csr_clear(mip, MIP_STIP);
  csr_set(mie, MIP_MTIP);
}

static void timer_fired(void) {
  csr_set(mip, MIP_STIP);
  csr_clear(mie, MIP_MTIP);
}

static void putchar_via_devices(int c) {
  char s[2] = {(char)c, 0};
  mdev_puts(s);
}

/* One SBI call: extension in a7, function in a6, arguments from a0; the error
 * goes back in a0 and the value in a1. */
static void serve_sbi_call(struct mframe *f) {
  uint64 ext = f->x[17], fn = f->x[16], a0 = f->x[10], a1 = f->x[11], a2 = f->x[12];
  long error = 0, value = 0;
  if (ext == SBI_EXT_TIME && fn == 0)
    set_timer(a0);
  else if (ext == SBI_EXT_IPI && fn == 0)
    error = mharts_request(a0, a1, false);
  else if (ext == SBI_EXT_RFENCE && (fn == 0 || fn == 1))
    error = mharts_request(a0, a1, true); /* the whole TLB, whatever range was asked */
  else if (ext == SBI_EXT_HSM && fn == 0)
    error = mharts_start(a0, a1, a2);
  else if (ext == SBI_EXT_HSM && fn == 2)
    value = mharts_status(a0);
  else if (ext == SBI_EXT_SRST && fn == 0)
    mdev_power_off(a1 != 0); /* reason 0: none; anything else: a failure */
  else if (ext == SBI_EXT_LEGACY_PUTCHAR)
    putchar_via_devices((int)a0);
  else
    error = SBI_ERR_NOT_SUPPORTED;
  if (value < 0) { /* a status call's error */
    error = value;
    value = 0;
  }
  f->x[10] = (uint64)error;
  if (ext != SBI_EXT_LEGACY_PUTCHAR)
    f->x[11] = (uint64)value;
}

static __attribute__((noreturn)) void unexpected(uint64 cause) {
  mdev_puts("moo: machine mode: unexpected trap, mcause ");
  mdev_puthex(cause);
  mdev_puts(" mepc ");
  mdev_puthex(csr_read(mepc));
  mdev_puts(" mtval ");
  mdev_puthex(csr_read(mtval));
  mdev_puts("\n");
  mdev_power_off(true);
}

/* Called by mtrap_vector (mentry.S) with the interrupted registers. */
void mtrap(struct mframe *f);
void mtrap(struct mframe *f) {
  uint64 cause = csr_read(mcause);
  if (cause == (MCAUSE_INTERRUPT | 7)) {
    timer_fired();
  } else if (cause == (MCAUSE_INTERRUPT | 3)) {
    mharts_serve_requests(csr_read(mhartid));
  } else if (cause == ECALL_FROM_S) {
    serve_sbi_call(f);
    csr_write(mepc, csr_read(mepc) + 4);
  } else {
    unexpected(cause);
  }
}
