/* The virtio block driver: requests in fixed slots, each owning a fixed chain
 * of three descriptors (header, data, status) built once at start-up; a request
 * fills in its slot, publishes the chain and sleeps until the used ring names it. */
#include "arch/arch.h"
#include "dev/disk.h"
#include "dev/platform.h"
#include "dev/virtio_mmio.h"
#include "fs/buf.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "proc/proc.h"

#define CHAIN 3                  /* descriptors per request */
#define NSLOTS (VQ_SIZE / CHAIN) /* requests in flight at most */
#define SECTORS_PER_BLOCK (BSIZE / VIRTIO_BLK_SECTOR_SIZE)

/* Slot s owns descriptors CHAIN*s .. CHAIN*s+2; its chain's head names it. */
struct slot {
  struct virtio_blk_req_header header; /* the device reads it */
  uint8 status;                        /* the device writes it */
  struct buf *buf;                     /* 0: the slot is free */
};

static struct virtq queue __attribute__((aligned(VQ_LEGACY_ALIGN)));

static struct {
  struct spinlock lock;
  struct virtio_dev dev;
  bool found;
  struct slot slot[NSLOTS]; /* sleep on slot when none is free */
} disk;

static void set_desc(uint16 i, uintptr pa, uint32 len, uint16 flags) {
  queue.desc[i].addr = pa;
  queue.desc[i].len = len;
  queue.desc[i].flags = flags;
  queue.desc[i].next = (flags & VIRTQ_DESC_F_NEXT) ? i + 1 : 0;
}

/* The fixed parts of every chain; the data descriptor's address and direction
 * change with each request. */
static void build_chains(void) {
  for (int s = 0; s < NSLOTS; s++) {
    uint16 head = (uint16)(CHAIN * s);
    set_desc(head, arch_kva_to_pa(&disk.slot[s].header), sizeof(disk.slot[s].header),
             VIRTQ_DESC_F_NEXT);
    set_desc(head + 1, 0, BSIZE, VIRTQ_DESC_F_NEXT);
    set_desc(head + 2, arch_kva_to_pa(&disk.slot[s].status), 1, VIRTQ_DESC_F_WRITE);
  }
}

int disk_init(void) {
  spin_init(&disk.lock, "disk");
  build_chains();
  for (int i = 0; i < platform.nvirtio; i++) {
    uintptr base = platform.virtio_base[i];
    int err = virtio_start(&disk.dev, base, VIRTIO_DEVICE_BLOCK, &queue);
    if (err == -ENOENT)
      continue;
    if (err < 0) {
      kprintf("virtio-blk at 0x%lx: could not start\n", (unsigned long)base);
      continue;
    }
    disk.found = true;
    arch_irq_enable(platform.virtio_irq[i], disk_intr);
    return 0;
  }
  return -EIO;
}

static struct slot *take_slot(void) {
  for (;;) {
    for (int s = 0; s < NSLOTS; s++)
      if (!disk.slot[s].buf)
        return &disk.slot[s];
    sleep(disk.slot, &disk.lock);
  }
}

void disk_rw(struct buf *b, bool write) {
  if (!disk.found)
    panic("disk_rw: no disk");
  spin_lock(&disk.lock);
  struct slot *s = take_slot();
  uint16 head = (uint16)(CHAIN * (s - disk.slot));
  s->buf = b;
  s->header.type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  s->header.reserved = 0;
  s->header.sector = (uint64)b->blockno * SECTORS_PER_BLOCK;
  set_desc(head + 1, arch_kva_to_pa(b->data), BSIZE,
           VIRTQ_DESC_F_NEXT | (write ? 0 : VIRTQ_DESC_F_WRITE));
  b->in_flight = true;
  virtio_publish(&disk.dev, head);
  while (b->in_flight)
    sleep(b, &disk.lock);
  spin_unlock(&disk.lock);
}

static void finish(uint32 head) {
  struct slot *s = head % CHAIN == 0 && head / CHAIN < NSLOTS ? &disk.slot[head / CHAIN] : 0;
  if (!s || !s->buf) {
    kprintf("virtio-blk: completion for no request (descriptor %u)\n", head);
    return;
  }
  struct buf *b = s->buf;
  if (s->status != VIRTIO_BLK_S_OK)
    kprintf("virtio-blk: %s of block %u failed (status %u)\n",
            s->header.type == VIRTIO_BLK_T_OUT ? "write" : "read", b->blockno, s->status);
  s->buf = 0;
  wakeup(disk.slot);
  b->in_flight = false;
  wakeup(b);
}

void disk_intr(void) {
  spin_lock(&disk.lock);
  virtio_ack_interrupt(&disk.dev);
  uint32 head;
  while (virtio_next_used(&disk.dev, &head))
    finish(head);
  spin_unlock(&disk.lock);
}
