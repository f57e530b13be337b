/* SBI calls: each is an ecall into the firmware with the extension id in a7
 * and the function id in a6, per the RISC-V SBI specification. */
#include "sbi.h"

static struct sbiret sbi_call(uint64 ext, uint64 fn, uint64 a0, uint64 a1, uint64 a2, uint64 a3) {
  register uint64 r0 asm("a0") = a0;
  register uint64 r1 asm("a1") = a1;
  register uint64 r2 asm("a2") = a2;
  register uint64 r3 asm("a3") = a3;
  register uint64 r6 asm("a6") = fn;
  register uint64 r7 asm("a7") = ext;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7) : "memory");
  struct sbiret ret = {(long)r0, (long)r1};
  return ret;
}

void sbi_set_timer(uint64 when) {
  sbi_call(SBI_EXT_TIME, 0, when, 0, 0, 0);
}

void sbi_send_ipi(uint64 hart_mask) {
  sbi_call(SBI_EXT_IPI, 0, hart_mask, 0, 0, 0);
}

void sbi_remote_sfence_vma(uint64 hart_mask) {
  /* start 0, size -1: the whole address space */
  sbi_call(SBI_EXT_RFENCE, 1, hart_mask, 0, 0, (uint64)-1);
}

long sbi_hart_start(uint64 hart, uintptr start_pa, uint64 opaque) {
  return sbi_call(SBI_EXT_HSM, 0, hart, start_pa, opaque, 0).error;
}

void sbi_shutdown(void) {
  sbi_call(SBI_EXT_SRST, 0, 0, 0, 0, 0);
  for (;;)
    asm volatile("wfi");
}

void sbi_console_putchar(int c) {
  sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (uint64)c, 0, 0, 0);
}
