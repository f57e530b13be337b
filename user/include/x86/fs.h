/* x86 xv6 programs' #include "fs.h": the file-system facts a program can see
 * (moo's block size and limits, directory entries), as for RISC-V programs. */
#include "../kernel/fs.h"
