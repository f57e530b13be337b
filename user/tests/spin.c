/* spin: loops forever without a system call, a program only ^C or kill can
 * end (the console session of tests/run.py interrupts it). Not a suite. */
#include "user.h"

int main(void) {
  volatile unsigned long turns = 0;
  for (;;)
    turns++;
}
