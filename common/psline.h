/* One process as ps prints it: the ps command and the kernel's ^P listing both print
 * through these, from a struct procinfo, so the two always agree. */
#ifndef MOO_PSLINE_H
#define MOO_PSLINE_H

#include <stddef.h>

struct procinfo;

const char *ps_state_word(int state); /* a PROCINFO_* state's word; "?" for any other */
/* Each writes one line, newline included, into buf as format_string does. */
int ps_header(char *buf, size_t size);
int ps_line(char *buf, size_t size, const struct procinfo *p);

#endif
