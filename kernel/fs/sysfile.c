/* The file-system system calls: argument fetching, descriptor bookkeeping
 * in the calling process, and an fs operation around anything that writes. */
#include "fs/sysfile.h"
#include "dev/devsw.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/openflags.h"
#include "fs/pipe.h"
#include "lib/errno.h"
#include "mm/uaccess.h"
#include "params.h"
#include "proc/proc.h"
#include "proc/syscall.h"

/* The open file behind descriptor argument n, or 0; its number goes in *fdp. */
static struct file *arg_file(int n, int *fdp) {
  int fd = sysarg_int(n);
  if (fd < 0 || fd >= NOFILE)
    return 0;
  if (fdp)
    *fdp = fd;
  return myproc()->ofile[fd];
}

/* The lowest free descriptor of the caller, not yet taken, or -EMFILE. A
 * process has one thread, so it stays free until the caller fills it. */
static int lowest_free_fd(void) {
  struct proc *p = myproc();
  for (int fd = 0; fd < NOFILE; fd++) {
    if (!p->ofile[fd])
      return fd;
  }
  return -EMFILE;
}

/* Gives f (whose reference the caller hands over) the lowest free descriptor. */
static int fd_install(struct file *f) {
  int fd = lowest_free_fd();
  if (fd >= 0)
    myproc()->ofile[fd] = f;
  return fd;
}

int64 sys_read(void) {
  struct file *f = arg_file(0, 0);
  return f ? file_read(f, sysarg_addr(1), sysarg_int(2)) : -EBADF;
}

int64 sys_write(void) {
  struct file *f = arg_file(0, 0);
  return f ? file_write(f, sysarg_addr(1), sysarg_int(2)) : -EBADF;
}

int64 sys_close(void) {
  int fd;
  struct file *f = arg_file(0, &fd);
  if (!f)
    return -EBADF;
  myproc()->ofile[fd] = 0;
  file_close(f);
  return 0;
}

int64 sys_dup(void) {
  struct file *f = arg_file(0, 0);
  if (!f)
    return -EBADF;
  int fd = fd_install(f);
  if (fd >= 0)
    file_dup(f);
  return fd;
}

int64 sys_fstat(void) {
  struct file *f = arg_file(0, 0);
  return f ? file_stat(f, sysarg_addr(1)) : -EBADF;
}

/* The inode open(path, flags) names, made when O_CREATE asks; locked and
 * referenced. */
static int open_target(const char *path, int flags, struct inode **out) {
  if (flags & O_CREATE)
    return fs_create(path, T_FILE, 0, 0, out);
  int err = path_resolve(path, out);
  if (err == 0)
    err = inode_lock(*out);
  if (err < 0 && *out) {
    inode_put(*out);
    *out = 0;
  }
  return err;
}

/*
 * open runs in three steps, each undone by the next one's failure: the
 * descriptor is chosen first, so a process out of descriptors changes
 * nothing on disk; then, inside one fs operation, the inode is found or made
 * and an open file made on it (file_open_inode judges what may be opened
 * how); truncation comes last, once nothing can fail any more.
 */
int64 sys_open(void) {
  char path[MAXPATH];
  int len = sysarg_str(0, path, sizeof(path));
  if (len < 0)
    return len;
  int flags = sysarg_int(1);
  int fd = lowest_free_fd();
  if (fd < 0)
    return fd;
  struct file *f = 0;
  struct inode *ip = 0;
  fs_op_begin();
  int err = open_target(path, flags, &ip);
  if (err == 0)
    err = file_open_inode(ip, flags, &f);
  if (err == 0 && (flags & O_TRUNC) && inode_is_file(ip))
    inode_truncate(ip);
  if (err == 0)
    inode_unlock(ip); /* the file holds the reference now */
  else if (ip)
    inode_unlock_put(ip);
  fs_op_end();
  if (err < 0)
    return err;
  myproc()->ofile[fd] = f;
  return fd;
}

static int make_node(const char *path, int16 type, int16 major, int16 minor) {
  fs_op_begin();
  struct inode *ip = 0;
  int err = fs_create(path, type, major, minor, &ip);
  if (err == 0)
    inode_unlock_put(ip);
  fs_op_end();
  return err;
}

int64 sys_mkdir(void) {
  char path[MAXPATH];
  int len = sysarg_str(0, path, sizeof(path));
  if (len < 0)
    return len;
  return make_node(path, T_DIR, 0, 0);
}

int64 sys_mknod(void) {
  char path[MAXPATH];
  int len = sysarg_str(0, path, sizeof(path));
  if (len < 0)
    return len;
  return make_node(path, T_DEVICE, (int16)sysarg_int(1), (int16)sysarg_int(2));
}

int64 sys_chdir(void) {
  char path[MAXPATH];
  int len = sysarg_str(0, path, sizeof(path));
  if (len < 0)
    return len;
  fs_op_begin();
  int err = fs_chdir(path);
  fs_op_end();
  return err;
}

int64 sys_unlink(void) {
  char path[MAXPATH];
  int len = sysarg_str(0, path, sizeof(path));
  if (len < 0)
    return len;
  fs_op_begin();
  int err = fs_unlink(path);
  fs_op_end();
  return err;
}

int64 sys_link(void) {
  char old_path[MAXPATH], new_path[MAXPATH];
  int len = sysarg_str(0, old_path, sizeof(old_path));
  if (len >= 0)
    len = sysarg_str(1, new_path, sizeof(new_path));
  if (len < 0)
    return len;
  fs_op_begin();
  int err = fs_link(old_path, new_path);
  fs_op_end();
  return err;
}

int64 sys_pipe(void) {
  uintptr fds_addr = sysarg_addr(0);
  struct file *r, *w;
  int err = pipe_alloc(&r, &w);
  if (err < 0)
    return err;
  struct proc *p = myproc();
  int fds[2] = {fd_install(r), -1};
  if (fds[0] >= 0)
    fds[1] = fd_install(w);
  if (fds[1] >= 0 && copyout(&p->as, fds_addr, fds, sizeof(fds)) == 0)
    return 0;
  if (fds[0] >= 0)
    p->ofile[fds[0]] = 0;
  if (fds[1] >= 0)
    p->ofile[fds[1]] = 0;
  file_close(r);
  file_close(w);
  return -EFAULT;
}
