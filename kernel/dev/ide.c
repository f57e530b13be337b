/* The ATA (IDE) disk driver, programmed I/O: the primary channel's master
 * drive holds the file system. One block (two sectors) per command, with
 * READ/WRITE MULTIPLE so each block raises one interrupt. */
#include "arch/arch.h"
#include "dev/disk.h"
#include "dev/platform.h"
#include "fs/buf.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "proc/proc.h"

/* Command-block registers, as offsets from platform.ide_base. */
#define REG_DATA 0
#define REG_ERROR 1
#define REG_COUNT 2
#define REG_LBA0 3
#define REG_LBA1 4
#define REG_LBA2 5
#define REG_DRIVE 6 /* 0xE0: LBA addressing, master drive; low nibble: LBA bits 24-27 */
#define REG_STATUS 7
#define REG_COMMAND 7

#define STATUS_BSY 0x80
#define STATUS_DRDY 0x40
#define STATUS_DF 0x20
#define STATUS_DRQ 0x08
#define STATUS_ERR 0x01

#define CMD_READ_MULTIPLE 0xC4
#define CMD_WRITE_MULTIPLE 0xC5
#define CMD_SET_MULTIPLE 0xC6

#define DRIVE_MASTER_LBA 0xE0
#define SECTOR_SIZE 512
#define SECTORS_PER_BLOCK (BSIZE / SECTOR_SIZE)
#define WORDS_PER_BLOCK (BSIZE / 2)
#define QUEUE_SIZE 64 /* more than the block cache has buffers */

/* Requests wait in a ring; the one at the head is on the drive. */
static struct {
  struct spinlock lock;
  bool found;
  struct buf *queue[QUEUE_SIZE];
  bool is_write[QUEUE_SIZE];
  int head, count;
} ide;

static uint8 reg_read(int reg) { return arch_dev_read8(platform.ide_base + reg); }

static void reg_write(int reg, uint8 v) { arch_dev_write8(platform.ide_base + reg, v); }

/* Polls until the drive is not busy; its status, or -1 after too long. */
static int wait_ready(void) {
  for (int i = 0; i < 10000000; i++) {
    uint8 s = reg_read(REG_STATUS);
    if (!(s & STATUS_BSY))
      return s;
  }
  return -1;
}

static bool failed(int status) { return status < 0 || (status & (STATUS_ERR | STATUS_DF)); }

static void transfer_out(const uint8 *data) {
  for (int i = 0; i < WORDS_PER_BLOCK; i++)
    arch_dev_write16(platform.ide_base + REG_DATA, data[2 * i] | (data[2 * i + 1] << 8));
}

static void transfer_in(uint8 *data) {
  for (int i = 0; i < WORDS_PER_BLOCK; i++) {
    uint16 w = arch_dev_read16(platform.ide_base + REG_DATA);
    data[2 * i] = w & 0xFF;
    data[2 * i + 1] = w >> 8;
  }
}

/* Puts the request at the head of the queue on the drive; with ide.lock held.
 * A write's data goes out at once; the interrupt then means "written". */
static void start_head(void) {
  struct buf *b = ide.queue[ide.head];
  bool write = ide.is_write[ide.head];
  uint32 sector = b->blockno * SECTORS_PER_BLOCK;
  wait_ready();
  reg_write(REG_COUNT, SECTORS_PER_BLOCK);
  reg_write(REG_LBA0, sector & 0xFF);
  reg_write(REG_LBA1, (sector >> 8) & 0xFF);
  reg_write(REG_LBA2, (sector >> 16) & 0xFF);
  reg_write(REG_DRIVE, DRIVE_MASTER_LBA | ((sector >> 24) & 0x0F));
  reg_write(REG_COMMAND, write ? CMD_WRITE_MULTIPLE : CMD_READ_MULTIPLE);
  if (write) {
    int s;
    while ((s = reg_read(REG_STATUS)) & STATUS_BSY)
      ;
    if (!failed(s) && (s & STATUS_DRQ))
      transfer_out(b->data);
  }
}

int disk_init(void) {
  spin_init(&ide.lock, "ide");
  if (platform.ide_base == 0)
    return -EIO;
  reg_write(REG_DRIVE, DRIVE_MASTER_LBA);
  int s = wait_ready();
  if (s <= 0 || s == 0xFF || !(s & STATUS_DRDY))
    return -EIO; /* no drive answers */
  arch_dev_write8(platform.ide_ctl, 0); /* nIEN clear: the drive may interrupt */
  reg_write(REG_COUNT, SECTORS_PER_BLOCK);
  reg_write(REG_COMMAND, CMD_SET_MULTIPLE);
  if (failed(wait_ready())) {
    kprintf("ide: drive refuses %d-sector multiple mode\n", SECTORS_PER_BLOCK);
    return -EIO;
  }
  (void)reg_read(REG_STATUS); /* acknowledges the command's interrupt */
  ide.found = true;
  arch_irq_enable(platform.ide_irq, disk_intr);
  return 0;
}

void disk_rw(struct buf *b, bool write) {
  if (!ide.found)
    panic("disk_rw: no disk");
  spin_lock(&ide.lock);
  while (ide.count == QUEUE_SIZE)
    sleep(&ide.queue, &ide.lock);
  int slot = (ide.head + ide.count) % QUEUE_SIZE;
  ide.queue[slot] = b;
  ide.is_write[slot] = write;
  ide.count++;
  b->in_flight = true;
  if (ide.count == 1)
    start_head();
  while (b->in_flight)
    sleep(b, &ide.lock);
  spin_unlock(&ide.lock);
}

void disk_intr(void) {
  spin_lock(&ide.lock);
  int s = reg_read(REG_STATUS); /* also acknowledges the interrupt */
  if (ide.count == 0 || (s & STATUS_BSY)) {
    spin_unlock(&ide.lock);
    return; /* nothing of ours has finished */
  }
  struct buf *b = ide.queue[ide.head];
  bool write = ide.is_write[ide.head];
  if (failed(s))
    kprintf("ide: %s of block %u failed (status 0x%x, error 0x%x)\n", write ? "write" : "read",
            b->blockno, s, reg_read(REG_ERROR));
  else if (!write)
    transfer_in(b->data);
  ide.head = (ide.head + 1) % QUEUE_SIZE;
  ide.count--;
  b->in_flight = false;
  wakeup(b);
  wakeup(&ide.queue);
  if (ide.count > 0)
    start_head();
  spin_unlock(&ide.lock);
}
