/* The result protocol of the in-guest suites (see tests/run.py): each check prints one line,
 * "PASS <suite>: <check>" or "FAIL <suite>: <check>: <reason>"; a suite ends "DONE <suite>". */
#ifndef MOO_TESTS_CHECK_H
#define MOO_TESTS_CHECK_H

#include <stdarg.h>

#include "format.h"
#include "machine.h" /* MAXVA, read_sp and the other machine facts */
#include "user.h"

#define PAGE 4096UL

static const char *check_suite = "?";
static int check_failures;

/* ---- formatting: the shared formatter (common/format.h), and a bounded buffer for lines ---- */

struct outbuf {
  char *buf;
  int size;
  int len;
};

static inline void out_char(struct outbuf *o, char c) {
  if (o->len < o->size - 1)
    o->buf[o->len++] = c;
}

static inline void out_str(struct outbuf *o, const char *s) {
  if (s == 0)
    s = "(null)";
  while (*s)
    out_char(o, *s++);
}

/* Formats into buf (always NUL-terminated); returns the length written. */
static inline __attribute__((format(printf, 3, 4))) int format(char *buf, int size, const char *fmt,
                                                               ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = format_string(buf, size, fmt, ap);
  va_end(ap);
  return n < size ? n : size - 1;
}

/* ---- result lines, each written with a single write so they do not interleave ---- */

static inline void emit_line(const char *verdict, const char *name, const char *reason) {
  char line[320];
  struct outbuf o = {line, sizeof(line) - 1, 0};
  out_str(&o, verdict);
  out_char(&o, ' ');
  out_str(&o, check_suite);
  out_str(&o, ": ");
  out_str(&o, name);
  if (reason) {
    out_str(&o, ": ");
    out_str(&o, reason);
  }
  line[o.len++] = '\n';
  write(1, line, o.len);
}

/* ---- other processes ---- */

/* procinfo of the process with this pid; 0, or -1 when none has it. */
static inline int info_of(int pid, struct procinfo *info) {
  int found;
  for (int slot = 0; (found = procinfo(slot, info)) >= 0; slot++)
    if (found == pid)
      return 0;
  return -1;
}

/* The frame counts are system-wide. A parent just back from fork still takes its own
 * copy-on-write faults (copying a shared table frees the old one once its child has copied
 * it too), and on several harts, or with its hart stalled by the host, that lands in the
 * middle of what its child measures. So a process that counts frames first waits, up to
 * about 5 s, until its parent sleeps: in waitpid, as the suites' parents (the shell, run_part)
 * do. */
static inline void wait_for_parent_to_sleep(void) {
  struct procinfo me, parent;
  if (info_of(getpid(), &me) < 0)
    return;
  for (int tries = 0; tries < 50; tries++) {
    if (info_of(me.ppid, &parent) < 0 || parent.state == PROCINFO_SLEEPING)
      return;
    sleep(1);
  }
}

/* Every suite counts frames somewhere, so each starts once its parent is asleep. */
static inline void suite_begin(const char *name) {
  check_suite = name;
  check_failures = 0;
  wait_for_parent_to_sleep();
}

static inline void pass(const char *name) {
  emit_line("PASS", name, 0);
}

static inline void fail_v(const char *name, const char *reason_fmt, va_list ap) {
  char reason[200];
  format_string(reason, sizeof(reason), reason_fmt, ap);
  emit_line("FAIL", name, reason);
  check_failures++;
}

static inline __attribute__((format(printf, 2, 3))) void fail(const char *name,
                                                              const char *reason_fmt, ...) {
  va_list ap;
  va_start(ap, reason_fmt);
  fail_v(name, reason_fmt, ap);
  va_end(ap);
}

/* Passes when ok, else fails with the formatted reason; returns ok. */
static inline __attribute__((format(printf, 3, 4))) int check(int ok, const char *name,
                                                              const char *reason_fmt, ...) {
  if (ok) {
    pass(name);
    return 1;
  }
  va_list ap;
  va_start(ap, reason_fmt);
  fail_v(name, reason_fmt, ap);
  va_end(ap);
  return 0;
}

/* A free-form line for progress and details (not counted). */
static inline __attribute__((format(printf, 1, 2))) void note(const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = format_string(line, sizeof(line) - 1, fmt, ap);
  va_end(ap);
  n = n < (int)sizeof(line) - 2 ? n : (int)sizeof(line) - 2;
  line[n++] = '\n';
  write(1, line, n);
}

static inline __attribute__((noreturn)) void suite_end(void) {
  char line[64];
  int n = format(line, sizeof(line), "DONE %s\n", check_suite);
  write(1, line, n);
  _exit(check_failures ? 1 : 0);
}

/* ---- helpers for checks that may kill the process ---- */

/* Hides a value from the optimiser so a load or store through it is really made. */
static inline uintptr opaque(uintptr value) {
  asm volatile("" : "+r"(value));
  return value;
}

/* Runs fn(arg) in a child that then exits 0; returns the child's wait status,
 * or -1000 when fork or wait fails. */
static inline int status_of_child(void (*fn)(uintptr), uintptr arg) {
  int pid = fork();
  if (pid < 0)
    return -1000;
  if (pid == 0) {
    fn(arg);
    _exit(0);
  }
  int status = -2000;
  if (waitpid(-1, &status, 0) != pid)
    return -1000;
  return status;
}

/* n new pages at a page-aligned break; 0 when sbrk fails. */
/* Forks a child that reads what the parent writes: in the child it returns 0 with *end the
 * pipe's read end, in the parent the child's pid with *end the write end; -1 (and *end -1)
 * on failure. */
static inline int fork_fed(int *end) {
  int p[2];
  *end = -1;
  if (pipe(p) < 0)
    return -1;
  int pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  close(p[pid == 0 ? 1 : 0]);
  *end = p[pid == 0 ? 0 : 1];
  return pid;
}

static inline char *grow_pages(int n) {
  uintptr brk = (uintptr)sbrk(0);
  if (brk % PAGE)
    sbrk(PAGE - brk % PAGE);
  char *p = sbrk(n * PAGE);
  return p == (char *)-1 ? 0 : p;
}

/* Waits for every child; returns how many were reaped. */
static inline int reap_all(void) {
  int n = 0;
  while (waitpid(-1, 0, 0) >= 0)
    n++;
  return n;
}

/* Reaps the given number of children; returns how many ended other than by exit(0) (a wait
 * that finds none left counts as one). */
static inline int reap_counting_failures(int children) {
  int bad = 0, status;
  for (int i = 0; i < children; i++)
    if (waitpid(-1, &status, 0) < 0 || status != 0)
      bad++;
  return bad;
}

/* Little-endian fields of an ELF file image. */
static inline uint64 elf_field(const char *p, int bytes) {
  uint64 v = 0;
  for (int i = bytes - 1; i >= 0; i--)
    v = v << 8 | (unsigned char)p[i];
  return v;
}

/* Reads the program headers of the ELF file at path (either class): 1 when the loadable
 * segment holding addr is writable, 0 when it is not, -1 when none holds it or the file is
 * unreadable. */
static inline int elf_segment_writable(const char *path, uintptr addr) {
  static char header[1024];
  int fd = open(path, O_RDONLY);
  int n = read(fd, header, sizeof(header));
  close(fd);
  if (n < 52)
    return -1;
  int wide = header[4] == 2; /* ELF64: 8-byte addresses, p_flags second */
  uint64 phoff = elf_field(header + (wide ? 32 : 28), wide ? 8 : 4);
  int phentsize = elf_field(header + (wide ? 54 : 42), 2);
  int phnum = elf_field(header + (wide ? 56 : 44), 2);
  for (int i = 0; i < phnum; i++) {
    const char *ph = header + phoff + i * phentsize;
    if (ph + phentsize > header + n)
      return -1;
    uint32 type = elf_field(ph, 4);
    uint32 flags = elf_field(ph + (wide ? 4 : 24), 4);
    uint64 vaddr = elf_field(ph + (wide ? 16 : 8), wide ? 8 : 4);
    uint64 memsz = elf_field(ph + (wide ? 40 : 20), wide ? 8 : 4);
    if (type == 1 && addr >= vaddr && addr < vaddr + memsz) /* PT_LOAD */
      return (flags & 2) != 0;                              /* PF_W */
  }
  return -1;
}

/* Runs part in a child, so whatever memory it uses (page tables included) goes
 * with the child; the child's failures count as ours. */
static inline void run_part(void (*part)(void)) {
  int pid = fork();
  if (pid < 0) {
    fail("fork for a part of the suite", "fork failed");
    return;
  }
  if (pid == 0) {
    wait_for_parent_to_sleep(); /* its faults after fork would move the part's counts */
    part();
    _exit(check_failures ? 1 : 0);
  }
  int status = -1;
  waitpid(-1, &status, 0);
  if (status != 0)
    check_failures++;
}

#endif
