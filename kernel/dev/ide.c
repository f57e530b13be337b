/* The ATA (IDE) disk driver, programmed I/O on the primary channel. At boot it picks the drive
 * holding the file system; afterwards one request owns the channel at a time. */
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
#define REG_DRIVE 6 /* DRIVE_LBA | unit << 4 | LBA bits 24-27 */
#define REG_STATUS 7
#define REG_COMMAND 7

#define STATUS_BSY 0x80
#define STATUS_DRDY 0x40
#define STATUS_DF 0x20
#define STATUS_DRQ 0x08
#define STATUS_ERR 0x01

#define CMD_READ_SECTORS 0x20
#define CMD_READ_MULTIPLE 0xC4
#define CMD_WRITE_MULTIPLE 0xC5
#define CMD_SET_MULTIPLE 0xC6

#define CONTROL_NIEN 0x02 /* device control: no interrupts */
#define DRIVE_LBA 0xE0
#define SECTOR_SIZE 512
#define SECTORS_PER_BLOCK (BSIZE / SECTOR_SIZE)
#define UNITS 2 /* master and slave */

/*
 * Which drive holds the file system: the first unit, master then slave, that answers and whose
 * sector 0 does not end in the PC boot signature 55 AA. A boot disk (moo.img, or x86 xv6's
 * xv6.img) is never a file system, and file-system images leave block 0 zeroed, so this finds
 * the file system whether it is alone on unit 0 (QEMU -kernel) or on unit 1 behind a boot disk
 * on unit 0 (x86 xv6's line). The superblock is left to the mount, which knows the formats.
 */

/*
 * Requests do not queue in the driver: a request takes the channel (sleeping while another has
 * it), issues its command, sleeps until the interrupt says the drive is done, moves a read's
 * data itself, then hands the channel on. The interrupt handler only records the status.
 */
static struct {
  struct spinlock lock;
  int unit;     /* the file system's drive, or -1 */
  bool busy;    /* a request owns the channel */
  bool done;    /* the drive has answered the owner's command */
  uint8 status; /* its status then */
} ide = {.unit = -1};

static uint8 reg_read(int reg) {
  return arch_dev_read8(platform.ide_base + reg);
}

static void reg_write(int reg, uint8 v) {
  arch_dev_write8(platform.ide_base + reg, v);
}

/* Polls until the drive is not busy; its status, or -1 after too long. */
static int wait_ready(void) {
  for (int i = 0; i < 10000000; i++) {
    uint8 s = reg_read(REG_STATUS);
    if (!(s & STATUS_BSY))
      return s;
  }
  return -1;
}

static bool failed(int status) {
  return status < 0 || (status & (STATUS_ERR | STATUS_DF));
}

static void transfer_out(const uint8 *data, int bytes) {
  for (int i = 0; i < bytes; i += 2)
    arch_dev_write16(platform.ide_base + REG_DATA, data[i] | (data[i + 1] << 8));
}

static void transfer_in(uint8 *data, int bytes) {
  for (int i = 0; i < bytes; i += 2) {
    uint16 w = arch_dev_read16(platform.ide_base + REG_DATA);
    data[i] = w & 0xFF;
    data[i + 1] = w >> 8;
  }
}

/* Selects unit and loads the address registers for count sectors from sector. */
static void set_address(int unit, uint32 sector, int count) {
  reg_write(REG_DRIVE, DRIVE_LBA | unit << 4 | ((sector >> 24) & 0x0F));
  reg_write(REG_COUNT, count);
  reg_write(REG_LBA0, sector & 0xFF);
  reg_write(REG_LBA1, (sector >> 8) & 0xFF);
  reg_write(REG_LBA2, (sector >> 16) & 0xFF);
}

/* Does unit answer as a ready drive? */
static bool unit_present(int unit) {
  reg_write(REG_DRIVE, DRIVE_LBA | unit << 4);
  int s = wait_ready();
  return s > 0 && s != 0xFF && (s & STATUS_DRDY);
}

/* Reads unit's sector 0 by polling (interrupts are off on the channel); false on error. */
static bool read_first_sector(int unit, uint8 *sector) {
  set_address(unit, 0, 1);
  reg_write(REG_COMMAND, CMD_READ_SECTORS);
  int s = wait_ready();
  if (failed(s) || !(s & STATUS_DRQ))
    return false;
  transfer_in(sector, SECTOR_SIZE);
  return true;
}

static bool is_boot_disk(const uint8 *sector) {
  return sector[510] == 0x55 && sector[511] == 0xAA;
}

/* The unit holding the file system (see the rule above), or -1. */
static int find_fs_unit(void) {
  static uint8 sector[SECTOR_SIZE];
  for (int unit = 0; unit < UNITS; unit++) {
    if (!unit_present(unit))
      continue;
    if (!read_first_sector(unit, sector))
      kprintf("ide: unit %d: sector 0 unreadable\n", unit);
    else if (is_boot_disk(sector))
      kprintf("ide: unit %d is a boot disk\n", unit);
    else
      return unit;
  }
  return -1;
}

int disk_init(void) {
  spin_init(&ide.lock, "ide");
  if (platform.ide_base == 0)
    return -EIO;
  arch_dev_write8(platform.ide_ctl, CONTROL_NIEN); /* probe by polling */
  int unit = find_fs_unit();
  if (unit < 0)
    return -EIO;
  set_address(unit, 0, SECTORS_PER_BLOCK);
  reg_write(REG_COMMAND, CMD_SET_MULTIPLE); /* one command and one interrupt per block */
  if (failed(wait_ready())) {
    kprintf("ide: unit %d refuses %d-sector multiple mode\n", unit, SECTORS_PER_BLOCK);
    return -EIO;
  }
  kprintf("ide: file system on unit %d\n", unit);
  ide.unit = unit;
  (void)reg_read(REG_STATUS);           /* nothing pending when interrupts come on */
  arch_dev_write8(platform.ide_ctl, 0); /* nIEN clear: the drive may interrupt */
  arch_irq_enable(platform.ide_irq, disk_intr);
  return 0;
}

/* Starts b's command on the file-system drive; a write's data goes out at once. With the
 * channel owned. False when the drive refuses before any interrupt can come. */
static bool issue(struct buf *b, bool write) {
  wait_ready();
  set_address(ide.unit, b->blockno * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK);
  reg_write(REG_COMMAND, write ? CMD_WRITE_MULTIPLE : CMD_READ_MULTIPLE);
  if (!write)
    return true;
  int s = wait_ready();
  if (failed(s) || !(s & STATUS_DRQ))
    return false;
  transfer_out(b->data, BSIZE);
  return true;
}

void disk_rw(struct buf *b, bool write) {
  if (ide.unit < 0)
    panic("disk_rw: no disk");
  spin_lock(&ide.lock);
  while (ide.busy)
    sleep(&ide.busy, &ide.lock);
  ide.busy = true;
  ide.done = false;
  b->in_flight = true;
  int s = -1;
  if (issue(b, write)) {
    while (!ide.done)
      sleep(&ide.done, &ide.lock);
    s = ide.status;
  }
  if (failed(s))
    kprintf("ide: %s of block %u failed (status 0x%x, error 0x%x)\n", write ? "write" : "read",
            b->blockno, s, reg_read(REG_ERROR));
  else if (!write)
    transfer_in(b->data, BSIZE);
  b->in_flight = false;
  ide.busy = false;
  wakeup(&ide.busy);
  spin_unlock(&ide.lock);
}

void disk_intr(void) {
  spin_lock(&ide.lock);
  uint8 s = reg_read(REG_STATUS); /* also acknowledges the interrupt */
  if (ide.busy && !ide.done && !(s & STATUS_BSY)) {
    ide.status = s;
    ide.done = true;
    wakeup(&ide.done);
  }
  spin_unlock(&ide.lock);
}
