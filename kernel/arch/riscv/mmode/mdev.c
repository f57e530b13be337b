/* The devices machine mode drives itself, found in the device tree QEMU hands
 * over: the CLINT (timer compare and software interrupt per hart), the test
 * device that powers the machine off, and the UART for its own last words. */
#include "lib/fdt.h"
#include "lib/string.h"
#include "mmode.h"

/* CLINT register map (SiFive CLINT, as QEMU's virt machine has it). */
#define CLINT_MSIP(hart) (clint + 4 * (hart))
#define CLINT_MTIMECMP(hart) (clint + 0x4000 + 8 * (hart))
/* sifive,test0: a word written here ends the machine. */
#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333 /* | exit code << 16 */
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THR_EMPTY 0x20

static uintptr clint, test_dev, uart;

/* The node being read: which of our devices it is, and its first register range. */
struct mdev_node {
  uintptr *slot; /* clint, test_dev or uart, once compatible is seen */
  uint64 reg;
  bool has_reg;
};

static void node_begin(void *ctx, const char *name, int depth) {
  (void)name, (void)depth;
  struct mdev_node *n = ctx;
  n->slot = 0;
  n->has_reg = false;
}

static uintptr *slot_for(const uint8 *val, uint32 len) {
  if (fdt_compatible(val, len, "riscv,clint0") || fdt_compatible(val, len, "sifive,clint0"))
    return &clint;
  if (fdt_compatible(val, len, "sifive,test0"))
    return &test_dev;
  if (fdt_compatible(val, len, "ns16550a"))
    return &uart;
  return 0;
}

/* A node's properties all come before its children, so the node read last is
 * the one they belong to; the first node of each kind wins. */
static void property(void *ctx, const char *name, const uint8 *val, uint32 len) {
  struct mdev_node *n = ctx;
  if (strncmp(name, "compatible", 11) == 0) {
    n->slot = slot_for(val, len);
  } else if (strncmp(name, "reg", 4) == 0 && len >= 8) {
    n->reg = fdt_be64(val); /* #address-cells = 2 on virt */
    n->has_reg = true;
  }
  if (n->slot && n->has_reg && *n->slot == 0)
    *n->slot = n->reg;
}

void mdev_find(const void *dtb) {
  static struct mdev_node node;
  struct fdt_visitor v = {node_begin, property, 0, &node};
  if (fdt_walk(dtb, &v) != 0 || !clint) {
    mdev_puts("moo: machine mode: no CLINT in the device tree; stopping\n");
    mdev_power_off(true);
  }
}

void mdev_set_timer(uint64 hart, uint64 when) {
  *(volatile uint64 *)CLINT_MTIMECMP(hart) = when;
}

void mdev_set_msip(uint64 hart, bool on) {
  *(volatile uint32 *)CLINT_MSIP(hart) = on;
}

static void putchar(char c) {
  if (!uart)
    return;
  volatile uint8 *r = (volatile uint8 *)uart;
  while (!(r[UART_LSR] & UART_LSR_THR_EMPTY))
    ;
  r[UART_THR] = (uint8)c;
}

void mdev_puts(const char *s) {
  while (*s)
    putchar(*s++);
}

void mdev_puthex(uint64 v) {
  mdev_puts("0x");
  for (int shift = 60; shift >= 0; shift -= 4)
    putchar("0123456789abcdef"[(v >> shift) & 0xf]);
}

/* Without a test device there is no way off: the hart just stops. */
void mdev_power_off(bool failed) {
  if (test_dev)
    *(volatile uint32 *)test_dev = failed ? (1u << 16) | TEST_FAIL : TEST_PASS;
  for (;;)
    asm volatile("wfi");
}
