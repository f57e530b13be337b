/* A reader for flattened device trees (the DTB the firmware hands over):
 * walks nodes and properties, calling back for each. */
#ifndef MOO_FDT_H
#define MOO_FDT_H

#include "lib/types.h"

struct fdt_visitor {
  void (*node_begin)(void *ctx, const char *name, int depth);
  void (*property)(void *ctx, const char *name, const uint8 *value, uint32 len);
  void (*node_end)(void *ctx, int depth);
  void *ctx;
};

/* 0 on success, -EINVAL when the blob is not a device tree. */
int fdt_walk(const void *blob, const struct fdt_visitor *v);
uint32 fdt_be32(const uint8 *p);
uint64 fdt_be64(const uint8 *p);
/* true when a "compatible" string list contains want */
bool fdt_compatible(const uint8 *value, uint32 len, const char *want);

#endif
