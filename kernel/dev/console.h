/* The console: UART output, the input line discipline (backspace, ^U kill
 * line, ^D end of file, ^C interrupt, ^P process list) and the foreground group. */
#ifndef MOO_CONSOLE_H
#define MOO_CONSOLE_H

void console_init(void);
void console_putc(int c); /* kernel output, usable with interrupts off */
/* Bracket one kernel message (kprintf) so that user output neither cuts into
 * it nor, if queued earlier, comes after it. */
void console_kernel_begin(void);
void console_kernel_end(void);
void console_input(int c); /* a character arrived from the UART */

/* A typed line holds at most CONSOLE_LINE_MAX - 1 characters and its newline;
 * a longer one is refused whole, with a message. */
#define CONSOLE_LINE_MAX 512

/* The process group ^C kills (0: none). Set by tcsetpgrp (proc/pgrp.c). */
void console_set_foreground(int pgid);
int console_foreground(void);

/* The bytes of one write that reach the screen as one piece: no kernel message lands
 * inside them (a program's line stays a line). A longer write is several pieces. */
#define CONSOLE_PIECE 256

void uart_init(void);
void uart_putc_sync(int c); /* polls; for kernel printf and panic */
/* Buffered, in pieces of at most CONSOLE_PIECE bytes kept whole; may sleep: user writes. */
void uart_put_chunk(const char *s, int n);
void uart_sync_begin(void); /* around kernel messages: see console_kernel_begin */
void uart_sync_end(void);
void uart_intr(void);

#endif
