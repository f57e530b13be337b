/* Kernel error codes. Functions that can fail return 0 (or a count) on
 * success and a negative code from this list on failure. */
#ifndef MOO_ERRNO_H
#define MOO_ERRNO_H

#define EPERM 1         /* not permitted */
#define ENOENT 2        /* no such file or directory */
#define EINTR 4         /* interrupted (the process was killed) */
#define EIO 5           /* device error */
#define E2BIG 7         /* argument list too long */
#define ENOEXEC 8       /* not a valid executable */
#define EBADF 9         /* bad file descriptor */
#define ECHILD 10       /* no children to wait for */
#define ENOMEM 12       /* out of memory */
#define EFAULT 14       /* bad user address */
#define EEXIST 17       /* file exists */
#define ENOTDIR 20      /* not a directory */
#define EISDIR 21       /* is a directory */
#define EINVAL 22       /* invalid argument */
#define ENFILE 23       /* system file table full */
#define EMFILE 24       /* process file table full */
#define ENOSPC 28       /* no space left on device */
#define EPIPE 32        /* broken pipe */
#define ENOSYS 38       /* no such system call */
#define ENOTEMPTY 39    /* directory not empty */
#define ESRCH 3         /* no such process */
#define EAGAIN 11       /* resource temporarily unavailable */
#define EXDEV 18        /* cross-device link */
#define ENAMETOOLONG 36 /* path too long */

#endif
