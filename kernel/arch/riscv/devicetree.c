/* Fills struct platform from the device tree the firmware passed: RAM,
 * harts, timer frequency, UART, PLIC and virtio-mmio slots (at their kernel
 * addresses in the direct map), boot arguments. */
#include "arch/arch.h"
#include "dev/platform.h"
#include "lib/fdt.h"
#include "lib/string.h"
#include "params.h"

struct platform platform;

/* Properties of the node being read, gathered until its end. */
struct dt_node {
  char name[32];
  uint64 reg_base, reg_size;
  int irq;
  bool is_cpu, is_memory, disabled;
  bool is_uart, is_plic, is_virtio;
};

struct dt_walk {
  struct dt_node node[8]; /* one per depth */
  int depth;
};

static void dt_node_begin(void *ctx, const char *name, int depth) {
  struct dt_walk *w = ctx;
  w->depth = depth;
  if (depth >= 8)
    return;
  struct dt_node *n = &w->node[depth];
  memset(n, 0, sizeof(*n));
  strlcpy(n->name, name, sizeof(n->name));
  n->irq = -1;
}

static void dt_property(void *ctx, const char *name, const uint8 *val, uint32 len) {
  struct dt_walk *w = ctx;
  if (w->depth >= 8)
    return;
  struct dt_node *n = &w->node[w->depth];
  if (strncmp(name, "reg", 4) == 0 && len >= 16) {
    n->reg_base = fdt_be64(val); /* #address-cells = #size-cells = 2 on virt */
    n->reg_size = fdt_be64(val + 8);
  } else if (strncmp(name, "interrupts", 11) == 0 && len >= 4) {
    n->irq = (int)fdt_be32(val);
  } else if (strncmp(name, "device_type", 12) == 0) {
    n->is_cpu = strncmp((const char *)val, "cpu", len) == 0;
    n->is_memory = strncmp((const char *)val, "memory", len) == 0;
  } else if (strncmp(name, "status", 7) == 0) {
    n->disabled = strncmp((const char *)val, "okay", len) != 0;
  } else if (strncmp(name, "compatible", 11) == 0) {
    n->is_uart = fdt_compatible(val, len, "ns16550a");
    n->is_plic =
        fdt_compatible(val, len, "riscv,plic0") || fdt_compatible(val, len, "sifive,plic-1.0.0");
    n->is_virtio = fdt_compatible(val, len, "virtio,mmio");
  } else if (strncmp(name, "timebase-frequency", 19) == 0 && len == 4) {
    platform.timebase_hz = fdt_be32(val);
  } else if (strncmp(name, "bootargs", 9) == 0) {
    strlcpy(platform.bootargs, (const char *)val, MIN(len + 1, sizeof(platform.bootargs)));
  }
}

static void dt_node_end(void *ctx, int depth) {
  struct dt_walk *w = ctx;
  if (depth >= 8)
    return;
  struct dt_node *n = &w->node[depth];
  if (n->is_memory && platform.ram_end == 0) {
    platform.ram_base = n->reg_base;
    platform.ram_end = n->reg_base + n->reg_size;
  } else if (n->is_cpu && !n->disabled) {
    platform.nharts++;
  } else if (n->is_uart && platform.uart_base == 0) {
    platform.uart_base = (uintptr)arch_pa_to_kva(n->reg_base);
    platform.uart_irq = n->irq;
  } else if (n->is_plic) {
    platform.intc_base = (uintptr)arch_pa_to_kva(n->reg_base);
  } else if (n->is_virtio && platform.nvirtio < PLATFORM_MAX_VIRTIO) {
    platform.virtio_base[platform.nvirtio] = (uintptr)arch_pa_to_kva(n->reg_base);
    platform.virtio_irq[platform.nvirtio] = n->irq;
    platform.nvirtio++;
  }
  w->depth = depth - 1;
}

int devicetree_read(const void *dtb) {
  static struct dt_walk walk;
  struct fdt_visitor v = {dt_node_begin, dt_property, dt_node_end, &walk};
  int err = fdt_walk(dtb, &v);
  if (err)
    return err;
  if (platform.nharts > NCPU)
    platform.nharts = NCPU;
  /* virtio-mmio slots are listed from the highest address down; probe in address order */
  for (int i = 0; i < platform.nvirtio; i++)
    for (int j = i + 1; j < platform.nvirtio; j++)
      if (platform.virtio_base[j] < platform.virtio_base[i]) {
        uintptr b = platform.virtio_base[i];
        int q = platform.virtio_irq[i];
        platform.virtio_base[i] = platform.virtio_base[j];
        platform.virtio_irq[i] = platform.virtio_irq[j];
        platform.virtio_base[j] = b;
        platform.virtio_irq[j] = q;
      }
  return 0;
}
