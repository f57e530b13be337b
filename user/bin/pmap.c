/* pmap [pid]: a process's regions (image, guard, stack, heap) with their address range and
 * virtual, resident, shared and copy-on-write page counts, from memstat(); default: itself. */
#include "cmd.h"

#define USAGE "pmap [pid]"

static void print_header(int pid) {
  fprintf(1, "pid %d\n", pid);
  fprintf(1, "%-6s %12s %12s %8s %8s %8s %8s\n", "region", "start", "end", "virt", "resident",
          "shared", "cow");
}

static void print_region(const struct memstat_region *r) {
  fprintf(1, "%-6s 0x%010lx 0x%010lx %8u %8u %8u %8u\n", r->name, r->start, r->end, r->virt,
          r->resident, r->shared, r->cow);
}

static void print_total(const struct memstat *m) {
  unsigned int virt = 0, resident = 0, shared = 0, cow = 0;
  for (int i = 0; i < m->nregions && i < MEMSTAT_REGIONS; i++) {
    virt += m->region[i].virt;
    resident += m->region[i].resident;
    shared += m->region[i].shared;
    cow += m->region[i].cow;
  }
  fprintf(1, "%-6s %12s %12s %8u %8u %8u %8u\n", "total", "", "", virt, resident, shared, cow);
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  if (argc - first > 1) {
    fprintf(2, "usage: %s\n", USAGE);
    _exit(2);
  }
  int pid = 0;
  if (first < argc && (parse_number(argv[first], &pid) < 0 || pid <= 0)) {
    fprintf(2, "pmap: %s: not a process id\n", argv[first]);
    _exit(1);
  }
  struct memstat m;
  if (memstat(pid, &m) < 0) {
    fprintf(2, "pmap: %s: no such process\n", argv[first]);
    _exit(1);
  }
  print_header(m.pid);
  for (int i = 0; i < m.nregions && i < MEMSTAT_REGIONS; i++)
    print_region(&m.region[i]);
  print_total(&m);
  exit_checked("pmap", 0);
}
