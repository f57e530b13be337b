/* Directory contents: looking a name up, adding and clearing entries, and
 * checking for emptiness. Entries are read a small batch at a time. */
#include "fs/dir.h"
#include "fs/pathname.h"
#include "lib/errno.h"
#include "lib/printf.h"

#define ENTRY_SIZE ((uint32)sizeof(struct dir_entry))
#define BATCH 8

/* Reads up to BATCH entries at off; returns how many were read. */
static uint32 read_batch(struct inode *dp, uint32 off, struct dir_entry *batch) {
  int got = inode_read(dp, false, (uintptr)batch, off, BATCH * ENTRY_SIZE);
  if (got < 0)
    panic("dir: cannot read directory %u", dp->inum);
  return (uint32)got / ENTRY_SIZE;
}

/* Tries match on each entry (used or free) until it returns true; returns
 * that entry's offset (and the entry in found), or dp->size when none matched. */
static uint32 find_entry(struct inode *dp, bool (*match)(const struct dir_entry *, const void *),
                         const void *arg, struct dir_entry *found) {
  struct dir_entry batch[BATCH];
  for (uint32 off = 0; off < dp->size;) {
    uint32 n = read_batch(dp, off, batch);
    if (n == 0)
      break;
    for (uint32 i = 0; i < n; i++, off += ENTRY_SIZE) {
      if (match(&batch[i], arg)) {
        *found = batch[i];
        return off;
      }
    }
  }
  return dp->size;
}

static bool name_matches(const struct dir_entry *de, const void *name) {
  return de->inum != 0 && entry_name_equals(de->name, name);
}

static bool not_dot_entry(const struct dir_entry *de, const void *unused) {
  (void)unused;
  return de->inum != 0 && !entry_name_equals(de->name, ".") && !entry_name_equals(de->name, "..");
}

static bool slot_is_free(const struct dir_entry *de, const void *unused) {
  (void)unused;
  return de->inum == 0;
}

struct inode *dir_lookup(struct inode *dp, const char *name, uint32 *offp) {
  if (dp->type != T_DIR)
    return 0;
  struct dir_entry de;
  uint32 off = find_entry(dp, name_matches, name, &de);
  if (off >= dp->size)
    return 0;
  if (offp)
    *offp = off;
  return inode_get(dp->dev, de.inum);
}

static bool dir_has(struct inode *dp, const char *name) {
  struct dir_entry de;
  return find_entry(dp, name_matches, name, &de) < dp->size;
}

bool dir_is_empty(struct inode *dp) {
  struct dir_entry de;
  return find_entry(dp, not_dot_entry, 0, &de) >= dp->size;
}

/* Offset of the first free slot, or the end of the directory. */
static uint32 free_slot(struct inode *dp) {
  struct dir_entry de;
  return find_entry(dp, slot_is_free, 0, &de);
}

static int write_entry(struct inode *dp, uint32 off, const struct dir_entry *de) {
  int n = inode_write(dp, false, (uintptr)de, off, ENTRY_SIZE);
  return n == (int)ENTRY_SIZE ? 0 : -ENOSPC;
}

int dir_link(struct inode *dp, const char *name, uint32 inum) {
  if (dir_has(dp, name))
    return -EEXIST;
  struct dir_entry de;
  de.inum = (uint16)inum;
  entry_name_set(de.name, name);
  return write_entry(dp, free_slot(dp), &de);
}

int dir_unlink_at(struct inode *dp, uint32 off) {
  struct dir_entry empty = {0};
  return write_entry(dp, off, &empty);
}
