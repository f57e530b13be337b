/* Compatibility header for #include "kernel/param.h": the system limits a
 * user program may size itself by (same values as the kernel's params.h). */
#ifndef MOO_USER_PARAM_H
#define MOO_USER_PARAM_H

#define NPROC 64       /* processes */
#define NCPU 8         /* harts */
#define NOFILE 16      /* open files per process */
#define NFILE 100      /* open files in the system */
#define NINODE 64      /* in-memory inodes */
#define NDEV 10        /* device major numbers */
#define ROOTDEV 1      /* device number of the root disk */
#define MAXARG 32      /* exec arguments */
#define MAXOPBLOCKS 10 /* blocks one file-system operation may write */
#define LOGBLOCKS (MAXOPBLOCKS * 3)
#define LOGSIZE LOGBLOCKS
#define NBUF (MAXOPBLOCKS * 3)
#define FSSIZE 8192 /* file-system size in blocks */
#define MAXPATH 128 /* path length */
#define USERSTACK 1 /* user stack pages */

#endif
