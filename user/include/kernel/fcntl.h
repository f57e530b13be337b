/* Compatibility header for #include "kernel/fcntl.h": the O_* open flags, from the one
 * definition the kernel uses too. */
#include "../../../kernel/fs/openflags.h"
