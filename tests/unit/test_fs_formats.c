/* Unit test (host): the format probe and the refusals, in both formats: each xv6 superblock is
 * recognised, a foreign or corrupt one is refused at mount with its reason (and the machine
 * powered off, no panic), an inode naming a block outside the data region fails the call that
 * meets it, and a directory loop neither hangs nor panics while fsck names it. */
#include "fs_harness.h"
#include <sys/types.h>
#include <sys/wait.h>

pid_t fork(void); /* <unistd.h> would clash with the kernel's sleep() */

enum { W_SIZE, W_NBLOCKS, W_NINODES, W_NLOG, W_LOGSTART, W_INODESTART, W_BMAPSTART };

/* The seven layout words of the superblock on the disk, in the mounted format. */
static uint32 *layout_words(void) {
  if (fs_super.format == FS_RISCV)
    return (uint32 *)(disk + 1024 + 4);
  return (uint32 *)(disk + 512);
}

static struct dinode *disk_dinode(uint32 inum) {
  uint8 *block = disk + (size_t)fs_inode_block(&fs_super, inum) * fs_super.block_size;
  return (struct dinode *)block + fs_inode_slot(&fs_super, inum);
}

static uint8 *disk_block(uint32 blockno) {
  return disk + (size_t)blockno * fs_super.block_size;
}

static uint32 inum_of(const char *path) {
  struct inode *ip;
  if (path_resolve(path, &ip) < 0)
    return 0;
  uint32 inum = ip->inum;
  fs_op_begin();
  inode_put(ip);
  fs_op_end();
  return inum;
}

/* Mounts the disk as it is; 0 or the reason it was refused. */
static const char *mount_reason(void) {
  struct fs_super sb;
  log_prepare();
  return fs_mount(ROOTDEV, &sb);
}

/* Sets layout word i to v on a fresh disk and checks the mount says reason. */
static void expect_refused(int i, uint32 v, const char *reason, const char *what) {
  fresh_disk();
  layout_words()[i] = v;
  const char *why = mount_reason();
  char msg[256];
  snprintf(msg, sizeof(msg), "%s: refused with '%s' (got '%s')", what, reason, why ? why : "");
  check(why && strstr(why, reason), msg);
}

static void test_probe(enum fs_format want) {
  fresh_disk();
  check(fs_super.format == (uint32)want, "the probe finds the format mkfs wrote");
  check(fs_super.block_size == (want == FS_RISCV ? 1024u : 512u), "and its block size");
  check(fs_super.log_start == 2 && fs_super.log_blocks == 30, "the log at 2, 30 blocks");
  int fd = k_open("/README", O_RDONLY);
  char text[8] = {0};
  check(fd >= 0 && k_read(fd, text, 8) == 6 && strcmp(text, "hello\n") == 0, "README reads");
  k_close(fd);
  exit_process();
}

static void test_refusals(void) {
  fresh_disk();
  uint32 size = layout_words()[W_SIZE], inodes = layout_words()[W_INODESTART];
  if (fs_super.format == FS_RISCV) {
    fresh_disk();
    *(uint32 *)(disk + 1024) = 0x4d4f4f46; /* moo's magic from before */
    const char *why = mount_reason();
    check(why && strstr(why, "no xv6 superblock"), "a foreign magic is refused");
  } else {
    fresh_disk();
    memset(disk + 512, 0, 28);
    const char *why = mount_reason();
    check(why && strstr(why, "no xv6 superblock"), "no superblock at byte 512 is refused");
  }
  expect_refused(W_INODESTART, 3, "the inodes overlap the log", "inodes over the log");
  expect_refused(W_BMAPSTART, inodes, "the bitmap overlaps the inodes", "bitmap over inodes");
  expect_refused(W_BMAPSTART, size + 10, "the data region overlaps", "bitmap past the end");
  expect_refused(W_NBLOCKS, size + 1, "larger than the file system", "more data than blocks");
  expect_refused(W_NLOG, 200, "the log's size", "a log bigger than its header");
  expect_refused(W_NINODES, 1, "the inode count", "no inodes");

  fresh_disk();
  layout_words()[W_INODESTART] = 3;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    reboot(); /* fs_init: one line, then the power-off stub exits 3; a panic exits 2 */
    exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  check(WIFEXITED(status) && WEXITSTATUS(status) == 3, "a refused disk powers off, no panic");
  fresh_disk();
}

static void test_inode_outside(void) {
  fresh_disk();
  int fd = k_open("/f", O_CREATE | O_RDWR);
  uint8 *data = pattern(20 * fs_super.block_size, 4);
  k_write(fd, data, 20 * (int)fs_super.block_size); /* direct blocks and the indirect one */
  k_close(fd);
  exit_process();
  uint32 inum = inum_of("/f");
  disk_dinode(inum)->addrs[1] = fs_super.total_blocks + 7;
  uint32 indirect = disk_dinode(inum)->addrs[NDIRECT];
  ((uint32 *)disk_block(indirect))[2] = 1; /* the superblock */
  reboot();
  uint8 *back = malloc(20 * fs_super.block_size);
  fd = k_open("/f", O_RDWR);
  check(k_read(fd, back, (int)fs_super.block_size) == (int)fs_super.block_size,
        "the good first block reads");
  check(k_read(fd, back, (int)fs_super.block_size) == -EIO, "a block past the end: -EIO");
  k_close(fd);
  fd = k_open("/f", O_RDONLY);
  int at = (int)(NDIRECT + 2) * (int)fs_super.block_size;
  check(k_read(fd, back, at) == -EIO || k_read(fd, back, 10) == -EIO, "reads stop at it");
  k_close(fd);
  check(k_unlink("/f") == 0, "and the file can still be removed");
  exit_process();
  run_fsck(); /* the two blocks the corruption orphaned stay marked; nothing else is wrong */
  check(fsck_said("has 2 problems") && !fsck_said("outside") && !fsck_said("twice"),
        "removing it frees no block outside the data region");
  free(data);
  free(back);
}

static void test_corrupt_directory(void) {
  fresh_disk();
  k_mkdir("/d");
  k_close(k_open("/d/x", O_CREATE | O_RDWR));
  k_mkdir("/e");
  k_close(k_open("/e/y", O_CREATE | O_RDWR));
  exit_process();
  disk_dinode(inum_of("/d"))->addrs[0] = fs_super.total_blocks + 1;
  uint32 e = inum_of("/e");
  struct dir_entry *slot = (struct dir_entry *)disk_block(disk_dinode(e)->addrs[0]) + 2;
  check(entry_name_equals(slot->name, "y"), "the third entry of /e is y");
  slot->inum = (uint16)(fs_super.ninodes + 3);
  reboot();
  check(k_open("/d/x", O_RDONLY) == -EIO, "a lookup in a directory with a bad block: -EIO");
  check(k_open("/d/new", O_CREATE | O_RDWR) == -EIO, "and so is a create there");
  check(k_unlink("/d") < 0, "it is not removed as empty");
  check(k_open("/e/y", O_RDONLY) == -EIO, "an entry naming an inode past the last: -EIO");
  check(k_open("/README", O_RDONLY) >= 0, "the rest of the disk still works");
  exit_process();
}

/* Directory entries naming an inode that is free on disk, or one whose type is garbage: the
 * call that meets it fails with EIO (no panic), every time, and the rest of the disk works. */
static void test_entry_to_bad_inode(void) {
  fresh_disk();
  k_mkdir("/d");
  k_close(k_open("/d/free", O_CREATE | O_RDWR));
  k_close(k_open("/d/junk", O_CREATE | O_RDWR));
  exit_process();
  memset(disk_dinode(inum_of("/d/free")), 0, sizeof(struct dinode));
  disk_dinode(inum_of("/d/junk"))->type = 77;
  reboot();
  check(k_open("/d/free", O_RDONLY) == -EIO, "an entry naming a free inode: open gives -EIO");
  check(k_open("/d/free", O_RDONLY) == -EIO, "and again: nothing was kept of it");
  check(k_open("/d/junk", O_RDWR) == -EIO, "an inode of no known type: -EIO");
  check(k_open("/d/junk", O_CREATE | O_RDWR) == -EIO, "and an O_CREATE of its name: -EIO");
  check(k_chdir("/d/free") == -EIO && k_link("/d/junk", "/d/other") == -EIO,
        "chdir and link to them: -EIO");
  check(k_unlink("/d/free") == -EIO, "unlink of the name: -EIO");
  check(k_open("/d", O_RDONLY) >= 0 && k_open("/README", O_RDONLY) >= 0,
        "the directory and the rest of the disk still work");
  exit_process();
}

static void test_directory_loop(void) {
  fresh_disk();
  k_mkdir("/d");
  exit_process();
  uint32 d = inum_of("/d");
  struct dinode *di = disk_dinode(d);
  struct dir_entry *slot = (struct dir_entry *)disk_block(di->addrs[0]) + 2;
  slot->inum = ROOTINO;
  memcpy(slot->name, "loop", 5);
  di->size = 3 * sizeof(struct dir_entry);
  reboot();
  check(inum_of("/d/loop/d/loop/d/loop/d") == d, "a walk through the loop ends");
  check(k_chdir("/d/loop/d") == 0 && k_chdir("loop") == 0 && inum_of("README") != 0,
        "chdir around it");
  check(k_unlink("/d/loop") < 0, "unlinking the loop refuses (a non-empty directory)");
  exit_process();
  check(run_fsck() != 0 && fsck_said("a loop"), "fsck names the loop");
}

static int run_all(const char *mkfs_flags, enum fs_format want) {
  if (harness_start_format("test_fs_formats", mkfs_flags) < 0)
    return -1;
  test_probe(want);
  test_refusals();
  test_inode_outside();
  test_corrupt_directory();
  test_entry_to_bad_inode();
  test_directory_loop();
  harness_finish();
  return 0;
}

int main(void) {
  if (run_all("", FS_RISCV) < 0 || run_all("-f x86", FS_X86) < 0)
    return 1;
  return check_summary("test_fs_formats");
}
