/* Machine-independent page protections. The arch layer translates them to
 * and from its page-table entry bits. */
#ifndef MOO_PROT_H
#define MOO_PROT_H

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_USER 0x8
#define PROT_COW 0x10 /* software mark: shared, copy on next write */

#endif
