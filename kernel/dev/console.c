/* The console device: kernel output, the input line discipline (echo, erase,
 * ^U, ^D, ^C, ^P), the foreground process group, and read/write for DEV_CONSOLE. */
#include "dev/console.h"
#include "dev/devsw.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "mm/uaccess.h"
#include "proc/proc.h"

#define CTRL(letter) ((letter) - '@')
#define DEL 0x7f

#define READY_SIZE (2 * CONSOLE_LINE_MAX) /* finished input not yet read */
#define END_MARK 0x100 /* in ready[]: ^D typed; a read stops here */

/* Typed characters live in line[] until a newline or ^D moves them, with the
 * newline or an END_MARK, to the ready queue that reads consume. A line is
 * handed over whole or not at all: characters typed past CONSOLE_LINE_MAX are
 * echoed and counted in overflow, and such a line is refused when it ends, so
 * no program ever reads a line cut short. */
static struct {
  struct spinlock lock;
  char line[CONSOLE_LINE_MAX];
  int line_len;
  int overflow;             /* characters typed beyond line[] */
  uint16 ready[READY_SIZE]; /* bytes, and END_MARK entries */
  int ready_head;           /* index of the oldest entry */
  int ready_count;
  int foreground;           /* process group ^C kills; 0: none (the shell is reading) */
} con;

void console_putc(int c) {
  uart_putc_sync(c);
}

void console_kernel_begin(void) { uart_sync_begin(); }

void console_kernel_end(void) { uart_sync_end(); }

static void echo_erase(void) {
  uart_putc_sync('\b');
  uart_putc_sync(' ');
  uart_putc_sync('\b');
}

static int ready_free(void) {
  return READY_SIZE - con.ready_count;
}

static void ready_push(uint16 entry) {
  con.ready[(con.ready_head + con.ready_count) % READY_SIZE] = entry;
  con.ready_count++;
}

static uint16 ready_front(void) {
  return con.ready[con.ready_head];
}

static void ready_pop(void) {
  con.ready_head = (con.ready_head + 1) % READY_SIZE;
  con.ready_count--;
}

/* Moves the line, then terminator (a newline or END_MARK), to the ready queue.
 * The caller has checked that they fit. */
static void commit_line(uint16 terminator) {
  for (int i = 0; i < con.line_len; i++)
    ready_push((uint8)con.line[i]);
  ready_push(terminator);
  con.line_len = 0;
  wakeup(&con.ready);
}

static void echo_string(const char *s) {
  while (*s)
    console_putc(*s++);
}

/* Drops the line being typed. When no program is in the foreground, the
 * reader is a shell waiting for a command: it gets an empty line, so that it
 * prompts again. */
static void discard_line(void) {
  con.line_len = 0;
  con.overflow = 0;
  if (con.foreground == 0 && ready_free() >= 1) {
    ready_push('\n');
    wakeup(&con.ready);
  }
}

/* Ends the line with terminator (a newline or END_MARK), or refuses it whole
 * when it was too long or the ready queue cannot take it. */
static void end_line(uint16 terminator) {
  if (terminator == '\n')
    console_putc('\n');
  bool too_long = con.overflow > 0;
  if (!too_long && con.line_len + 1 <= ready_free()) {
    commit_line(terminator);
    return;
  }
  if (terminator != '\n') /* ^D: the message needs a line of its own */
    console_putc('\n');
  if (too_long)
    kprintf("console: line too long (more than %d characters), not entered\n",
            CONSOLE_LINE_MAX - 1);
  else
    kprintf("console: too much typed ahead, line not entered\n");
  discard_line();
}

static void add_char(char c) {
  if (c == '\n') {
    end_line('\n');
    return;
  }
  if (con.line_len + 1 < CONSOLE_LINE_MAX)
    con.line[con.line_len++] = c; /* one place is kept for the newline */
  else
    con.overflow++;
  console_putc(c);
}

static void erase_char(void) {
  if (con.overflow > 0)
    con.overflow--;
  else if (con.line_len > 0)
    con.line_len--;
  else
    return;
  echo_erase();
}

/* ^C: drops the line being typed and returns the foreground group to kill. */
static int interrupt(void) {
  echo_string("^C\n");
  discard_line();
  return con.foreground;
}

void console_input(int c) {
  bool dump = false;
  int kill_group = 0;
  spin_lock(&con.lock);
  switch (c) {
  case CTRL('P'):
    dump = true;
    break;
  case CTRL('C'):
    kill_group = interrupt();
    break;
  case CTRL('U'):
    while (con.line_len > 0 || con.overflow > 0)
      erase_char();
    break;
  case CTRL('D'):
    end_line(END_MARK);
    break;
  case '\b':
  case DEL:
    erase_char();
    break;
  case '\r':
    add_char('\n');
    break;
  default:
    add_char((char)c);
    break;
  }
  spin_unlock(&con.lock);
  /* outside the lock: these print, and take process locks */
  if (dump)
    proc_dump();
  if (kill_group > 0)
    proc_kill_group(kill_group);
}

void console_set_foreground(int pgid) {
  spin_lock(&con.lock);
  con.foreground = pgid;
  spin_unlock(&con.lock);
}

int console_foreground(void) {
  spin_lock(&con.lock);
  int pgid = con.foreground;
  spin_unlock(&con.lock);
  return pgid;
}

/* Takes up to max ready bytes into out, ending after a newline or at an end
 * mark (which is consumed). Sets *finished when the read should stop. */
static int take_ready(char *out, int max, bool *finished) {
  int n = 0;
  while (n < max && con.ready_count > 0) {
    uint16 entry = ready_front();
    ready_pop();
    if (entry == END_MARK) {
      *finished = true;
      return n;
    }
    out[n++] = (char)entry;
    if (entry == '\n') {
      *finished = true;
      return n;
    }
  }
  if (con.ready_count == 0)
    *finished = true;
  return n;
}

/* Blocks until input is ready; false when the process was killed meanwhile. */
static bool wait_for_input(void) {
  while (con.ready_count == 0) {
    if (proc_killed(myproc()))
      return false;
    sleep(&con.ready, &con.lock);
  }
  return true;
}

/* Returns one line (or less when n is smaller), what was typed before ^D,
 * or 0 for ^D at the start of a line. */
static int console_read(bool user, uintptr dst, int n) {
  char chunk[64];
  int total = 0;
  bool finished = false;
  if (n <= 0)
    return 0;
  spin_lock(&con.lock);
  if (!wait_for_input()) {
    spin_unlock(&con.lock);
    return -1;
  }
  while (!finished && total < n) {
    int got = take_ready(chunk, MIN(n - total, (int)sizeof(chunk)), &finished);
    spin_unlock(&con.lock);
    if (got > 0 && copy_to_either(user, dst + total, chunk, got) < 0)
      return total > 0 ? total : -EFAULT;
    total += got;
    spin_lock(&con.lock);
  }
  /* ^D right after the bytes returned belongs to them, not to the next read */
  if (total > 0 && !finished && con.ready_count > 0 && ready_front() == END_MARK)
    ready_pop();
  spin_unlock(&con.lock);
  return total;
}

static int console_write(bool user, uintptr src, int n) {
  char chunk[64];
  int done = 0;
  while (done < n) {
    int len = MIN(n - done, (int)sizeof(chunk));
    int err = copy_from_either(chunk, user, src + done, len);
    if (err < 0)
      return done > 0 ? done : err;
    uart_put_chunk(chunk, len); /* one piece: nothing lands inside it */
    done += len;
  }
  return done;
}

void console_init(void) {
  spin_init(&con.lock, "console");
  uart_init();
  devsw[DEV_CONSOLE].read = console_read;
  devsw[DEV_CONSOLE].write = console_write;
}
