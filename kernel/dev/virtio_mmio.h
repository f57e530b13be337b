/* A virtio-mmio device with one split virtqueue, driven through the legacy
 * (version 1) or the modern (version 2) registers, as the device says. */
#ifndef MOO_VIRTIO_MMIO_H
#define MOO_VIRTIO_MMIO_H

#include "dev/virtio.h"

#define VQ_SIZE 64           /* descriptors; a power of two */
#define VQ_LEGACY_ALIGN 4096 /* QueueAlign and GuestPageSize we tell a legacy device */

/* The queue memory shared with the device, in the legacy interface's layout,
 * which the modern one accepts too: one set-up serves both. */
struct virtq {
  struct virtq_desc desc[VQ_SIZE];
  struct {
    uint16 flags, idx, ring[VQ_SIZE], used_event;
  } avail;
  struct {
    uint16 flags, idx;
    struct virtq_used_elem ring[VQ_SIZE];
    uint16 avail_event;
  } used __attribute__((aligned(VQ_LEGACY_ALIGN)));
};

struct virtio_dev {
  uintptr regs;
  uint32 version; /* VIRTIO_MMIO_LEGACY or VIRTIO_MMIO_MODERN */
  volatile struct virtq *vq;
  uint16 used_seen; /* completions handled up to this used index */
};

/* Starts the device at base if it is a device_id device, with queue 0 in vq
 * (physically contiguous, VQ_LEGACY_ALIGN aligned): 0; -ENOENT when no such
 * device is there; -EIO when it will not start. */
int virtio_start(struct virtio_dev *d, uintptr base, uint32 device_id, struct virtq *vq);
void virtio_publish(struct virtio_dev *d, uint16 head);    /* a chain to the device */
bool virtio_next_used(struct virtio_dev *d, uint32 *head); /* a finished chain, if any */
void virtio_ack_interrupt(struct virtio_dev *d);

#endif
