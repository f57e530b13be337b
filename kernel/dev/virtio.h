/* virtio over MMIO, legacy (version 1) and modern (version 2): register
 * offsets, status and feature bits, and the split-virtqueue entries. */
#ifndef MOO_VIRTIO_H
#define MOO_VIRTIO_H

#include "lib/types.h"

/* MMIO registers, as byte offsets from the device's base; the same in both
 * versions unless marked. */
#define VIRTIO_MMIO_MAGIC 0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_LEGACY_GUEST_PAGE_SIZE 0x028 /* version 1 only */
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_LEGACY_QUEUE_ALIGN 0x03c /* version 1 only */
#define VIRTIO_MMIO_LEGACY_QUEUE_PFN 0x040   /* version 1 only */
#define VIRTIO_MMIO_QUEUE_READY 0x044        /* version 2 only */
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
/* version 2 only, from here to the configuration space */
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090 /* available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0 /* used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MAGIC 0x74726976
#define VIRTIO_MMIO_LEGACY 1
#define VIRTIO_MMIO_MODERN 2
#define VIRTIO_DEVICE_BLOCK 2

/* Device status bits, set by the driver in this order. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED 128

#define VIRTIO_F_VERSION_1 32 /* feature bit number */

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_BUFFER 1
#define VIRTIO_INT_CONFIG_CHANGE 2

/* Split virtqueue entries. The legacy interface wants one block: descriptors,
 * then the available ring, then the used ring at the next QueueAlign boundary. */
#define VIRTQ_DESC_F_NEXT 1  /* the chain continues at next */
#define VIRTQ_DESC_F_WRITE 2 /* the device writes this buffer */

struct virtq_desc {
  uint64 addr; /* physical */
  uint32 len;
  uint16 flags;
  uint16 next;
};

struct virtq_used_elem {
  uint32 id;  /* head of the finished chain */
  uint32 len; /* bytes the device wrote */
};

/* virtio-blk requests: a header, the data, then one status byte. */
#define VIRTIO_BLK_T_IN 0  /* read */
#define VIRTIO_BLK_T_OUT 1 /* write */
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_SECTOR_SIZE 512

struct virtio_blk_req_header {
  uint32 type;
  uint32 reserved;
  uint64 sector;
};

#endif
