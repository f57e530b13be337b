/* Unit test (host): the path walk of kernel/fs/path.c on an in-memory disk: the (directory,
 * name) pairs it yields, its errors, removed directories, and that it never keeps a reference. */
#include "fs_harness.h"

static uint32 ino(const char *path) {
  return stat_of(path).ino;
}

/* Walks path to the end, writing each pair as "dir:name" (a '!' after the last name's pair),
 * joined by spaces, into out, and the final inode (or -E) after '='. */
static void trace(const char *path, char *out, size_t size) {
  struct path_walk w;
  int err = walk_begin(&w, path);
  out[0] = 0;
  while (err == 0 && w.has_pair) {
    char pair[48];
    snprintf(pair, sizeof(pair), "%s%u:%s%s", out[0] ? " " : "", w.dir->inum, w.cursor.name,
             w.cursor.last ? "!" : "");
    strncat(out, pair, size - strlen(out) - 1);
    err = walk_step(&w);
  }
  char end[24];
  const char *gap = out[0] ? " " : "";
  if (err == 0) {
    snprintf(end, sizeof(end), "%s=%u", gap, w.dir->inum);
    inode_put(w.dir);
  } else {
    snprintf(end, sizeof(end), "%s=%d", gap, err);
  }
  strncat(out, end, size - strlen(out) - 1);
}

static void check_trace(const char *path, const char *want) {
  char got[512], what[700];
  trace(path, got, sizeof(got));
  snprintf(what, sizeof(what), "walk '%s' yields '%s' (got '%s')", path, want, got);
  check(strcmp(got, want) == 0, what);
}

static char expect[512];

/* Formats the expected trace into expect. */
static const char *want(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *want(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(expect, sizeof(expect), fmt, ap);
  va_end(ap);
  return expect;
}

static void make_tree(void) {
  fresh_disk();
  k_mkdir("/a");
  k_mkdir("/a/b");
  k_close(k_open("/a/b/f", O_CREATE | O_RDWR));
  k_close(k_open("/a/file", O_CREATE | O_RDWR));
  k_close(k_open("/a/abcdefghijklmnopq", O_CREATE | O_RDWR));
}

static void test_pairs(void) {
  make_tree();
  uint32 a = ino("/a"), b = ino("/a/b"), f = ino("/a/b/f"), file = ino("/a/file");
  check_trace("/a/b/f", want("1:a %u:b %u:f! =%u", a, b, f));
  check_trace("///a//b///f//", want("1:a %u:b %u:f! =%u", a, b, f));
  check_trace("/a/b/../b/./f", want("1:a %u:b %u:.. %u:b %u:. %u:f! =%u", a, b, a, b, b, f));
  check_trace("/", "=1");
  check_trace("/..", "1:..! =1");
  uint32 cut = ino("/a/abcdefghijklmn");
  check(cut != 0 && cut == ino("/a/abcdefghijklmnopq"), "a long name was stored cut");
  check_trace("/a/abcdefghijklmnXYZ", want("1:a %u:abcdefghijklmn! =%u", a, cut));
  k_chdir("/a");
  check_trace("b/f", want("%u:b %u:f! =%u", a, b, f));
  check_trace(".", want("%u:.! =%u", a, a));
  check_trace("file", want("%u:file! =%u", a, file));
  k_chdir("/");
  check(inode_count_used() == 1, "walks keep no references (the root, as cwd, aside)");
  exit_process();
  check(inode_count_used() == 0, "nothing referenced after exit");
}

static void test_errors(void) {
  make_tree();
  uint32 a = ino("/a"), file = ino("/a/file");
  check_trace("", want("=%d", -ENOENT));
  check_trace("/a/missing/x", want("1:a %u:missing =%d", a, -ENOENT));
  check_trace("/a/file/x", want("1:a %u:file %u:x! =%d", a, file, -ENOTDIR));
  check_trace("/a/file/", want("1:a %u:file! =%u", a, file));
  check(inode_count_used() == 0, "a failed walk holds nothing");
  struct path_walk w;
  check(walk_begin(&w, "/") == 0 && walk_to_last(&w) == -ENOENT && w.dir == 0,
        "/ has no last component, and the walk lets go of it");
  check(inode_count_used() == 0, "nothing held after that either");
  struct inode *dir = 0;
  char name[DIRSIZ + 1];
  check(path_resolve_parent("/a/b/f", &dir, name) == 0 && dir->inum == ino("/a/b") &&
            strcmp(name, "f") == 0,
        "the parent of /a/b/f is /a/b, the name f");
  inode_put(dir);
  check(path_resolve_parent("/a/b//", &dir, name) == 0 && dir->inum == a && strcmp(name, "b") == 0,
        "trailing slashes: the parent of /a/b/ is /a");
  inode_put(dir);
  check(path_resolve_parent("/a/missing/x", &dir, name) == -ENOENT,
        "no parent through a missing name");
  check(path_resolve_parent("/a/file/x", &dir, name) == 0 && dir->inum == file,
        "the parent walk stops short of looking the last name up");
  inode_put(dir);
  check(inode_count_used() == 0, "no references left");
  exit_process();
}

/* The table full of other inodes: a lookup cannot bind the inode it found. */
static void test_table_full(void) {
  make_tree();
  uint32 a = ino("/a");
  struct inode *held[NINODE];
  int n = 0;
  held[n++] = inode_get(ROOTDEV, ROOTINO);
  while (n < NINODE && (held[n] = inode_get(ROOTDEV, 500 + (uint32)n)) != 0)
    n++;
  check(n == NINODE && inode_get(ROOTDEV, 900) == 0, "the inode table fills up");
  check_trace("/a", want("1:a! =%d", -ENFILE));
  inode_put(held[n - 1]);
  check_trace("/a/b", want("1:a %u:b! =%d", a, -ENFILE));
  for (int i = 0; i < n - 1; i++)
    inode_put(held[i]);
  check(inode_count_used() == 0, "every reference given back");
  exit_process();
}

/* The current directory removed, then its parent: the walk must not follow "..". */
static void test_removed(void) {
  make_tree();
  uint32 b = ino("/a/b");
  k_chdir("/a/b");
  k_unlink("/a/b/f");
  k_unlink("/a/file");
  k_unlink("/a/abcdefghijklmn");
  check(k_unlink("/a/b") == 0 && k_unlink("/a") == 0, "remove the cwd and its parent");
  check(stat_of("/").nlink == 1, "the root lost the link from a's '..'");
  int fd = k_open("/new", O_CREATE | O_RDWR); /* takes a's inode number */
  k_close(fd);
  long writes = disk_writes;
  check(k_open("x", O_CREATE | O_RDWR) < 0 && k_mkdir("y") < 0 && disk_writes == writes,
        "creates in a removed directory are refused before anything is written");
  check_trace("..", want("%u:..! =%d", b, -ENOENT));
  check_trace(".", want("%u:.! =%d", b, -ENOENT));
  check_trace("x/y", want("%u:x =%d", b, -ENOENT));
  struct inode *dir = 0;
  char name[DIRSIZ + 1];
  check(path_resolve_parent("x", &dir, name) == 0 && dir->inum == b,
        "the parent of a name in a removed directory is that directory");
  check(inode_lock(dir) == 0, "a removed directory still locks");
  check(dir->dinode.size == 0 && dir_is_removed(dir), "a removed directory is empty");
  check(dir_link(dir, "x", ROOTINO) == -ENOENT, "and takes no entries");
  struct inode *ip;
  check(dir_lookup(dir, "..", &ip, 0) == -ENOENT, "nor lookups");
  inode_unlock_put(dir);
  check(k_chdir("/") == 0 && inode_count_used() == 1,
        "leaving it lets it go (the root is the cwd)");
  exit_process();
  check(fsck_ok("note:"), "and frees it");
}

/* The rules that keep removed directories and unlinked files from coming back, checked on
 * the functions themselves: in the kernel they matter when a removal races a lookup. */
static void test_refusals(void) {
  make_tree();
  struct inode *a = 0, *ip = 0;
  check(path_resolve("/a", &a) == 0, "resolve /a");
  check(inode_lock(a) == 0, "lock /a");
  int16 links = a->dinode.nlink;
  a->dinode.nlink = 0; /* as if just removed, its entries still there (not stored) */
  check(dir_lookup(a, "b", &ip, 0) == -ENOENT && dir_lookup(a, "..", &ip, 0) == -ENOENT,
        "a directory with no links finds nothing, whatever it holds");
  fs_op_begin();
  check(dir_link(a, "x", ROOTINO) == -ENOENT, "and takes no entry");
  fs_op_end();
  a->dinode.nlink = links;
  inode_unlock_put(a);
  struct inode *file = 0;
  check(path_resolve("/a/file", &file) == 0, "resolve /a/file");
  fs_op_begin();
  check(inode_lock(file) == 0, "lock /a/file");
  check(dir_link(file, "x", ROOTINO) == -ENOTDIR && file->dinode.size == 0,
        "a file takes no directory entry");
  inode_unlock_put(file);
  fs_op_end();

  int fd = k_open("/a/gone", O_CREATE | O_RDWR);
  k_unlink("/a/gone");
  struct inode *dir = 0;
  check(path_resolve("/a", &dir) == 0, "resolve /a again");
  fs_op_begin();
  check(inode_lock(dir) == 0, "lock /a again");
  check(add_name(dir, "back", me.ofile[fd]->ip) == -ENOENT,
        "a file unlinked since it was looked up is not linked back");
  inode_unlock_put(dir);
  fs_op_end();
  k_close(fd);
  exit_process();
  check(inode_count_used() == 0 && fsck_ok("note:"), "and it is freed when closed");
}

int main(void) {
  if (harness_start("test_fs_walk") < 0)
    return 1;
  test_pairs();
  test_errors();
  test_table_full();
  test_removed();
  test_refusals();
  harness_finish();
  return check_summary("test_fs_walk");
}
