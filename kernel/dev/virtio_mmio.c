/* The virtio-mmio transport: finds a device, runs the start-up handshake and
 * hands queue 0 to it, through whichever of the two register layouts the
 * device's version register names; then moves chains through that queue. */
#include "dev/virtio_mmio.h"
#include "arch/arch.h"
#include "lib/errno.h"
#include "lib/printf.h"

static uint32 reg_read(struct virtio_dev *d, uint32 offset) {
  return *(volatile uint32 *)(d->regs + offset);
}

static void reg_write(struct virtio_dev *d, uint32 offset, uint32 value) {
  *(volatile uint32 *)(d->regs + offset) = value;
}

static void add_status(struct virtio_dev *d, uint32 bit) {
  reg_write(d, VIRTIO_MMIO_STATUS, reg_read(d, VIRTIO_MMIO_STATUS) | bit);
}

/* Legacy devices predate feature negotiation's FEATURES_OK step: the driver
 * writes the features it takes (none) and goes on. */
static int legacy_features(struct virtio_dev *d) {
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, 0);
  return 0;
}

/* Legacy queue: one block of memory, given as a page number. */
static int legacy_queue(struct virtio_dev *d, uintptr pa) {
  if (reg_read(d, VIRTIO_MMIO_LEGACY_QUEUE_PFN) != 0)
    return -EIO; /* already in use */
  reg_write(d, VIRTIO_MMIO_LEGACY_GUEST_PAGE_SIZE, VQ_LEGACY_ALIGN);
  reg_write(d, VIRTIO_MMIO_QUEUE_NUM, VQ_SIZE);
  reg_write(d, VIRTIO_MMIO_LEGACY_QUEUE_ALIGN, VQ_LEGACY_ALIGN);
  reg_write(d, VIRTIO_MMIO_LEGACY_QUEUE_PFN, (uint32)(pa / VQ_LEGACY_ALIGN));
  return 0;
}

/* Modern devices must offer VERSION_1; we take it and nothing else. */
static int modern_features(struct virtio_dev *d) {
  uint32 version_1 = 1u << (VIRTIO_F_VERSION_1 - 32);
  reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  if ((reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES) & version_1) == 0)
    return -EIO;
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, 0);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, version_1);
  add_status(d, VIRTIO_STATUS_FEATURES_OK);
  return (reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) ? 0 : -EIO;
}

static void write_pa(struct virtio_dev *d, uint32 low_reg, uintptr pa) {
  reg_write(d, low_reg, (uint32)pa);
  reg_write(d, low_reg + 4, (uint32)((uint64)pa >> 32));
}

/* Modern queue: the three parts' addresses, then ready. */
static int modern_queue(struct virtio_dev *d, uintptr pa) {
  if (reg_read(d, VIRTIO_MMIO_QUEUE_READY) != 0)
    return -EIO;
  reg_write(d, VIRTIO_MMIO_QUEUE_NUM, VQ_SIZE);
  write_pa(d, VIRTIO_MMIO_QUEUE_DESC_LOW, pa + __builtin_offsetof(struct virtq, desc));
  write_pa(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, pa + __builtin_offsetof(struct virtq, avail));
  write_pa(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, pa + __builtin_offsetof(struct virtq, used));
  reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
  return 0;
}

/* What differs between the two versions: negotiation and handing over the queue. */
struct transport {
  int (*features)(struct virtio_dev *d);
  int (*queue)(struct virtio_dev *d, uintptr queue_pa);
};

static const struct transport transports[] = {
    [VIRTIO_MMIO_LEGACY] = {legacy_features, legacy_queue},
    [VIRTIO_MMIO_MODERN] = {modern_features, modern_queue},
};

/* Reset, acknowledge, negotiate, queue 0, driver ready (virtio 1.x section 3.1.1;
 * the legacy sequence is the same without FEATURES_OK). */
static int handshake(struct virtio_dev *d, const struct transport *t, struct virtq *vq) {
  reg_write(d, VIRTIO_MMIO_STATUS, 0);
  add_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
  add_status(d, VIRTIO_STATUS_DRIVER);
  if (t->features(d) < 0)
    return -EIO;
  reg_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
  if (reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX) < VQ_SIZE)
    return -EIO;
  if (t->queue(d, arch_kva_to_pa(vq)) < 0)
    return -EIO;
  add_status(d, VIRTIO_STATUS_DRIVER_OK);
  return 0;
}

int virtio_start(struct virtio_dev *d, uintptr base, uint32 device_id, struct virtq *vq) {
  volatile uint32 *r = (volatile uint32 *)base;
  if (r[VIRTIO_MMIO_MAGIC / 4] != VIRTIO_MAGIC || r[VIRTIO_MMIO_DEVICE_ID / 4] != device_id)
    return -ENOENT;
  d->regs = base;
  d->version = r[VIRTIO_MMIO_VERSION / 4];
  d->vq = vq;
  d->used_seen = 0;
  if (d->version != VIRTIO_MMIO_LEGACY && d->version != VIRTIO_MMIO_MODERN) {
    kprintf("virtio at 0x%lx: unknown version %u\n", (unsigned long)base, d->version);
    return -ENOENT;
  }
  if (handshake(d, &transports[d->version], vq) < 0) {
    add_status(d, VIRTIO_STATUS_FAILED);
    return -EIO;
  }
  return 0;
}

void virtio_publish(struct virtio_dev *d, uint16 head) {
  uint16 idx = d->vq->avail.idx;
  d->vq->avail.ring[idx % VQ_SIZE] = head;
  __sync_synchronize(); /* descriptors and ring entry before the index */
  d->vq->avail.idx = idx + 1;
  __sync_synchronize(); /* index before the notification */
  reg_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

bool virtio_next_used(struct virtio_dev *d, uint32 *head) {
  if (d->used_seen == d->vq->used.idx)
    return false;
  __sync_synchronize(); /* the index before the entry it covers */
  *head = d->vq->used.ring[d->used_seen % VQ_SIZE].id;
  d->used_seen++;
  return true;
}

/* Acknowledged before the used ring is read: completions after that raise a new interrupt. */
void virtio_ack_interrupt(struct virtio_dev *d) {
  uint32 pending = reg_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);
  reg_write(d, VIRTIO_MMIO_INTERRUPT_ACK,
            pending & (VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG_CHANGE));
  __sync_synchronize();
}
