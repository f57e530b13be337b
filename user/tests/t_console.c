/* In-guest suite t_console: kernel messages and user writes share the console without cutting
 * into each other. Writers print whole lines while other children die on faults (the kernel
 * prints a line for each); tests/run.py then checks every line of the transcript is whole. */
#include "check.h"

#define WRITERS 2
#define LINES 150 /* per writer */
#define FAULTERS 2
#define FAULTS 30 /* children killed per faulter */

/* One write per line: "console: writer W line NNNN ......\n", 48 bytes. */
static void writer(int w) {
  char line[64];
  for (int n = 0; n < LINES; n++) {
    int len = format(line, sizeof(line), "console: writer %d line %04d ", w, n);
    while (len < 47)
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

int main(void) {
  suite_begin("t_console");
  int children = 0, bad = 0;
  for (int w = 0; w < WRITERS; w++) {
    int pid = fork();
    if (pid == 0)
      writer(w);
    children += pid > 0;
  }
  for (int f = 0; f < FAULTERS; f++) {
    int pid = fork();
    if (pid == 0)
      faulter();
    children += pid > 0;
  }
  int status;
  for (int i = 0; i < children; i++)
    if (waitpid(-1, &status, 0) < 0 || status != 0)
      bad++;
  check(children == WRITERS + FAULTERS && bad == 0, "writers and faulting children ran to the end",
        "%d children, %d ended badly", children, bad);
  note("t_console: %d writer lines and %d kernel lines expected", WRITERS * LINES,
       FAULTERS * FAULTS);
  suite_end();
}
