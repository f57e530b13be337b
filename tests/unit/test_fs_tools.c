/* Unit test (host): mkfs builds images fsck accepts, in both xv6 formats, with the words of
 * each superblock where xv6 has them; fsck catches deliberate corruptions (and names them) and
 * judges a committed log as replayed. Runs $MOO_BUILD/tools/{mkfs,fsck}. */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs/fs_format.h"
#include "fs/pathname.c"
#include "fs/superblock.c"

static char dir[64]; /* scratch directory */
static char mkfs[256], fsck[256];
static uint8 *pristine; /* the image mkfs made */
static size_t image_size;

/* Runs a shell command with its output in dir/out; returns the exit status. */
static int run(const char *cmd) {
  char full[1024];
  snprintf(full, sizeof(full), "%s > %s/out 2>&1", cmd, dir);
  int status = system(full);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool output_has(const char *text) {
  char path[128], buf[65536];
  snprintf(path, sizeof(path), "%s/out", dir);
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
  if (f)
    fclose(f);
  buf[n] = 0;
  return strstr(buf, text) != 0;
}

static void write_file(const char *name, const void *data, size_t len) {
  char path[128];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

static uint8 *read_file(const char *name, size_t *len) {
  char path[128];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f)
    return 0;
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8 *data = malloc(*len + 1);
  if (fread(data, 1, *len, f) != *len)
    *len = 0;
  fclose(f);
  return data;
}

/* ---- reading and changing an image in memory ---- */

/* The superblock of img, decoded as the kernel does. */
static struct fs_super *super_of(uint8 *img) {
  static struct fs_super sb;
  struct fs_probe_bytes bytes = {img, img + BSIZE};
  if (fs_probe(bytes, &sb) != 0) {
    printf("test_fs_tools: the image has no usable superblock\n");
    exit(1);
  }
  return &sb;
}

static uint32 block_size(uint8 *img) {
  return super_of(img)->block_size;
}

static uint8 *block_of(uint8 *img, uint32 blockno) {
  return img + (size_t)blockno * block_size(img);
}

static uint32 raw_word(const uint8 *img, size_t byte) {
  uint32 w;
  memcpy(&w, img + byte, 4);
  return w;
}

static struct dinode *dinode_of(uint8 *img, uint32 inum) {
  struct fs_super *sb = super_of(img);
  return (struct dinode *)block_of(img, fs_inode_block(sb, inum)) + fs_inode_slot(sb, inum);
}

static uint32 file_block(uint8 *img, struct dinode *d, uint32 bn) {
  if (bn < NDIRECT)
    return d->addrs[bn];
  return ((uint32 *)block_of(img, d->addrs[NDIRECT]))[bn - NDIRECT];
}

/* The root directory's entry for name, or 0. */
static struct dir_entry *root_entry(uint8 *img, const char *name) {
  struct dinode *root = dinode_of(img, ROOTINO);
  for (uint32 off = 0; off < root->size; off += sizeof(struct dir_entry)) {
    uint8 *block = block_of(img, file_block(img, root, off / block_size(img)));
    struct dir_entry *de = (struct dir_entry *)(block + off % block_size(img));
    if (de->inum && entry_name_equals(de->name, name))
      return de;
  }
  return 0;
}

static struct dinode *file_inode(uint8 *img, const char *name) {
  struct dir_entry *de = root_entry(img, name);
  return de ? dinode_of(img, de->inum) : 0;
}

static void flip_bitmap_bit(uint8 *img, uint32 blockno) {
  uint8 *bitmap = block_of(img, fs_bitmap_block(super_of(img), blockno));
  bitmap[(blockno % fs_bits_per_block(super_of(img))) / 8] ^= (uint8)(1u << (blockno % 8));
}

/* A fresh copy of the pristine image to corrupt. */
static uint8 *copy_image(void) {
  uint8 *img = malloc(image_size);
  memcpy(img, pristine, image_size);
  return img;
}

/* Writes img as dir/test.img, runs fsck on it and checks status and output. */
static void fsck_expect(uint8 *img, int want_status, const char *want_text, const char *what) {
  write_file("test.img", img, image_size);
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "%s %s/test.img", fsck, dir);
  int status = run(cmd);
  char msg[256];
  snprintf(msg, sizeof(msg), "%s: fsck exits %d (got %d)", what, want_status, status);
  check(status == want_status, msg);
  snprintf(msg, sizeof(msg), "%s: fsck says '%s'", what, want_text);
  check(output_has(want_text), msg);
  free(img);
}

/* ---- the checks ---- */

static uint8 *pattern(size_t len, unsigned seed) {
  uint8 *data = malloc(len);
  for (size_t i = 0; i < len; i++)
    data[i] = (uint8)((i * 131 + seed) ^ (i >> 10));
  return data;
}

static bool image_file_equals(uint8 *img, const char *name, const uint8 *want, size_t len) {
  struct dinode *d = file_inode(img, name);
  if (!d || d->type != T_FILE || d->size != len || d->nlink != 1)
    return false;
  size_t bsize = block_size(img);
  for (size_t off = 0; off < len; off += bsize) {
    size_t m = len - off < bsize ? len - off : bsize;
    if (memcmp(block_of(img, file_block(img, d, (uint32)(off / bsize))), want + off, m) != 0)
      return false;
  }
  return true;
}

static void test_mkfs_builds_a_good_image(void) {
  size_t big_len = 200000; /* needs the indirect block */
  uint8 *prog = pattern(3000, 1), *big = pattern(big_len, 2);
  write_file("_prog", prog, 3000);
  write_file("_bigfile", big, big_len);
  write_file("README.md", "hello\n", 6);
  write_file("sub/dir/_cat", "meow", 4);
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "%s %s/fs.img %s/README.md %s/_prog %s/_bigfile %s/sub/dir/_cat", mkfs,
           dir, dir, dir, dir, dir);
  check(run(cmd) == 0, "mkfs succeeds");
  snprintf(cmd, sizeof(cmd), "%s %s/fs.img", fsck, dir);
  check(run(cmd) == 0 && output_has("consistent"), "fsck accepts the new image");
  pristine = read_file("fs.img", &image_size);
  check(pristine && image_size == (size_t)FSBLOCKS * BSIZE, "image has FSBLOCKS blocks");
  if (!pristine || image_size != (size_t)FSBLOCKS * BSIZE)
    exit(1);
  check(raw_word(pristine, 1024) == XV6_RISCV_MAGIC, "RISC-V xv6's magic at byte 1024");
  check(raw_word(pristine, 1028) == FSBLOCKS && raw_word(pristine, 1040) == 30 &&
            raw_word(pristine, 1044) == 2 && raw_word(pristine, 1048) == 32,
        "then size, nblocks, ninodes, nlog 30, logstart 2, inodestart 32");
  check(super_of(pristine)->ninodes >= 600, "room for a 500-entry directory");
  struct dir_entry *dot = root_entry(pristine, "."), *dotdot = root_entry(pristine, "..");
  check(dot && dot->inum == ROOTINO && dotdot && dotdot->inum == ROOTINO, "root . and ..");
  check(image_file_equals(pristine, "prog", prog, 3000), "_prog copied as prog");
  check(image_file_equals(pristine, "bigfile", big, big_len), "_bigfile copied whole");
  check(image_file_equals(pristine, "README.md", (const uint8 *)"hello\n", 6), "README.md");
  check(image_file_equals(pristine, "cat", (const uint8 *)"meow", 4), "sub/dir/_cat is /cat");
  check(!root_entry(pristine, "_prog"), "no leading underscore kept");
  free(prog);
  free(big);
}

static void expect_mkfs_error(const char *args, const char *text, const char *what) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "cd %s && %s bad.img %s", dir, mkfs, args);
  int status = run(cmd);
  char msg[256];
  snprintf(msg, sizeof(msg), "mkfs fails on %s with '%s'", what, text);
  check(status != 0 && output_has(text), msg);
  char image[128];
  snprintf(image, sizeof(image), "%s/bad.img", dir);
  check(access(image, F_OK) != 0, "no image left after a failure");
}

static void test_mkfs_errors(void) {
  expect_mkfs_error("missing-file", "cannot open", "a missing file");
  write_file("_abcdefghijklmnop", "x", 1);
  expect_mkfs_error("_abcdefghijklmnop", "too long", "a long name");
  size_t largest = (NDIRECT + 256) * 1024;
  uint8 *max = pattern(largest + 1, 3);
  write_file("huge", max, largest + 1);
  expect_mkfs_error("huge", "too big", "a file over 268 blocks");
  write_file("max", max, largest);
  free(max);
  char cmd[256];
  for (int i = 0; i < 31; i++) { /* 31 x 269 blocks do not fit in FSBLOCKS */
    snprintf(cmd, sizeof(cmd), "ln -sf max %s/m%02d", dir, i);
    run(cmd);
  }
  expect_mkfs_error("m*", "image full", "too much data");
}

static void test_fsck_finds_corruptions(void) {
  uint8 *img = copy_image();
  file_inode(img, "bigfile")->addrs[0] = file_inode(img, "prog")->addrs[0];
  fsck_expect(img, 1, "referenced twice", "a block in two files");

  img = copy_image();
  flip_bitmap_bit(img, file_inode(img, "prog")->addrs[1]);
  fsck_expect(img, 1, "free in the bitmap", "a used block marked free");

  img = copy_image();
  flip_bitmap_bit(img, FSBLOCKS - 1);
  fsck_expect(img, 1, "no inode references it", "a free block marked used");

  img = copy_image();
  file_inode(img, "prog")->nlink = 2;
  fsck_expect(img, 1, "link count", "a wrong link count");

  img = copy_image();
  root_entry(img, "README.md")->inum = 900;
  fsck_expect(img, 1, "names free inode", "a dangling directory entry");

  img = copy_image();
  memset(img + 1024, 0, 4);
  fsck_expect(img, 1, "no xv6 superblock", "a bad magic");

  img = copy_image();
  ((uint32 *)(img + 1024))[6] = 3; /* inodestart inside the log */
  fsck_expect(img, 1, "the inodes overlap the log", "regions overlapping");

  write_file("test.img", pristine, image_size / 2); /* the superblock's size past the end */
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "%s %s/test.img", fsck, dir);
  check(run(cmd) == 1 && output_has("past the end of the image"),
        "fsck names a file system past the image's end");

  img = copy_image();
  file_inode(img, "prog")->addrs[2] = FSBLOCKS + 5;
  fsck_expect(img, 1, "outside the data area", "an inode naming a block past the end");

  img = copy_image();
  root_entry(img, "cat")->inum = ROOTINO; /* / holds itself as "cat" */
  fsck_expect(img, 1, "a loop", "a directory loop");

  img = copy_image();
  file_inode(img, "cat")->type = T_DIR; /* a "directory" without . and .. */
  fsck_expect(img, 1, "'.'", "a directory without . and ..");
}

static void test_fsck_orphan_is_a_note(void) {
  uint8 *img = copy_image();
  struct dir_entry *de = root_entry(img, "prog");
  dinode_of(img, de->inum)->nlink = 0;
  memset(de, 0, sizeof(*de)); /* unlinked while open, then the machine stopped */
  fsck_expect(img, 0, "frees it at boot", "an allocated inode with no links");
}

/* Puts a committed one-block transaction in img's log: block home gets data. */
static void commit_in_log(uint8 *img, uint32 home, const uint8 *data) {
  struct fs_super *sb = super_of(img);
  struct fs_log_header *h = (struct fs_log_header *)block_of(img, sb->log_start);
  memcpy(block_of(img, sb->log_start + 1), data, BSIZE);
  h->count = 1;
  h->blocks[0] = home;
}

static void test_fsck_replays_the_log(void) {
  /* The home copy of prog's inode block is stale; the committed log fixes it. */
  uint8 *img = copy_image();
  struct dinode *prog = file_inode(img, "prog");
  uint32 inum = root_entry(img, "prog")->inum;
  uint32 home = fs_inode_block(super_of(img), inum);
  uint8 good[BSIZE];
  memcpy(good, block_of(img, home), BSIZE); /* the tests' image has 1 KiB blocks */
  prog->nlink = 7;
  commit_in_log(img, home, good);
  uint8 *saved = copy_image();
  memcpy(saved, img, image_size);
  fsck_expect(img, 0, "committed transaction", "a committed log is judged replayed");

  /* The reverse: a committed log that would break the file system. */
  img = copy_image();
  memcpy(good, block_of(img, home), BSIZE);
  ((struct dinode *)good)[fs_inode_slot(super_of(img), inum)].nlink = 3;
  commit_in_log(img, home, good);
  fsck_expect(img, 1, "link count", "a bad committed log is caught");

  /* -r writes the replay into the image. */
  write_file("test.img", saved, image_size);
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "%s -r %s/test.img", fsck, dir);
  check(run(cmd) == 0 && output_has("replayed the log"), "fsck -r replays");
  snprintf(cmd, sizeof(cmd), "%s %s/test.img", fsck, dir);
  check(run(cmd) == 0 && !output_has("committed"), "after -r the log is empty and all is well");
  free(saved);
}

/* x86 xv6's format: no magic, the words at byte 512, 512-byte blocks, 70 KiB files. */
static void test_x86_format(void) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "%s -f x86 -n 1000 -i 200 %s/x86.img %s/README.md %s/_prog", mkfs, dir,
           dir, dir);
  check(run(cmd) == 0 && output_has("x86 xv6"), "mkfs -f x86 succeeds");
  snprintf(cmd, sizeof(cmd), "%s %s/x86.img", fsck, dir);
  check(run(cmd) == 0 && output_has("consistent") && output_has("x86 xv6"),
        "fsck accepts it as x86 xv6's format");
  size_t len;
  uint8 *img = read_file("x86.img", &len);
  check(img && len == 1000 * 512, "1000 blocks of 512 bytes");
  if (!img || len != 1000 * 512)
    return;
  uint32 want[7] = {1000, 0, 200, 30, 2, 32, 32 + 200 / 8};
  want[1] = 1000 - (want[6] + 1);
  bool same = true;
  for (int i = 0; i < 7; i++)
    same = same && raw_word(img, 512 + 4 * (size_t)i) == want[i];
  check(same, "size, nblocks, ninodes, nlog, logstart, inodestart, bmapstart at byte 512");
  check(raw_word(img, 1024) != XV6_RISCV_MAGIC && raw_word(img, 0) == 0, "no magic anywhere");
  uint8 *prog = pattern(3000, 1);
  check(image_file_equals(img, "prog", prog, 3000), "a file in 512-byte blocks");
  check(super_of(img)->block_size == 512, "decoded with 512-byte blocks");
  free(prog);
  free(img);
  uint8 *big = pattern(70 * 1024 + 1, 5);
  write_file("big70", big, 70 * 1024 + 1);
  free(big);
  snprintf(cmd, sizeof(cmd), "%s -f x86 %s/x86.img %s/big70", mkfs, dir, dir);
  check(run(cmd) != 0 && output_has("too big"), "x86's format refuses a file over 70 KiB");
  snprintf(cmd, sizeof(cmd), "%s -f x86 -n 1001 %s/x86.img %s/README.md", mkfs, dir, dir);
  check(run(cmd) != 0 && output_has("whole number"), "and an odd number of blocks");
}

/* Images the way the labs' mkfs lays them out (tests/xv6layout.py) pass fsck. */
static void test_xv6_layouts(void) {
  const char *layouts[] = {"x86 1000", "riscv 2000", "riscv 1000"};
  for (int i = 0; i < 3; i++) {
    char cmd[1024], msg[128];
    snprintf(cmd, sizeof(cmd),
             "python3 tests/xv6layout.py %s 200 %s/l.img %s/README.md %s/_prog && %s %s/l.img",
             layouts[i], dir, dir, dir, fsck, dir);
    snprintf(msg, sizeof(msg), "fsck accepts xv6's layout, %s blocks", layouts[i]);
    check(run(cmd) == 0 && output_has("consistent"), msg);
  }
}

static void cleanup(void) {
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  if (system(cmd) != 0)
    printf("warning: could not remove %s\n", dir);
}

int main(void) {
  const char *build = getenv("MOO_BUILD") ? getenv("MOO_BUILD") : "build";
  char *cwd = getcwd(0, 0);
  snprintf(mkfs, sizeof(mkfs), "%s/%s/tools/mkfs", cwd, build);
  snprintf(fsck, sizeof(fsck), "%s/%s/tools/fsck", cwd, build);
  if (build[0] == '/') {
    snprintf(mkfs, sizeof(mkfs), "%s/tools/mkfs", build);
    snprintf(fsck, sizeof(fsck), "%s/tools/fsck", build);
  }
  free(cwd);
  if (access(mkfs, X_OK) != 0 || access(fsck, X_OK) != 0) {
    printf("test_fs_tools: build %s and %s first\n", mkfs, fsck);
    return 1;
  }
  strcpy(dir, "/tmp/moo-fs-test-XXXXXX");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "mkdir -p %s/sub/dir", dir);
  run(cmd);
  test_mkfs_builds_a_good_image();
  test_mkfs_errors();
  test_fsck_finds_corruptions();
  test_fsck_orphan_is_a_note();
  test_fsck_replays_the_log();
  test_x86_format();
  test_xv6_layouts();
  cleanup();
  return check_summary("test_fs_tools");
}
