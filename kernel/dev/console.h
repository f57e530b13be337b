/* The console: UART output and the input line discipline
 * (backspace, ^U kill line, ^D end of file, ^P process list). */
#ifndef MOO_CONSOLE_H
#define MOO_CONSOLE_H

void console_init(void);
void console_putc(int c);  /* kernel output, usable with interrupts off */
void console_input(int c); /* a character arrived from the UART */

void uart_init(void);
void uart_putc_sync(int c); /* polls; for kernel printf and panic */
void uart_putc(int c);      /* buffered, may sleep: for user writes */
void uart_intr(void);

#endif
