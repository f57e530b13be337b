/* In-guest suite t_dir: mkdir, chdir and relative paths, directory contents, 14-byte names,
 * a directory of 500 entries, and concurrent creates and deletes in one directory. */
#include "check.h"

#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

static char names[600][DIRSIZ + 1];

static int touch(const char *path) {
  int fd = open(path, O_CREATE | O_RDWR);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}

static int inode_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int)st.ino : -1;
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && st.type == T_DIR;
}

/* Copies a directory entry's name (not terminated when 14 long) into out. */
static void entry_name(const struct dirent *de, char *out) {
  int i = 0;
  for (; i < DIRSIZ && de->name[i]; i++)
    out[i] = de->name[i];
  out[i] = 0;
}

/* Reads the live entries of a directory other than . and .. into names[];
 * returns their count, or -1. Sets *dot and *dotdot to their inodes when given. */
static int list_dir(const char *path, int *dot, int *dotdot) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct dirent de;
  int n = 0;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    char name[DIRSIZ + 1];
    entry_name(&de, name);
    if (strcmp(name, ".") == 0) {
      if (dot)
        *dot = de.inum;
    } else if (strcmp(name, "..") == 0) {
      if (dotdot)
        *dotdot = de.inum;
    } else if (n < 600) {
      strcpy(names[n++], name);
    }
  }
  close(fd);
  return n;
}

static int listed(const char *name, int count) {
  for (int i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0)
      return 1;
  return 0;
}

static void test_mkdir(void) {
  int r = mkdir("/td");
  check(r == 0 && is_dir("/td"), "mkdir", "mkdir returned %d", r);
  check(mkdir("/td") == -1, "mkdir of an existing name fails", "it did not");
  check(mkdir("/td_none/sub") == -1, "mkdir under a missing directory fails", "it did not");
  int dot = -1, dotdot = -1;
  int n = list_dir("/td", &dot, &dotdot);
  check(n == 0 && dot == inode_of("/td") && dotdot == 1, "a new directory holds . and ..",
        "%d entries, . %d, .. %d", n, dot, dotdot);
}

static void test_chdir_relative(void) {
  check(chdir("/td") == 0, "chdir", "chdir failed");
  touch("f");
  check(inode_of("/td/f") > 0, "a relative create lands in the current directory", "/td/f missing");
  mkdir("a");
  mkdir("a/b");
  check(chdir("a/b") == 0, "chdir along a relative path", "it failed");
  touch("deep");
  check(inode_of("/td/a/b/deep") > 0 && inode_of("./deep") > 0 && inode_of("../b/deep") > 0,
        ". and .. in relative paths", "a lookup failed");
  check(inode_of("../../f") == inode_of("/td/f"), "../.. climbs two levels", "wrong file");
  chdir("..");
  chdir("..");
  check(inode_of("f") == inode_of("/td/f"), "chdir .. goes back up", "wrong place");
  check(inode_of("/td//a///b/deep") > 0, "repeated slashes are accepted", "lookup failed");
  check(inode_of("/..") == 1 && inode_of("/../..") == 1, ".. of the root is the root", "it is not");
  check(chdir("/td/f") == -1, "chdir to a file fails", "it did not");
  check(chdir("/td/none") == -1, "chdir to a missing directory fails", "it did not");
  check(open("/td/f/x", O_CREATE | O_RDWR) == -1 && inode_of("/td/f/x") == -1,
        "a file is not a directory in a path", "a lookup went through a file");

  int child = fork();
  if (child == 0) {
    touch("from_child");
    chdir("/");
    _exit(0);
  }
  waitpid(-1, 0, 0);
  check(inode_of("/td/from_child") > 0 && inode_of("f") > 0, "a child inherits the cwd",
        "the child's file is not in /td, or the child moved us");
  chdir("/");
}

static void test_listing_and_removal(void) {
  int n = list_dir("/td", 0, 0);
  int ok = n == 3 && listed("f", n) && listed("a", n) && listed("from_child", n);
  check(ok, "reading a directory lists its entries", "%d entries", n);
  check(unlink("/td/a") == -1, "unlink of a non-empty directory fails", "it did not");
  check(unlink("/td/.") == -1 && unlink("/td/..") == -1, "unlink of . and .. fails", "it did not");
  unlink("/td/a/b/deep");
  check(unlink("/td/a/b") == 0 && unlink("/td/a") == 0, "unlink of an empty directory",
        "it failed");
  unlink("/td/f");
  unlink("/td/from_child");
  check(list_dir("/td", 0, 0) == 0, "a directory emptied by unlink lists nothing", "it lists %d",
        list_dir("/td", 0, 0));
}

static void test_long_names(void) {
  const char *created = "/td/abcdefghijklmnop";
  int fd = open(created, O_CREATE | O_RDWR);
  write(fd, "x", 1);
  close(fd);
  int ino = inode_of(created);
  check(ino > 0 && inode_of("/td/abcdefghijklmn") == ino, "a 16-byte name is found by its first 14",
        "ino %d vs %d", ino, inode_of("/td/abcdefghijklmn"));
  check(inode_of("/td/abcdefghijklmnXYZ") == ino, "any name with the same 14 bytes finds it",
        "it does not");
  check(inode_of("/td/abcdefghijklm") == -1, "a 13-byte prefix is a different name", "it matched");
  int n = list_dir("/td", 0, 0);
  check(n == 1 && strcmp(names[0], "abcdefghijklmn") == 0, "the stored name is 14 bytes",
        "listed %d, first %s", n, n > 0 ? names[0] : "");
  unlink("/td/abcdefghijklmn");

  static char path127[128];
  strcpy(path127, "/td");
  while (strlen(path127) < 123)
    strcpy(path127 + strlen(path127), "/.");
  strcpy(path127 + strlen(path127), "/fxy");
  int fd127 = open(path127, O_CREATE | O_RDWR);
  close(fd127);
  check(strlen(path127) == 127 && fd127 >= 0 && inode_of("/td/fxy") > 0, "a 127-byte path works",
        "open of %d bytes returned %d", strlen(path127), fd127);
  unlink("/td/fxy");

  static char long_path[300];
  memset(long_path, 'p', sizeof(long_path) - 1);
  long_path[0] = '/';
  check(open(long_path, O_CREATE | O_RDWR) == -1, "a path over MAXPATH is refused",
        "open succeeded");
}

static void test_big_directory(void) {
  int t0 = uptime();
  mkdir("/td/big");
  touch("/td/big/target");
  char path[32];
  int made = 1;
  for (int i = 1; i < 500; i++) {
    format(path, sizeof(path), "/td/big/l%d", i);
    if (link("/td/big/target", path) < 0)
      break;
    made++;
  }
  check(made == 500, "500 entries in one directory", "link failed after %d", made);
  struct stat st;
  stat("/td/big/target", &st);
  check(st.nlink == 500, "500 links to one file", "nlink %d", st.nlink);
  int n = list_dir("/td/big", 0, 0);
  check(n == 500 && listed("l499", n) && listed("l1", n), "all 500 entries are listed", "listed %d",
        n);
  int found = inode_of("/td/big/l250") == (int)st.ino && inode_of("/td/big/l499") == (int)st.ino;
  check(found, "lookups in a big directory", "l250 or l499 missing");
  int removed = 0;
  for (int i = 1; i < 500; i++) {
    format(path, sizeof(path), "/td/big/l%d", i);
    if (unlink(path) == 0)
      removed++;
  }
  unlink("/td/big/target");
  check(removed == 499 && list_dir("/td/big", 0, 0) == 0, "500 entries removed", "removed %d",
        removed);
  check(unlink("/td/big") == 0, "the emptied big directory can be removed", "it cannot");
  note("t_dir: 500 entries took %d ticks", uptime() - t0);
}

/* Each worker creates its own files (odd ones removed again) and races the others
 * creating and removing eight shared names. */
static void concurrent_worker(int id) {
  char path[32];
  int bad = 0;
  for (int i = 0; i < 40; i++) {
    format(path, sizeof(path), "/td/conc/p%d_%d", id, i);
    int fd = open(path, O_CREATE | O_RDWR);
    if (fd < 0 || write(fd, &id, sizeof(id)) != sizeof(id)) {
      note("t_dir: worker %d: creating or writing %s failed (fd %d)", id, path, fd);
      bad = 1;
    }
    close(fd);
    if (i % 2 == 1 && unlink(path) != 0) {
      note("t_dir: worker %d: unlink %s failed", id, path);
      bad = 1;
    }
    format(path, sizeof(path), "/td/conc/s%d", i % 8);
    if ((i + id) % 2 == 0)
      close(open(path, O_CREATE | O_RDWR));
    else
      unlink(path);
  }
  _exit(bad);
}

static int has_duplicates(int n) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if (strcmp(names[i], names[j]) == 0)
        return 1;
  return 0;
}

/* ---- removed directories: nothing may be reached through them ---- */

#define EXEC_PROBE "exec-probe" /* argv[1] that makes t_dir exit at once with status 99 */

/* Makes /td/ra/rb, enters it and removes both, so the caller's current directory is a
 * removed one whose parent (what its ".." named) is freed too. 0, or -1 if a step failed. */
static int enter_removed_pair(void) {
  if (mkdir("/td/ra") < 0 || mkdir("/td/ra/rb") < 0 || chdir("/td/ra/rb") < 0)
    return -1;
  return unlink("/td/ra/rb") == 0 && unlink("/td/ra") == 0 ? 0 : -1;
}

/* In a child: every lookup from a removed current directory must fail. With reuse set,
 * new files first take the freed inode numbers. Exits with one bit per lookup that worked. */
static void lookups_from_removed(uintptr reuse) {
  if (enter_removed_pair() < 0)
    _exit(1 << 10);
  if (reuse)
    for (int i = 0; i < 4; i++) {
      char path[16];
      format(path, sizeof(path), "/td/ru%d", i);
      touch(path);
    }
  struct stat st;
  int fd, reached = 0;
  reached |= ((fd = open("..", O_RDONLY)) >= 0) << 0;
  close(fd);
  reached |= ((fd = open(".", O_RDONLY)) >= 0) << 1;
  close(fd);
  reached |= ((fd = open("../..", O_RDONLY)) >= 0) << 2;
  close(fd);
  reached |= (stat("..", &st) == 0) << 3;
  reached |= (stat("../ru0", &st) == 0) << 4;
  reached |= (chdir("..") == 0) << 5;
  reached |= (chdir(".") == 0) << 6;
  _exit(reached);
}

/* In a child: nothing can be made in, linked into or run from a removed current directory.
 * Exits with one bit per call that worked. */
static void changes_in_removed(uintptr unused) {
  if (enter_removed_pair() < 0)
    _exit(1 << 10);
  int fd, made = 0;
  made |= ((fd = open("f", O_CREATE | O_RDWR)) >= 0) << 0;
  close(fd);
  made |= (mkdir("d") == 0) << 1;
  made |= (mknod("n", 1, 0) == 0) << 2;
  made |= (link("/td/keep", "l") == 0) << 3;
  made |= (unlink("..") == 0) << 4;
  made |= (mkdir("../d") == 0) << 5;
  char *argv[] = {"t_dir", EXEC_PROBE, 0};
  exec("../../../t_dir", argv); /* returns only when it fails */
  _exit(made);
}

/* Removes and recreates /td/w/x/y ROUNDS times while walkers go through it. */
#define ROUNDS 60
static void remover(void) {
  for (int i = 0; i < ROUNDS; i++) {
    mkdir("/td/w");
    mkdir("/td/w/x");
    mkdir("/td/w/x/y");
    unlink("/td/w/x/y");
    unlink("/td/w/x");
    unlink("/td/w");
  }
  _exit(0);
}

/* Sits in /td/w/x/y while remover removes it and its parents, looking up ".." and "."
 * meanwhile, and walks paths through the three. Lookups may fail; whatever opens must be
 * one of the test's directories. Exits with the number of other things it reached. */
static void walker(void) {
  int stray = 0;
  for (int i = 0; i < ROUNDS * 2; i++) {
    if (chdir("/td/w/x/y") == 0) {
      for (int j = 0; j < 20; j++) {
        int fd = open(j % 2 ? ".." : ".", O_RDONLY);
        struct stat st;
        if (fd >= 0 && (fstat(fd, &st) != 0 || st.type != T_DIR))
          stray++;
        close(fd);
      }
      chdir("/");
    }
    close(open("/td/w/x/y/../../w/x/..", O_RDONLY));
  }
  _exit(stray);
}

static void test_removed_directories(void) {
  touch("/td/keep");
  int status = status_of_child(lookups_from_removed, 1);
  check(status == 0, "no lookup from a removed directory reaches a reused inode",
        "lookups that worked: bits %x", status);
  unlink("/td/ru0");
  unlink("/td/ru1");
  unlink("/td/ru2");
  unlink("/td/ru3");
  status = status_of_child(lookups_from_removed, 0);
  check(status == 0, "no lookup from a removed directory reaches a freed inode",
        "lookups that worked: bits %x", status);
  status = status_of_child(changes_in_removed, 0);
  check(status == 0, "nothing is made, linked or run in a removed directory",
        "calls that worked: bits %x (99: exec ran)", status);
  unlink("/td/keep");

  int pids[3] = {fork(), -1, -1};
  if (pids[0] == 0)
    remover();
  for (int i = 1; i < 3; i++)
    if ((pids[i] = fork()) == 0)
      walker();
  int bad = 0;
  for (int i = 0; i < 3; i++) {
    int st = -1;
    if (pids[i] < 0 || waitpid(pids[i], &st, 0) != pids[i] || st != 0)
      bad++;
  }
  unlink("/td/w/x/y/f");
  unlink("/td/w/x/y");
  unlink("/td/w/x");
  unlink("/td/w");
  check(bad == 0 && inode_of("/td/w") == -1, "walking through directories as they are removed",
        "%d of 3 processes failed", bad);
}

static void test_concurrent(void) {
  enum { WORKERS = 4 };
  mkdir("/td/conc");
  int started = 0;
  for (int id = 0; id < WORKERS; id++) {
    int pid = fork();
    if (pid == 0)
      concurrent_worker(id);
    started += pid > 0;
  }
  check(started == WORKERS, "four workers start", "fork failed for %d", WORKERS - started);
  int bad = reap_counting_failures(started);
  check(!bad, "concurrent creates and unlinks succeed", "%d workers failed", bad);
  int n = list_dir("/td/conc", 0, 0);
  int private_files = 0, openable = 0;
  for (int i = 0; i < n; i++) {
    char path[32];
    format(path, sizeof(path), "/td/conc/%s", names[i]);
    if (names[i][0] == 'p')
      private_files++;
    if (inode_of(path) > 0)
      openable++;
  }
  check(private_files == WORKERS * 20, "every surviving file is listed", "%d private files",
        private_files);
  check(openable == n && !has_duplicates(n), "the directory is consistent",
        "%d entries, %d openable, duplicates %d", n, openable, has_duplicates(n));
  int removed = 0;
  for (int i = 0; i < n; i++) {
    char path[32];
    format(path, sizeof(path), "/td/conc/%s", names[i]);
    removed += unlink(path) == 0;
  }
  check(removed == n && unlink("/td/conc") == 0, "the directory empties and goes",
        "removed %d of %d", removed, n);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], EXEC_PROBE) == 0)
    _exit(99);
  suite_begin("t_dir");
  unlink("/td"); /* left over from an interrupted run, if empty */
  test_mkdir();
  test_chdir_relative();
  test_listing_and_removal();
  test_long_names();
  test_big_directory();
  test_concurrent();
  test_removed_directories();
  check(unlink("/td") == 0, "the test directory is removed", "unlink failed");
  suite_end();
}
