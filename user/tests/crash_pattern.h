/* The file contents t_crashwriter writes and t_crashcheck verifies after a crash: files of
 * 512-byte chunks, each fully determined by (file number, generation, chunk index). */
#ifndef MOO_TESTS_CRASH_PATTERN_H
#define MOO_TESTS_CRASH_PATTERN_H

#include "user.h"

#define CRASH_DIR "/crash"
#define CRASH_FILES 4
#define CRASH_CHUNK 512
#define CRASH_MAGIC 0x6d6f6f21

struct crash_header {
  uint magic;
  uint file;
  uint gen;
  uint index;
};

/* How many chunks file `file` holds in generation `gen`. */
static inline int crash_chunks(uint file, uint gen) {
  return 4 + (gen + file) % 12;
}

static inline void crash_fill(char *chunk, uint file, uint gen, uint index) {
  for (int i = 0; i < CRASH_CHUNK; i++)
    chunk[i] = (char)(file + gen * 3 + index * 7 + i);
  struct crash_header h = {CRASH_MAGIC, file, gen, index};
  memmove(chunk, &h, sizeof(h));
}

#endif
