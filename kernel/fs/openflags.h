/* The flags of open(path, flags), values fixed by the ABI. Plain defines, included by the
 * kernel (fs/sysfile.c) and by user programs (user/lib/user.h) alike. */
#ifndef MOO_OPENFLAGS_H
#define MOO_OPENFLAGS_H

#define O_RDONLY 0x000 /* read only: neither of the next two bits */
#define O_WRONLY 0x001 /* write only */
#define O_RDWR 0x002   /* read and write */
#define O_CREATE 0x200 /* make a file when the name is free; an existing one is kept */
#define O_TRUNC 0x400  /* empty a file when opening it */

#endif
