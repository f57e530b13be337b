/* fsck: checks a file-system image in either xv6 format (RISC-V's or x86's, told apart as the
 * kernel does), prints one line per problem and a summary; exit 0 when consistent.
 * Usage: fsck [-r] IMAGE (-r: replay the log into IMAGE). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/fs_format.h"
#include "fs/pathname.c"
#include "fs/superblock.c"

static uint8 *image;
static size_t image_bytes;
static size_t image_blocks; /* in the file system's block size, once known */
static struct fs_super sb;
static int problems;

/* What each pass learns about blocks and inodes. */
static uint32 *block_owner; /* inode whose pointer names the block, 0 = none */
static uint32 *entry_links; /* directory entries naming each inode ("." not counted) */
static uint32 *dir_parent;  /* for directories reached from /: the parent, 0 = unreached */

static void problem(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("problem: ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  problems++;
}

static void note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("note: ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
}

static uint8 *block_at(uint32 blockno) {
  return image + (size_t)blockno * sb.block_size;
}

static struct dinode *dinode_at(uint32 inum) {
  return (struct dinode *)block_at(fs_inode_block(&sb, inum)) + fs_inode_slot(&sb, inum);
}

static bool bitmap_marked(uint32 blockno) {
  return block_at(fs_bitmap_block(&sb, blockno))[(blockno % fs_bits_per_block(&sb)) / 8] &
         (1u << (blockno % 8));
}

static bool in_data_area(uint32 blockno) {
  return fs_is_data_block(&sb, blockno);
}

static uint32 max_file_bytes(void) {
  return fs_max_file_bytes(&sb);
}

static void load_image(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "fsck: cannot open %s: %s\n", path, strerror(errno));
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  image_bytes = size > 0 ? (size_t)size : 0;
  image = calloc(image_bytes / BSIZE + 2, BSIZE);
  if (!image || fread(image, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "fsck: cannot read %s\n", path);
    exit(1);
  }
  fclose(f);
}

/* The superblock must be one of the two formats and describe regions in order, inside the
 * image: the probe and the checks are the kernel's own. */
static bool super_is_sane(void) {
  if (image_bytes < 2 * BSIZE) {
    problem("image is only %zu bytes long", image_bytes);
    return false;
  }
  struct fs_probe_bytes bytes = {image, image + BSIZE};
  const char *why = fs_probe(bytes, &sb);
  if (why) {
    problem("superblock: %s: %s (first word at byte 1024: %#x)", fs_format_name(sb.format), why,
            *(uint32 *)(image + BSIZE));
    return false;
  }
  image_blocks = image_bytes / sb.block_size;
  printf("fsck: %s, %u blocks, %u inodes, log of %u blocks at %u, inodes at %u, bitmap at %u, "
         "data at %u\n",
         fs_format_name(sb.format), sb.total_blocks, sb.ninodes, sb.log_blocks, sb.log_start,
         sb.inode_start, sb.bitmap_start, sb.data_start);
  if (sb.total_blocks > image_blocks) {
    problem("superblock: %u blocks, past the end of the image (%zu blocks)", sb.total_blocks,
            image_blocks);
    return false;
  }
  if (sb.total_blocks < image_blocks)
    note("the image has %zu blocks after the file system's %u", image_blocks - sb.total_blocks,
         sb.total_blocks);
  return true;
}

/* Copies a committed transaction home (as the kernel does at boot); true when
 * the image changed. */
static bool replay_log(void) {
  struct fs_log_header *h = (struct fs_log_header *)block_at(sb.log_start);
  if (h->count == 0)
    return false;
  if (h->count > sb.log_blocks - 1 || h->count > FS_LOG_HEADER_SLOTS) {
    problem("log header claims %u blocks, the log holds %u", h->count, sb.log_blocks - 1);
    return false;
  }
  for (uint32 i = 0; i < h->count; i++) {
    uint32 home = h->blocks[i];
    if (home < sb.inode_start || home >= sb.total_blocks) {
      problem("log slot %u names block %u outside the inode, bitmap and data areas", i, home);
      continue;
    }
    memcpy(block_at(home), block_at(sb.log_start + 1 + i), sb.block_size);
  }
  note("the log holds a committed transaction of %u blocks; checked as replayed "
       "(the kernel replays it at boot)",
       h->count);
  memset(h, 0, sb.block_size);
  return true;
}

static void write_image(const char *path) {
  FILE *f = fopen(path, "r+b");
  size_t size = image_bytes;
  if (!f || fwrite(image, 1, size, f) != size || fclose(f) != 0) {
    fprintf(stderr, "fsck: cannot write %s: %s\n", path, strerror(errno));
    exit(1);
  }
  printf("fsck: replayed the log into %s\n", path);
}

/* ---- inodes and their blocks ---- */

static void claim_block(uint32 inum, uint32 blockno) {
  if (!in_data_area(blockno)) {
    problem("inode %u: names block %u outside the data area", inum, blockno);
    return;
  }
  if (block_owner[blockno]) {
    problem("block %u referenced twice (inode %u and inode %u)", blockno, block_owner[blockno],
            inum);
    return;
  }
  block_owner[blockno] = inum;
}

/* The disk block behind file block bn, or 0 when absent or unreadable. */
static uint32 file_block(const struct dinode *d, uint32 bn) {
  if (bn < NDIRECT)
    return d->addrs[bn];
  uint32 indirect = d->addrs[NDIRECT];
  if (bn >= fs_max_file_blocks(&sb) || !in_data_area(indirect))
    return 0;
  return ((uint32 *)block_at(indirect))[bn - NDIRECT];
}

static void claim_inode_blocks(uint32 inum, const struct dinode *d) {
  for (int i = 0; i < NDIRECT; i++) {
    if (d->addrs[i])
      claim_block(inum, d->addrs[i]);
  }
  uint32 indirect = d->addrs[NDIRECT];
  if (!indirect)
    return;
  claim_block(inum, indirect);
  if (!in_data_area(indirect))
    return;
  for (uint32 i = 0; i < fs_indirect_entries(&sb); i++) {
    uint32 blockno = ((uint32 *)block_at(indirect))[i];
    if (blockno)
      claim_block(inum, blockno);
  }
}

static void check_inode(uint32 inum) {
  struct dinode *d = dinode_at(inum);
  if (d->type == 0)
    return;
  if (d->type < T_DIR || d->type > T_DEVICE) {
    problem("inode %u: unknown type %d", inum, d->type);
    return;
  }
  if (d->nlink < 0)
    problem("inode %u: negative link count %d", inum, d->nlink);
  if (d->size > max_file_bytes())
    problem("inode %u: size %u beyond the largest file", inum, d->size);
  claim_inode_blocks(inum, d);
  uint32 used =
      (d->size > max_file_bytes() ? max_file_bytes() : d->size + sb.block_size - 1) / sb.block_size;
  for (uint32 bn = 0; d->type != T_DEVICE && bn < used; bn++) {
    if (!in_data_area(file_block(d, bn))) {
      problem("inode %u: size %u but file block %u is missing", inum, d->size, bn);
      break;
    }
  }
  if (d->type == T_DIR && d->size % sizeof(struct dir_entry) != 0)
    problem("directory %u: size %u is not a whole number of entries", inum, d->size);
}

static void check_bitmap(void) {
  for (uint32 b = 0; b < sb.total_blocks; b++) {
    bool marked = bitmap_marked(b);
    if (b < sb.data_start) {
      if (!marked)
        problem("metadata block %u is free in the bitmap", b);
    } else if (block_owner[b] && !marked) {
      problem("block %u is used by inode %u but free in the bitmap", b, block_owner[b]);
    } else if (!block_owner[b] && marked) {
      problem("block %u is marked in use but no inode references it", b);
    }
  }
}

/* ---- the directory tree ---- */

struct walk {
  uint32 *queue; /* directories reached but not yet read */
  uint32 head, tail;
};

static void entry_name(const struct dir_entry *de, char name[DIRSIZ + 1]) {
  memcpy(name, de->name, DIRSIZ);
  name[DIRSIZ] = 0;
}

/* The entry at off of directory d, or 0 when its block is unreadable. */
static struct dir_entry *dir_entry_at(const struct dinode *d, uint32 off) {
  uint32 blockno = file_block(d, off / sb.block_size);
  if (!in_data_area(blockno))
    return 0;
  return (struct dir_entry *)(block_at(blockno) + off % sb.block_size);
}

static bool name_repeats(const struct dinode *d, uint32 off, const char *name) {
  for (uint32 o = 0; o < off; o += sizeof(struct dir_entry)) {
    struct dir_entry *de = dir_entry_at(d, o);
    if (de && de->inum && entry_name_equals(de->name, name))
      return true;
  }
  return false;
}

/* Counts one entry of directory dir and queues a subdirectory met for the first time. */
static void check_entry(uint32 dir, const struct dir_entry *de, const char *name, struct walk *w) {
  uint32 inum = de->inum;
  if (inum >= sb.ninodes || dinode_at(inum)->type == 0) {
    problem("directory %u: entry '%s' names free inode %u", dir, name, inum);
    return;
  }
  if (strcmp(name, ".") == 0) {
    if (inum != dir)
      problem("directory %u: '.' names inode %u", dir, inum);
    return;
  }
  entry_links[inum]++;
  if (strcmp(name, "..") == 0) {
    if (inum != dir_parent[dir])
      problem("directory %u: '..' names inode %u, its parent is %u", dir, inum, dir_parent[dir]);
    return;
  }
  if (dinode_at(inum)->type != T_DIR)
    return;
  if (dir_parent[inum]) {
    problem("directory %u linked twice (in %u as '%s'): a loop or a second parent", inum, dir,
            name);
    return;
  }
  dir_parent[inum] = dir;
  w->queue[w->tail++] = inum;
}

static void check_dir(uint32 dir, struct walk *w) {
  struct dinode *d = dinode_at(dir);
  int dots = 0, dotdots = 0;
  uint32 size = d->size > max_file_bytes() ? max_file_bytes() : d->size;
  for (uint32 off = 0; off + sizeof(struct dir_entry) <= size; off += sizeof(struct dir_entry)) {
    struct dir_entry *de = dir_entry_at(d, off);
    if (!de || de->inum == 0)
      continue;
    char name[DIRSIZ + 1];
    entry_name(de, name);
    if (name[0] == 0) {
      problem("directory %u: entry at offset %u has an empty name", dir, off);
      continue;
    }
    if (name_repeats(d, off, name))
      problem("directory %u: name '%s' appears twice", dir, name);
    dots += strcmp(name, ".") == 0;
    dotdots += strcmp(name, "..") == 0;
    check_entry(dir, de, name, w);
  }
  if (dots != 1 || dotdots != 1)
    problem("directory %u: %d '.' and %d '..' entries, want one each", dir, dots, dotdots);
}

static void walk_tree(void) {
  if (dinode_at(ROOTINO)->type != T_DIR) {
    problem("root inode %u is not a directory", ROOTINO);
    return;
  }
  struct walk w = {.queue = calloc(sb.ninodes, sizeof(uint32))};
  dir_parent[ROOTINO] = ROOTINO;
  w.queue[w.tail++] = ROOTINO;
  while (w.head < w.tail)
    check_dir(w.queue[w.head++], &w);
  free(w.queue);
}

/* Link counts against entries, and directories the walk never reached. */
static int check_links(void) {
  int orphans = 0;
  for (uint32 inum = ROOTINO; inum < sb.ninodes; inum++) {
    struct dinode *d = dinode_at(inum);
    if (d->type < T_DIR || d->type > T_DEVICE)
      continue;
    if (d->nlink == 0 && entry_links[inum] == 0) {
      note("inode %u is allocated with no links (unlinked while open); the kernel frees it at boot",
           inum);
      orphans++;
      continue;
    }
    if (d->type == T_DIR && !dir_parent[inum])
      problem("directory %u is not reachable from /", inum);
    if (d->nlink != (int)entry_links[inum])
      problem("inode %u: link count %d but %u entries name it", inum, d->nlink, entry_links[inum]);
  }
  return orphans;
}

static int count_used_inodes(void) {
  int used = 0;
  for (uint32 inum = ROOTINO; inum < sb.ninodes; inum++)
    used += dinode_at(inum)->type != 0;
  return used;
}

static void check_everything(void) {
  block_owner = calloc(sb.total_blocks, sizeof(uint32));
  entry_links = calloc(sb.ninodes, sizeof(uint32));
  dir_parent = calloc(sb.ninodes, sizeof(uint32));
  for (uint32 inum = ROOTINO; inum < sb.ninodes; inum++)
    check_inode(inum);
  check_bitmap();
  walk_tree();
  int orphans = check_links();
  uint32 data_used = 0;
  for (uint32 b = sb.data_start; b < sb.total_blocks; b++)
    data_used += block_owner[b] != 0;
  printf("fsck: %u/%u data blocks, %d/%u inodes in use", data_used, sb.data_blocks,
         count_used_inodes(), sb.ninodes - 1);
  if (orphans)
    printf(", %d to reclaim at boot", orphans);
  printf("\n");
}

int main(int argc, char **argv) {
  bool replay_in_place = argc == 3 && strcmp(argv[1], "-r") == 0;
  if (argc != 2 && !replay_in_place) {
    fprintf(stderr, "usage: fsck [-r] IMAGE\n");
    return 2;
  }
  const char *path = argv[argc - 1];
  load_image(path);
  if (super_is_sane()) {
    bool replayed = replay_log();
    if (replayed && replay_in_place && problems == 0)
      write_image(path);
    check_everything();
  }
  if (problems == 0)
    printf("fsck: %s is consistent\n", path);
  else
    printf("fsck: %s has %d problem%s\n", path, problems, problems == 1 ? "" : "s");
  return problems == 0 ? 0 : 1;
}
