/* The console device: kernel output, the input line discipline (echo, ^U, ^D, ^C, ^P,
 * ^L; editing keys in lineedit.c), the foreground process group, and read/write. */
#include "dev/console.h"
#include "dev/devsw.h"
#include "dev/lineedit.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/sleeplock.h"
#include "lib/spinlock.h"
#include "mm/uaccess.h"
#include "proc/proc.h"

#define CTRL(letter) ((letter) - '@')
#define DEL 0x7f

#define READY_SIZE (2 * CONSOLE_LINE_MAX) /* finished input not yet read */
#define END_MARK 0x100                    /* in ready[]: ^D typed; a read stops here */
#define PROMPT_MAX 64 /* bytes of the unfinished output line kept for ^L and ^P */
#define CLEAR_SCREEN "\x1b[H\x1b[2J"

/* Typed characters live in the line editor until a newline or ^D moves them, with the
 * newline or an END_MARK, to the ready queue that reads consume: history and editing
 * are the console's, so every program reading it, xv6's too, gets finished lines. A
 * line is handed over whole or not at all: characters typed past CONSOLE_LINE_MAX are
 * echoed and counted in the editor's overflow, and such a line is refused when it ends,
 * so no program ever reads a line cut short. */
static struct {
  struct spinlock lock;
  struct line_edit edit;
  uint16 ready[READY_SIZE]; /* bytes, and END_MARK entries */
  int ready_head;           /* index of the oldest entry */
  int ready_count;
  int foreground;          /* process group ^C kills; 0: none (the shell is reading) */
  char prompt[PROMPT_MAX]; /* what programs wrote since their last newline: the prompt */
  int prompt_len;
  /* Held for the whole of one write call, as a Unix terminal does: what a program
   * writes at once is never split by another program's output (an orphan's last words
   * and the shell's prompt). Kernel messages, which may not sleep, do not take it: they
   * land between pieces (CONSOLE_PIECE) only. */
  struct sleeplock writer;
} con;

void console_putc(int c) {
  uart_putc_sync(c);
}

void console_kernel_begin(void) {
  uart_sync_begin();
}

void console_kernel_end(void) {
  uart_sync_end();
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
  for (int i = 0; i < con.edit.len; i++)
    ready_push((uint8)con.edit.text[i]);
  ready_push(terminator);
  edit_finish(&con.edit, true);
  con.prompt_len = 0;
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
  edit_finish(&con.edit, false);
  con.prompt_len = 0;
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
  bool too_long = con.edit.overflow > 0;
  if (!too_long && con.edit.len + 1 <= ready_free()) {
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

/* Prints the unfinished output line (the prompt) and the line being typed again. */
static void reprint(void) {
  for (int i = 0; i < con.prompt_len; i++)
    console_putc(con.prompt[i]);
  edit_redraw(&con.edit);
}

/* Keeps the bytes a program writes after its last newline, for reprint. */
static void note_output(const char *s, int n) {
  spin_lock(&con.lock);
  for (int i = 0; i < n; i++) {
    if (s[i] == '\n')
      con.prompt_len = 0;
    else if (con.prompt_len < PROMPT_MAX)
      con.prompt[con.prompt_len++] = s[i];
  }
  spin_unlock(&con.lock);
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
  if (edit_escape(&con.edit, c)) {
    spin_unlock(&con.lock);
    return;
  }
  switch (c) {
  case CTRL('P'):
    dump = true;
    break;
  case CTRL('C'):
    kill_group = interrupt();
    break;
  case CTRL('U'):
    edit_erase_line(&con.edit);
    break;
  case CTRL('D'):
    end_line(END_MARK);
    break;
  case CTRL('L'):
    echo_string(CLEAR_SCREEN);
    reprint();
    break;
  case '\b':
  case DEL:
    edit_erase(&con.edit);
    break;
  case '\r':
  case '\n':
    end_line('\n');
    break;
  default:
    if (c >= ' ')
      edit_insert(&con.edit, (char)c);
    else
      console_putc('\a'); /* Tab, ^Z and the other control keys: nothing to do */
    break;
  }
  spin_unlock(&con.lock);
  /* outside the lock: these print, and take process locks */
  if (dump) {
    proc_dump();
    spin_lock(&con.lock);
    reprint();
    spin_unlock(&con.lock);
  }
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
  char chunk[CONSOLE_PIECE];
  int done = 0;
  sleeplock_acquire(&con.writer);
  while (done < n) {
    int len = MIN(n - done, (int)sizeof(chunk));
    int err = copy_from_either(chunk, user, src + done, len);
    if (err < 0) {
      done = done > 0 ? done : err;
      break;
    }
    note_output(chunk, len);
    uart_put_chunk(chunk, len); /* one piece: no kernel message lands inside it */
    done += len;
  }
  sleeplock_release(&con.writer);
  return done;
}

void console_init(void) {
  spin_init(&con.lock, "console");
  sleeplock_init(&con.writer, "console_writer");
  uart_init();
  devsw[DEV_CONSOLE].read = console_read;
  devsw[DEV_CONSOLE].write = console_write;
}
