/* Pipes: a bounded byte buffer between a read end and a write end, each an
 * open file. Readers and writers sleep until they can make progress. */
#ifndef MOO_PIPE_H
#define MOO_PIPE_H

#include "lib/types.h"

struct pipe;
struct file;

/* Makes a pipe and its two open files; 0, -ENFILE or -ENOMEM. */
int pipe_alloc(struct file **read_end, struct file **write_end);
/* Called when the last reference to one end goes away. */
void pipe_close(struct pipe *p, bool write_end);
/* Return bytes moved; 0 from read at end of file; -EPIPE when writing with no reader. */
int pipe_read(struct pipe *p, bool user, uintptr dst, int n);
int pipe_write(struct pipe *p, bool user, uintptr src, int n);

#endif
