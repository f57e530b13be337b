/* Flattened device tree walking: the structure block is a token stream of
 * node begin/end and properties, all big-endian, names in a string block. */
#include "lib/fdt.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FDT_MAGIC 0xd00dfeed
#define TOK_BEGIN_NODE 1
#define TOK_END_NODE 2
#define TOK_PROP 3
#define TOK_NOP 4
#define TOK_END 9

uint32 fdt_be32(const uint8 *p) {
  return ((uint32)p[0] << 24) | ((uint32)p[1] << 16) | ((uint32)p[2] << 8) | p[3];
}

uint64 fdt_be64(const uint8 *p) {
  return ((uint64)fdt_be32(p) << 32) | fdt_be32(p + 4);
}

static uint32 align4(uint32 x) {
  return (x + 3) & ~3u;
}

int fdt_walk(const void *blob, const struct fdt_visitor *v) {
  const uint8 *base = blob;
  if (!base || fdt_be32(base) != FDT_MAGIC)
    return -EINVAL;
  const uint8 *structs = base + fdt_be32(base + 8);
  const char *strings = (const char *)base + fdt_be32(base + 12);
  uint32 limit = fdt_be32(base + 36); /* size of the structure block */
  uint32 off = 0;
  int depth = 0;
  while (off + 4 <= limit) {
    uint32 tok = fdt_be32(structs + off);
    off += 4;
    if (tok == TOK_BEGIN_NODE) {
      const char *name = (const char *)structs + off;
      off += align4(strlen(name) + 1);
      if (v->node_begin)
        v->node_begin(v->ctx, name, depth);
      depth++;
    } else if (tok == TOK_END_NODE) {
      depth--;
      if (v->node_end)
        v->node_end(v->ctx, depth);
    } else if (tok == TOK_PROP) {
      uint32 len = fdt_be32(structs + off);
      uint32 nameoff = fdt_be32(structs + off + 4);
      const uint8 *value = structs + off + 8;
      off += 8 + align4(len);
      if (v->property)
        v->property(v->ctx, strings + nameoff, value, len);
    } else if (tok == TOK_END) {
      return 0;
    } else if (tok != TOK_NOP) {
      return -EINVAL;
    }
  }
  return 0;
}

bool fdt_compatible(const uint8 *value, uint32 len, const char *want) {
  uint32 i = 0;
  while (i < len) {
    const char *s = (const char *)value + i;
    if (strncmp(s, want, len - i) == 0)
      return true;
    i += strlen(s) + 1;
  }
  return false;
}
