/* The user-program API: system calls and the small C library, with the
 * names and signatures the xv6 programs of this architecture expect (the
 * calls that differ between the two ABIs come from user_abi.h, in
 * user/lib/arch/ARCH/). moo's own programs use only what both share. */
#ifndef MOO_USER_H
#define MOO_USER_H

#include <stdarg.h>

#include "../../kernel/fs/openflags.h"
#include "../../kernel/mm/memstat.h"
#include "../../kernel/proc/kstat.h"
#include "../../kernel/proc/power.h"
#include "../../kernel/proc/procinfo.h"

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;

#include "abi_stat.h" /* struct stat in this architecture's layout */
#include "user_abi.h" /* uint64, uintptr, exit, wait, printf */

#define T_DIR 1
#define T_FILE 2
#define T_DEVICE 3

/* system calls */
int fork(void);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int);
int exec(const char *, char **);
int open(const char *, int);
int mknod(const char *, short, short);
int unlink(const char *);
int fstat(int fd, struct stat *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sbrk(int);
int sleep(int);
int uptime(void);
int getNumFreePages(void);
int getNumVirtPages(void);
int getNumPhysPages(void);
int getNumPTPages(void);
int dedup(void);
int memstat(int pid, struct memstat *);
int faultinject(int every, int seed);
int kstat(struct kstat *);
int poweroff(int how); /* how: POWEROFF_NOW; returns only on failure */
/* moo's own, the same on every architecture: moo's programs use these rather
 * than exit and wait, whose signatures differ between the xv6 ABIs */
void _exit(int status) __attribute__((noreturn));
int waitpid(int pid, int *status, int options); /* pid -1: any child */
#define WNOHANG 1    /* waitpid returns 0 at once while the children run */
#define WREASON 2    /* waitpid stores code << 8, or the signal number of a killed child */
int lasterror(void); /* the error code (Linux's numbers) of the caller's last failed call */
/* moo's job control (docs/shell.md): process groups and the console's foreground group */
int setpgid(int pid, int pgid);            /* pid 0: the caller; pgid 0: a new group led by pid */
int tcsetpgrp(int fd, int pgid);           /* fd: the console; pgid 0: no foreground group */
int procinfo(int slot, struct procinfo *); /* the pid in table slot, 0 if free, -1 past the end */

/* library */
int stat(const char *, struct stat *);
char *strcpy(char *, const char *);
void *memmove(void *, const void *, int);
char *strchr(const char *, char c);
int strcmp(const char *, const char *);
void fprintf(int, const char *, ...) __attribute__((format(printf, 2, 3)));
void vfprintf(int fd, const char *fmt, va_list *ap);
char *gets(char *, int max);
uint strlen(const char *);
void *memset(void *, int, uint);
void *malloc(uint);
void free(void *);
int atoi(const char *);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);

#endif
