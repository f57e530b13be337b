/* System-wide limits. The user-visible ones (MAXARG, MAXPATH, NOFILE...)
 * are fixed by the ABI in docs/abi.md; the rest are sizing choices. */
#ifndef MOO_PARAMS_H
#define MOO_PARAMS_H

#define NPROC 64                    /* processes */
#define NCPU 8                      /* harts */
#define NOFILE 16                   /* open files per process */
#define NFILE 100                   /* open files in the system */
#define NINODE 64                   /* in-memory inodes */
#define NDEV 10                     /* device major numbers */
#define ROOTDEV 1                   /* device number of the root disk */
#define MAXARG 32                   /* exec arguments */
#define MAXPATH 128                 /* path length */
#define MAXOPBLOCKS 10              /* blocks one file-system operation may write */
#define LOGBLOCKS (MAXOPBLOCKS * 3) /* on-disk log size in blocks */
#define NBUF (MAXOPBLOCKS * 3)      /* block cache entries */
#define FSBLOCKS 8192               /* file-system size in blocks */
#define KSTACK_PAGES 2              /* kernel stack size per process */

#endif
