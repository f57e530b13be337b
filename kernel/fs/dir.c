/* Directory contents: looking a name up, adding and clearing entries, and
 * checking for emptiness. Entries are read a small batch at a time. */
#include "fs/dir.h"
#include "fs/pathname.h"
#include "lib/errno.h"
#include "lib/printf.h"

#define ENTRY_SIZE ((uint32)sizeof(struct dir_entry))
#define BATCH 8

/* Tries match on each entry (used or free) until it returns true; then
 * returns 1 with that entry in *found and its offset in *offp. 0 when no
 * entry matches; -EIO when a block of the directory is unreadable (a corrupt
 * disk: inode_read has said which). */
static int find_entry(struct inode *dp, bool (*match)(const struct dir_entry *, const void *),
                      const void *arg, struct dir_entry *found, uint32 *offp) {
  struct dir_entry batch[BATCH];
  for (uint32 off = 0; off < dp->dinode.size;) {
    int got = inode_read(dp, false, (uintptr)batch, off, BATCH * ENTRY_SIZE);
    if (got < 0)
      return got;
    uint32 n = (uint32)got / ENTRY_SIZE;
    if (n == 0)
      break;
    for (uint32 i = 0; i < n; i++, off += ENTRY_SIZE) {
      if (match(&batch[i], arg)) {
        *found = batch[i];
        *offp = off;
        return 1;
      }
    }
  }
  return 0;
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

bool dir_is_removed(struct inode *dp) {
  return dp->dinode.nlink == 0;
}

int dir_lookup(struct inode *dp, const char *name, struct inode **out, uint32 *offp) {
  if (dp->dinode.type != T_DIR)
    return -ENOTDIR;
  if (dir_is_removed(dp))
    return -ENOENT;
  struct dir_entry de;
  uint32 off;
  int found = find_entry(dp, name_matches, name, &de, &off);
  if (found <= 0)
    return found < 0 ? found : -ENOENT;
  if (de.inum >= fs_super.ninodes) {
    kprintf("fs: directory %u names inode %u, past the last\n", dp->inum, de.inum);
    return -EIO;
  }
  struct inode *ip = inode_get(dp->dev, de.inum);
  if (!ip)
    return -ENFILE;
  if (offp)
    *offp = off;
  *out = ip;
  return 0;
}

bool dir_is_empty(struct inode *dp) { /* an unreadable directory counts as full */
  struct dir_entry de;
  uint32 off;
  return find_entry(dp, not_dot_entry, 0, &de, &off) == 0;
}

/* Offset of the first free slot, or the end of the directory. */
static uint32 free_slot(struct inode *dp) {
  struct dir_entry de;
  uint32 off;
  return find_entry(dp, slot_is_free, 0, &de, &off) > 0 ? off : dp->dinode.size;
}

static int write_entries(struct inode *dp, uint32 off, const struct dir_entry *de, uint32 n) {
  int put = inode_write(dp, false, (uintptr)de, off, n * ENTRY_SIZE);
  return put == (int)(n * ENTRY_SIZE) ? 0 : -ENOSPC;
}

static void make_entry(struct dir_entry *de, const char *name, uint32 inum) {
  de->inum = (uint16)inum;
  entry_name_set(de->name, name);
}

int dir_link(struct inode *dp, const char *name, uint32 inum) {
  if (dp->dinode.type != T_DIR)
    return -ENOTDIR;
  if (dir_is_removed(dp))
    return -ENOENT;
  struct dir_entry de;
  uint32 off;
  int found = find_entry(dp, name_matches, name, &de, &off);
  if (found != 0)
    return found < 0 ? found : -EEXIST;
  make_entry(&de, name, inum);
  return write_entries(dp, free_slot(dp), &de, 1);
}

int dir_init(struct inode *dp, uint32 parent_inum) {
  struct dir_entry dots[2];
  make_entry(&dots[0], ".", dp->inum);
  make_entry(&dots[1], "..", parent_inum);
  return write_entries(dp, 0, dots, 2);
}

int dir_unlink_at(struct inode *dp, uint32 off) {
  struct dir_entry empty = {0};
  return write_entries(dp, off, &empty, 1);
}
