/* In-guest suite t_console: kernel messages and user writes share the console without cutting
 * into each other, nor one program's write into another's. Writers print whole lines while other
 * children die on faults (the kernel prints a line for each), then writers print lines longer
 * than the console's pieces; tests/run.py checks every line of the transcript is whole. */
#include "check.h"

#define WRITERS 3
#define LINES 150 /* per writer */
#define FAULTERS 2
#define FAULTS 30 /* children killed per faulter */
#define LONG_WRITERS 2
#define LONG_LINES 60   /* per long writer */
#define LONG_LENGTH 600 /* longer than the console's pieces (CONSOLE_PIECE, 256) */

/* Writer 0's lines fit the console's old 64-byte pieces; the others' took three of them,
 * and are whole only when a kernel message cannot land between the parts. */
static int line_length(int w) {
  return w == 0 ? 48 : 148;
}

/* Writes lines "console: <what> W line NNNN ......\n" of length bytes, one write each. */
static void write_lines(const char *what, int w, int length, int lines) {
  static char line[LONG_LENGTH + 1];
  for (int n = 0; n < lines; n++) {
    int len = format(line, sizeof(line), "console: %s %d line %04d ", what, w, n);
    while (len < length - 1)
      line[len++] = '.';
    line[len++] = '\n';
    if (write(1, line, len) != len)
      _exit(1);
  }
  _exit(0);
}

/* Children that write to address 0: the kernel kills each with a one-line message. */
static void faulter(void) {
  int killed = 0;
  for (int i = 0; i < FAULTS; i++) {
    int pid = fork();
    if (pid == 0) {
      *(volatile int *)opaque(0) = 1;
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    killed += status == -1;
  }
  _exit(killed == FAULTS ? 0 : 1);
}

/* Writers of whole lines, some longer than a 64-byte piece, beside faulting children. */
static void lines_and_kernel_messages(void) {
  int children = 0;
  for (int w = 0; w < WRITERS; w++) {
    int pid = fork();
    if (pid == 0)
      write_lines("writer", w, line_length(w), LINES);
    children += pid > 0;
  }
  for (int f = 0; f < FAULTERS; f++) {
    int pid = fork();
    if (pid == 0)
      faulter();
    children += pid > 0;
  }
  int bad = reap_counting_failures(children);
  check(children == WRITERS + FAULTERS && bad == 0, "writers and faulting children ran to the end",
        "%d children, %d ended badly", children, bad);
  note("t_console: %d writer lines and %d kernel lines expected", WRITERS * LINES,
       FAULTERS * FAULTS);
}

/* Writers of lines of several pieces each, and nothing else: one write call keeps the
 * console to itself, so no line is cut by the other writer's. */
static void long_lines(void) {
  int children = 0;
  for (int w = 0; w < LONG_WRITERS; w++) {
    int pid = fork();
    if (pid == 0)
      write_lines("long writer", w, LONG_LENGTH, LONG_LINES);
    children += pid > 0;
  }
  int bad = reap_counting_failures(children);
  check(children == LONG_WRITERS && bad == 0, "long writers ran to the end",
        "%d children, %d ended badly", children, bad);
  note("t_console: %d long lines expected", LONG_WRITERS * LONG_LINES);
}

int main(void) {
  suite_begin("t_console");
  lines_and_kernel_messages();
  long_lines();
  suite_end();
}
