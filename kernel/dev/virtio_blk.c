/* The virtio block driver (virtio-mmio, modern interface): finds the disk,
 * sets up one virtqueue, and moves block-cache buffers to and from it. */
#include "arch/arch.h"
#include "dev/disk.h"
#include "dev/platform.h"
#include "dev/virtio.h"
#include "fs/buf.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "mm/frame.h"
#include "proc/proc.h"

#define QUEUE_MAX 64 /* descriptors we use at most; a power of two */
#define DESCS_PER_REQUEST 3
#define SECTORS_PER_BLOCK (BSIZE / VIRTIO_BLK_SECTOR_SIZE)
#define STATUS_PENDING 0xff /* never a device status: "not written yet" */

/* Per-request state is indexed by the head descriptor of its chain. */
static struct {
  struct spinlock lock;
  bool found;
  uintptr regs;
  uint32 queue_size;
  volatile struct virtq_desc *desc;
  volatile struct virtq_avail *avail;
  volatile struct virtq_used *used;
  struct virtio_blk_req_header *headers; /* device-readable, one per head */
  volatile uint8 *status;                /* device-written, one per head */
  struct buf *owner[QUEUE_MAX];
  uint16 free_desc[QUEUE_MAX]; /* stack of unused descriptors; sleep on it */
  int nfree;
  uint16 used_seen; /* used->idx up to which completions were handled */
} disk;

static uint32 reg_read(uint32 offset) {
  return *(volatile uint32 *)(disk.regs + offset);
}

static void reg_write(uint32 offset, uint32 value) {
  *(volatile uint32 *)(disk.regs + offset) = value;
}

static void add_status(uint32 bit) {
  reg_write(VIRTIO_MMIO_STATUS, reg_read(VIRTIO_MMIO_STATUS) | bit);
}

static bool is_modern_block_device(uintptr base) {
  volatile uint32 *r = (volatile uint32 *)base;
  if (r[VIRTIO_MMIO_MAGIC / 4] != VIRTIO_MAGIC ||
      r[VIRTIO_MMIO_DEVICE_ID / 4] != VIRTIO_DEVICE_BLOCK)
    return false;
  if (r[VIRTIO_MMIO_VERSION / 4] != VIRTIO_MMIO_MODERN) {
    kprintf("virtio-blk at 0x%lx: legacy interface, not supported\n", (unsigned long)base);
    return false;
  }
  return true;
}

/* Accepts VIRTIO_F_VERSION_1 and nothing else: we use no optional feature. */
static int negotiate_features(void) {
  uint32 version_1 = 1u << (VIRTIO_F_VERSION_1 - 32);
  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  if ((reg_read(VIRTIO_MMIO_DEVICE_FEATURES) & version_1) == 0)
    return -EIO;
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, version_1);
  add_status(VIRTIO_STATUS_FEATURES_OK);
  if ((reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0)
    return -EIO;
  return 0;
}

static void write_address(uint32 low_reg, uintptr pa) {
  reg_write(low_reg, (uint32)pa);
  reg_write(low_reg + 4, (uint32)((uint64)pa >> 32));
}

/* Frames for the descriptor table, the two rings and the request headers. */
static int alloc_queue_memory(uintptr pa[4]) {
  for (int i = 0; i < 4; i++) {
    pa[i] = frame_alloc_zeroed();
    if (!pa[i]) {
      while (--i >= 0)
        frame_put(pa[i]);
      return -EIO;
    }
  }
  disk.desc = arch_pa_to_kva(pa[0]);
  disk.avail = arch_pa_to_kva(pa[1]);
  disk.used = arch_pa_to_kva(pa[2]);
  disk.headers = arch_pa_to_kva(pa[3]);
  disk.status = (volatile uint8 *)(disk.headers + QUEUE_MAX);
  return 0;
}

static int setup_queue(void) {
  reg_write(VIRTIO_MMIO_QUEUE_SEL, 0);
  if (reg_read(VIRTIO_MMIO_QUEUE_READY) != 0)
    return -EIO;
  uint32 max = reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX);
  uint32 size = QUEUE_MAX;
  while (size > max)
    size /= 2;
  if (size < DESCS_PER_REQUEST)
    return -EIO;
  uintptr pa[4];
  if (alloc_queue_memory(pa) < 0)
    return -EIO;
  disk.queue_size = size;
  for (uint32 i = 0; i < size; i++)
    disk.free_desc[i] = i;
  disk.nfree = size;
  reg_write(VIRTIO_MMIO_QUEUE_NUM, size);
  write_address(VIRTIO_MMIO_QUEUE_DESC_LOW, pa[0]);
  write_address(VIRTIO_MMIO_QUEUE_DRIVER_LOW, pa[1]);
  write_address(VIRTIO_MMIO_QUEUE_DEVICE_LOW, pa[2]);
  reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
  return 0;
}

/* The initialization sequence of virtio 1.x section 3.1.1. */
static int start_device(uintptr base) {
  disk.regs = base;
  reg_write(VIRTIO_MMIO_STATUS, 0); /* reset */
  add_status(VIRTIO_STATUS_ACKNOWLEDGE);
  add_status(VIRTIO_STATUS_DRIVER);
  if (negotiate_features() < 0 || setup_queue() < 0) {
    add_status(VIRTIO_STATUS_FAILED);
    return -EIO;
  }
  add_status(VIRTIO_STATUS_DRIVER_OK);
  return 0;
}

int disk_init(void) {
  spin_init(&disk.lock, "disk");
  for (int i = 0; i < platform.nvirtio; i++) {
    uintptr base = platform.virtio_base[i];
    if (!is_modern_block_device(base))
      continue;
    if (start_device(base) < 0) {
      kprintf("virtio-blk at 0x%lx: could not start\n", (unsigned long)base);
      continue;
    }
    disk.found = true;
    arch_irq_enable(platform.virtio_irq[i], disk_intr);
    return 0;
  }
  return -EIO;
}

static void set_desc(uint16 i, uintptr pa, uint32 len, uint16 flags, uint16 next) {
  disk.desc[i].addr = pa;
  disk.desc[i].len = len;
  disk.desc[i].flags = flags;
  disk.desc[i].next = next;
}

/* Fills the three descriptors: header, data, status. Call with disk.lock held. */
static void build_request(const uint16 chain[3], struct buf *b, bool write) {
  uint16 head = chain[0];
  disk.headers[head].type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  disk.headers[head].reserved = 0;
  disk.headers[head].sector = (uint64)b->blockno * SECTORS_PER_BLOCK;
  disk.status[head] = STATUS_PENDING;
  disk.owner[head] = b;
  uint16 data_flags = VIRTQ_DESC_F_NEXT | (write ? 0 : VIRTQ_DESC_F_WRITE);
  set_desc(chain[0], arch_kva_to_pa(&disk.headers[head]), sizeof(disk.headers[head]),
           VIRTQ_DESC_F_NEXT, chain[1]);
  set_desc(chain[1], arch_kva_to_pa(b->data), BSIZE, data_flags, chain[2]);
  set_desc(chain[2], arch_kva_to_pa((const void *)&disk.status[head]), 1, VIRTQ_DESC_F_WRITE, 0);
}

/* Puts a chain on the available ring and tells the device. */
static void submit(uint16 head) {
  uint16 idx = disk.avail->idx;
  disk.avail->ring[idx % disk.queue_size] = head;
  __sync_synchronize(); /* descriptors and ring entry before the index */
  disk.avail->idx = idx + 1;
  __sync_synchronize(); /* index before the notification */
  reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

void disk_rw(struct buf *b, bool write) {
  if (!disk.found)
    panic("disk_rw: no disk");
  spin_lock(&disk.lock);
  while (disk.nfree < DESCS_PER_REQUEST)
    sleep(&disk.free_desc, &disk.lock);
  uint16 chain[DESCS_PER_REQUEST];
  for (int i = 0; i < DESCS_PER_REQUEST; i++)
    chain[i] = disk.free_desc[--disk.nfree];
  build_request(chain, b, write);
  b->in_flight = true;
  submit(chain[0]);
  while (b->in_flight)
    sleep(b, &disk.lock);
  spin_unlock(&disk.lock);
}

/* Returns a finished chain's descriptors to the free stack. */
static void free_chain(uint16 head) {
  uint16 i = head;
  for (;;) {
    uint16 flags = disk.desc[i].flags, next = disk.desc[i].next;
    disk.free_desc[disk.nfree++] = i;
    if (!(flags & VIRTQ_DESC_F_NEXT))
      break;
    i = next;
  }
  wakeup(&disk.free_desc);
}

static void complete(uint32 head) {
  struct buf *b = head < disk.queue_size ? disk.owner[head] : 0;
  if (!b) {
    kprintf("virtio-blk: completion for unknown descriptor %u\n", head);
    return;
  }
  uint8 status = disk.status[head];
  if (status != VIRTIO_BLK_S_OK)
    kprintf("virtio-blk: %s of block %u failed (status %u)\n",
            disk.headers[head].type == VIRTIO_BLK_T_OUT ? "write" : "read", b->blockno, status);
  disk.owner[head] = 0;
  free_chain(head);
  b->in_flight = false;
  wakeup(b);
}

void disk_intr(void) {
  spin_lock(&disk.lock);
  /* acknowledge first: completions arriving after the scan below raise a new interrupt */
  uint32 pending = reg_read(VIRTIO_MMIO_INTERRUPT_STATUS);
  reg_write(VIRTIO_MMIO_INTERRUPT_ACK,
            pending & (VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG_CHANGE));
  __sync_synchronize();
  while (disk.used_seen != disk.used->idx) {
    __sync_synchronize(); /* the index before the entry it covers */
    complete(disk.used->ring[disk.used_seen % disk.queue_size].id);
    disk.used_seen++;
  }
  spin_unlock(&disk.lock);
}
