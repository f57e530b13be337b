/* poweroff(how): the values of its argument. Plain defines, shared with user
 * programs (user.h includes this file). */
#ifndef MOO_POWER_H
#define MOO_POWER_H

#define POWEROFF_NOW 0 /* switch the machine off */
/* Only in kernels built with TESTHOOKS=1 (elsewhere the call fails): panic on
 * purpose, so that the tests can check that a kernel panic is reported. */
#define POWEROFF_TEST_PANIC 0x7061
/* Also TESTHOOKS=1 only: overflow the caller's kernel stack, so that the tests
 * can check that its guard page stops it and the kernel reports it. */
#define POWEROFF_TEST_KSTACK 0x6b73

#endif
