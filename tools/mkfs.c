/* mkfs: builds a file-system image, in RISC-V xv6's format (the default) or x86 xv6's, holding
 * the given host files in its root directory; a leading '_' of a file's name is dropped.
 * Usage: mkfs [-f riscv|x86] [-n BLOCKS] [-i INODES] IMAGE FILE...
 * mkfs --update IMAGE FILE... replaces or adds those files in an existing image and keeps
 * everything else on it (make qemu after a program changed: the user's files stay). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs_format.h"
#include "fs/pathname.c"
#include "fs/superblock.c"

#define NINODES 1024 /* a 500-entry directory plus the programs, with room to spare */

/* What the command line asks for. */
struct mkfs_options {
  enum fs_format format;
  uint32 blocks;
  uint32 ninodes;
  int first_file; /* argv index of the image; the files follow it */
};

static uint8 *image; /* the whole image, built in memory */
static struct fs_super sb;
static uint32 next_block; /* first data block not yet used */
static uint32 next_inum = ROOTINO;
static const char *image_path;
static bool updating; /* --update: blocks and inodes come from the image's free ones */

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  if (image_path)
    unlink(image_path); /* never leave a half-made or stale image behind */
  exit(1);
}

static uint8 *block_at(uint32 blockno) {
  return image + (size_t)blockno * sb.block_size;
}

static struct dinode *dinode_at(uint32 inum) {
  return (struct dinode *)block_at(fs_inode_block(&sb, inum)) + fs_inode_slot(&sb, inum);
}

static void usage(void) {
  fprintf(stderr, "usage: mkfs [-f riscv|x86] [-n BLOCKS] [-i INODES] IMAGE FILE...\n"
                  "       mkfs --update IMAGE FILE...\n");
  exit(2);
}

static uint32 number_arg(const char *text) {
  char *end;
  unsigned long v = strtoul(text, &end, 10);
  if (*text == 0 || *end != 0 || v == 0 || v > 0x7fffffffUL)
    usage();
  return (uint32)v;
}

static struct mkfs_options parse_options(int argc, char **argv) {
  struct mkfs_options o = {FS_RISCV, FSBLOCKS, NINODES, 1};
  while (o.first_file + 1 < argc && argv[o.first_file][0] == '-') {
    const char *flag = argv[o.first_file], *value = argv[o.first_file + 1];
    if (strcmp(flag, "-f") == 0 && strcmp(value, "riscv") == 0)
      o.format = FS_RISCV;
    else if (strcmp(flag, "-f") == 0 && strcmp(value, "x86") == 0)
      o.format = FS_X86;
    else if (strcmp(flag, "-n") == 0)
      o.blocks = number_arg(value);
    else if (strcmp(flag, "-i") == 0)
      o.ninodes = number_arg(value);
    else
      usage();
    o.first_file += 2;
  }
  if (o.first_file >= argc)
    usage();
  return o;
}

/* Lays out the regions and writes the superblock in the chosen format. */
static void plan_layout(const struct mkfs_options *o) {
  fs_super_plan(&sb, o->format, o->blocks, o->ninodes);
  const char *why = fs_super_check(&sb);
  if (why)
    fail("%u blocks and %u inodes make no usable file system: %s", o->blocks, o->ninodes, why);
  next_block = sb.data_start;
  fs_super_encode(&sb, block_at(FS_SUPER_BLOCK));
}

static uint32 update_alloc_block(const char *for_what);
static uint32 update_alloc_inode(void);

static uint32 alloc_block(const char *for_what) {
  if (updating)
    return update_alloc_block(for_what);
  if (next_block >= sb.total_blocks)
    fail("image full: no block left for %s", for_what);
  return next_block++;
}

static uint32 alloc_inode(int16 type) {
  uint32 inum = updating ? update_alloc_inode() : next_inum++;
  if (inum >= sb.ninodes)
    fail("image full: no inode left");
  struct dinode *d = dinode_at(inum);
  memset(d, 0, sizeof(*d));
  d->type = type;
  d->nlink = 1;
  return inum;
}

/* The disk block for file block bn of inode inum, allocated on first use. */
static uint32 file_block(uint32 inum, uint32 bn, const char *name) {
  struct dinode *d = dinode_at(inum);
  if (bn >= fs_max_file_blocks(&sb))
    fail("%s: too big (a file holds at most %u bytes in %s)", name, fs_max_file_bytes(&sb),
         fs_format_name(sb.format));
  if (bn < NDIRECT) {
    if (!d->addrs[bn])
      d->addrs[bn] = alloc_block(name);
    return d->addrs[bn];
  }
  if (!d->addrs[NDIRECT])
    d->addrs[NDIRECT] = alloc_block(name);
  uint32 *entries = (uint32 *)block_at(d->addrs[NDIRECT]);
  if (!entries[bn - NDIRECT])
    entries[bn - NDIRECT] = alloc_block(name);
  return entries[bn - NDIRECT];
}

static void append(uint32 inum, const void *data, size_t len, const char *name) {
  struct dinode *d = dinode_at(inum);
  const uint8 *src = data;
  while (len > 0) {
    uint32 off = d->size;
    size_t m = sb.block_size - off % sb.block_size;
    if (m > len)
      m = len;
    uint32 blockno = file_block(inum, off / sb.block_size, name);
    memcpy(block_at(blockno) + off % sb.block_size, src, m);
    d->size += (uint32)m;
    src += m;
    len -= m;
  }
}

/* The inode number of name in directory dir, or 0. */
static uint32 dir_lookup(uint32 dir, const char *name) {
  struct dinode *d = dinode_at(dir);
  for (uint32 off = 0; off < d->size; off += sizeof(struct dir_entry)) {
    uint32 blockno = file_block(dir, off / sb.block_size, "/");
    struct dir_entry *de = (struct dir_entry *)(block_at(blockno) + off % sb.block_size);
    if (de->inum && entry_name_equals(de->name, name))
      return de->inum;
  }
  return 0;
}

static void dir_add(uint32 dir, const char *name, uint32 inum) {
  struct dir_entry de;
  memset(&de, 0, sizeof(de));
  de.inum = (uint16)inum;
  entry_name_set(de.name, name);
  append(dir, &de, sizeof(de), name);
}

static void make_root(void) {
  uint32 root = alloc_inode(T_DIR);
  if (root != ROOTINO)
    fail("internal error: root is inode %u", root);
  dir_add(root, ".", root);
  dir_add(root, "..", root); /* the root's nlink of 1 counts this entry */
}

/* The name a host path gets in the image: its base name without a leading '_'. */
static const char *image_name(const char *host_path) {
  const char *name = path_basename(host_path);
  if (name[0] == '_')
    name++;
  if (name[0] == 0)
    fail("%s: no file name", host_path);
  if (strlen(name) > DIRSIZ)
    fail("%s: name '%s' too long (at most %d bytes)", host_path, name, DIRSIZ);
  if (name_is_dot_or_dotdot(name))
    fail("%s: '%s' is not allowed as a name", host_path, name);
  return name;
}

static void free_file_blocks(uint32 inum);

static void add_file(const char *host_path) {
  const char *name = image_name(host_path);
  uint32 old = dir_lookup(ROOTINO, name);
  if (old && !updating)
    fail("%s: '%s' is already in the image", host_path, name);
  if (old && dinode_at(old)->type != T_FILE)
    fail("%s: '%s' on the image is not a file; not replaced", host_path, name);
  FILE *in = fopen(host_path, "rb");
  if (!in)
    fail("cannot open %s: %s", host_path, strerror(errno));
  uint32 inum = old ? old : alloc_inode(T_FILE);
  if (old)
    free_file_blocks(old); /* the same inode gets the new contents: links to it stay */
  uint8 buf[BSIZE];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
    append(inum, buf, n, host_path);
  if (ferror(in))
    fail("cannot read %s: %s", host_path, strerror(errno));
  fclose(in);
  if (!old)
    dir_add(ROOTINO, name, inum);
}

static void mark_used_blocks(void) {
  for (uint32 b = 0; b < next_block; b++)
    block_at(fs_bitmap_block(&sb, b))[(b % fs_bits_per_block(&sb)) / 8] |= (uint8)(1u << (b % 8));
}

static void write_image(const char *path) {
  FILE *out = fopen(path, "wb");
  if (!out)
    fail("cannot create %s: %s", path, strerror(errno));
  size_t size = (size_t)sb.total_blocks * sb.block_size;
  if (fwrite(image, 1, size, out) != size || fclose(out) != 0)
    fail("cannot write %s: %s", path, strerror(errno));
}

/* ---- --update: changing the files of an existing image, keeping all the others ---- */

static bool block_in_use(uint32 b) {
  return block_at(fs_bitmap_block(&sb, b))[(b % fs_bits_per_block(&sb)) / 8] & (1u << (b % 8));
}

static void set_block_use(uint32 b, bool used) {
  uint8 *byte = &block_at(fs_bitmap_block(&sb, b))[(b % fs_bits_per_block(&sb)) / 8];
  *byte = used ? *byte | (uint8)(1u << (b % 8)) : *byte & (uint8) ~(1u << (b % 8));
}

static uint32 update_alloc_block(const char *for_what) {
  for (uint32 b = sb.data_start; b < sb.total_blocks; b++) {
    if (!block_in_use(b)) {
      set_block_use(b, true);
      memset(block_at(b), 0, sb.block_size);
      return b;
    }
  }
  fail("image full: no block left for %s", for_what);
  return 0;
}

static uint32 update_alloc_inode(void) {
  for (uint32 inum = ROOTINO + 1; inum < sb.ninodes; inum++)
    if (dinode_at(inum)->type == 0)
      return inum;
  return sb.ninodes; /* alloc_inode reports it */
}

static void free_file_blocks(uint32 inum) {
  struct dinode *d = dinode_at(inum);
  if (d->addrs[NDIRECT]) {
    uint32 *entries = (uint32 *)block_at(d->addrs[NDIRECT]);
    for (uint32 i = 0; i < fs_indirect_entries(&sb); i++)
      if (entries[i])
        set_block_use(entries[i], false);
  }
  for (uint32 i = 0; i <= NDIRECT; i++)
    if (d->addrs[i])
      set_block_use(d->addrs[i], false);
  memset(d->addrs, 0, sizeof(d->addrs));
  d->size = 0;
}

/* Reads the image at path into memory for --update; refuses one that is no file system of
 * either format, or whose log holds a transaction the kernel has not yet copied home. */
static void load_image(const char *path) {
  FILE *in = fopen(path, "rb");
  if (!in)
    fail("cannot open %s: %s", path, strerror(errno));
  size_t got = fread(image, 1, (size_t)FSBLOCKS * BSIZE, in);
  fclose(in);
  struct fs_probe_bytes bytes = {image, image + BSIZE};
  const char *why = got >= 2 * BSIZE ? fs_probe(bytes, &sb) : "too short";
  if (!why && got < (size_t)sb.total_blocks * sb.block_size)
    why = "shorter than its superblock says";
  if (!why && dinode_at(ROOTINO)->type != T_DIR)
    why = "the root is no directory";
  if (why)
    fail("%s: not an image mkfs can update (%s); `make fs-reset` makes a new one", path, why);
  if (((struct fs_log_header *)block_at(sb.log_start))->count != 0)
    fail("%s: its log holds an unfinished transaction; boot it once (or `make fs-reset`)", path);
}

/* mkfs --update IMAGE FILE...: writes the result next to IMAGE, then renames it over, so a
 * failure leaves the user's image as it was. */
static int update(int argc, char **argv) {
  static char temp[4096];
  const char *path = argv[2];
  updating = true;
  load_image(path);
  snprintf(temp, sizeof(temp), "%s.new", path);
  image_path = temp; /* what fail() removes: never the image itself */
  for (int i = 3; i < argc; i++)
    add_file(argv[i]);
  write_image(temp);
  if (rename(temp, path) != 0)
    fail("cannot replace %s: %s", path, strerror(errno));
  printf("mkfs: %s: updated %d files, the others kept\n", path, argc - 3);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--update") == 0) {
    if (argc < 3)
      usage();
    image = calloc(FSBLOCKS, BSIZE); /* the largest image mkfs makes by default */
    if (!image)
      fail("out of memory");
    return update(argc, argv);
  }
  struct mkfs_options o = parse_options(argc, argv);
  image_path = argv[o.first_file];
  image = calloc(o.blocks, BSIZE); /* room for either block size */
  if (!image)
    fail("out of memory");
  plan_layout(&o);
  make_root();
  for (int i = o.first_file + 1; i < argc; i++)
    add_file(argv[i]);
  mark_used_blocks();
  write_image(image_path);
  printf("mkfs: %s: %s, %u of %u data blocks, %u of %u inodes used\n", image_path,
         fs_format_name(sb.format), next_block - sb.data_start, sb.data_blocks, next_inum - 1,
         sb.ninodes - 1);
  return 0;
}
