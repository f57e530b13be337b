// dedup_fill.h: the 10 MiB region dedup_reader and dedup_writer fill with one page of content
// repeated (the lab's programs include it after types.h and user.h; tools/grade copies a
// lab's headers next to its programs).
#define PAGE 4096
#define PAGES 2560 // 10 MiB
#define WORDS (PAGE / 4)

// Word j of the content every page starts with.
static uint word_at(int j) {
  return (0x9e3779b9u * (j + 1)) ^ 0x5eed;
}

// A page-aligned region of PAGES pages, each filled with the same content; 0 if sbrk fails.
static uint *filled_region(void) {
  uint brk = (uint)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  uint *r = (uint *)sbrk(PAGES * PAGE);
  if (r == (uint *)-1)
    return 0;
  for (int i = 0; i < PAGES; i++)
    for (int j = 0; j < WORDS; j++)
      r[i * WORDS + j] = word_at(j);
  return r;
}
