/* Pipes: a bounded byte ring between a read end and a write end, each an
 * open file whose ops (pipe_file_ops, file.h) read, write and close it. */
#ifndef MOO_PIPE_H
#define MOO_PIPE_H

#include "lib/types.h"

struct file;

/* At boot, before the first pipe. */
void pipe_pool_init(void);

/* Makes a pipe and its two open files; 0 or -ENFILE. */
int pipe_alloc(struct file **read_end, struct file **write_end);

#endif
