/* The console's line editor: moving the cursor in the line being typed, inserting and
 * erasing in the middle, recalling entered lines, and swallowing every escape sequence. */
#include "dev/lineedit.h"
#include "lib/string.h"

/* Where an escape sequence stands: ESC, then '[' (CSI: numbers, then a final byte from
 * 0x40 to 0x7e) or 'O' (SS3: one final byte). Anything else after ESC is an Alt-key. */
enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };
#define ESC 0x1b
#define BELL '\a'

static void put_n(const char *s, int n) {
  for (int i = 0; i < n; i++)
    console_putc(s[i]);
}

static void back(int n) {
  for (int i = 0; i < n; i++)
    console_putc('\b');
}

/* Rewrites the screen from the cursor on after the text there changed (it was old_len
 * long), and puts the cursor back where it was. */
static void redraw_tail(struct line_edit *e, int old_len) {
  put_n(e->text + e->cursor, e->len - e->cursor);
  int blanks = old_len > e->len ? old_len - e->len : 0;
  for (int i = 0; i < blanks; i++)
    console_putc(' ');
  back(e->len - e->cursor + blanks);
}

/* Replaces the whole line with n bytes of s, the cursor at its end. */
static void replace_line(struct line_edit *e, const char *s, int n) {
  int old_len = e->len;
  back(e->cursor);
  e->cursor = 0;
  memmove(e->text, s, n);
  e->len = n;
  redraw_tail(e, old_len);
  put_n(e->text, n);
  e->cursor = n;
}

static void move_to(struct line_edit *e, int where) {
  if (where < e->cursor)
    back(e->cursor - where);
  else
    put_n(e->text + e->cursor, where - e->cursor);
  e->cursor = where;
}

static void delete_at_cursor(struct line_edit *e) {
  if (e->cursor == e->len)
    return;
  memmove(e->text + e->cursor, e->text + e->cursor + 1, e->len - e->cursor - 1);
  e->len--;
  redraw_tail(e, e->len + 1);
}

/* Up (older, +1) or Down (newer, -1) through the history. */
static void recall(struct line_edit *e, int step) {
  int to = e->browse + step;
  if (to < 0 || to > e->history_count) {
    console_putc(BELL);
    return;
  }
  if (e->browse == 0) {
    memmove(e->draft, e->text, e->len);
    e->draft_len = e->len;
  }
  e->browse = to;
  if (to == 0) {
    replace_line(e, e->draft, e->draft_len);
    return;
  }
  int slot = e->history_count - to;
  replace_line(e, e->history[slot], e->history_len[slot]);
}

/* Does what the key a sequence ended in (final byte, CSI number) means. */
static void act(struct line_edit *e, int final, int number) {
  if (e->overflow > 0)
    return; /* only erasing brings such a line back under the limit */
  if (final == 'A' || final == 'B')
    recall(e, final == 'A' ? 1 : -1);
  else if (final == 'C' && e->cursor < e->len)
    move_to(e, e->cursor + 1);
  else if (final == 'D' && e->cursor > 0)
    move_to(e, e->cursor - 1);
  else if (final == 'H' || (final == '~' && (number == 1 || number == 7)))
    move_to(e, 0);
  else if (final == 'F' || (final == '~' && (number == 4 || number == 8)))
    move_to(e, e->len);
  else if (final == '~' && number == 3)
    delete_at_cursor(e);
}

bool edit_escape(struct line_edit *e, int c) {
  switch (e->escape) {
  case ESC_NONE:
    if (c != ESC)
      return false;
    e->escape = ESC_START;
    return true;
  case ESC_START:
    e->escape = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
    e->param = 0;
    return true;
  case ESC_CSI:
    if (c >= '0' && c <= '9') {
      if (e->param < 1000)
        e->param = e->param * 10 + (c - '0');
      return true;
    }
    if (c >= 0x20 && c <= 0x3f)
      return true; /* ';', further numbers, intermediates: not needed for any key here */
    e->escape = ESC_NONE;
    if (c >= 0x40 && c <= 0x7e)
      act(e, c, e->param);
    return true; /* a broken sequence is dropped with the byte that broke it */
  default:       /* ESC_SS3 */
    e->escape = ESC_NONE;
    act(e, c, 0);
    return true;
  }
}

void edit_insert(struct line_edit *e, char c) {
  if (e->len + 1 >= CONSOLE_LINE_MAX || e->overflow > 0) { /* one place kept for the newline */
    if (e->cursor < e->len) {
      console_putc(BELL);
      return;
    }
    e->overflow++; /* echoed and counted: the line is refused whole when entered */
    console_putc(c);
    return;
  }
  memmove(e->text + e->cursor + 1, e->text + e->cursor, e->len - e->cursor);
  e->text[e->cursor] = c;
  e->len++;
  console_putc(c);
  e->cursor++;
  redraw_tail(e, e->len);
}

static void erase_overflow(struct line_edit *e) {
  e->overflow--;
  put_n("\b \b", 3);
}

void edit_erase(struct line_edit *e) {
  if (e->overflow > 0) {
    erase_overflow(e);
    return;
  }
  if (e->cursor == 0)
    return;
  move_to(e, e->cursor - 1);
  delete_at_cursor(e);
}

void edit_erase_line(struct line_edit *e) {
  while (e->overflow > 0)
    erase_overflow(e);
  replace_line(e, "", 0);
}

void edit_redraw(struct line_edit *e) {
  put_n(e->text, e->len);
  for (int i = 0; i < e->overflow; i++)
    console_putc('?'); /* what was typed past the limit is not kept */
  back(e->len - e->cursor);
}

/* Keeps the entered line for Up, unless it is empty or the same as the newest. */
static void remember_line(struct line_edit *e) {
  int newest = e->history_count - 1;
  if (e->len == 0 || (newest >= 0 && e->history_len[newest] == e->len &&
                      memcmp(e->history[newest], e->text, e->len) == 0))
    return;
  if (e->history_count == HISTORY_LINES) {
    memmove(e->history[0], e->history[1], sizeof(e->history[0]) * (HISTORY_LINES - 1));
    memmove(e->history_len, e->history_len + 1, sizeof(int) * (HISTORY_LINES - 1));
    e->history_count--;
  }
  memmove(e->history[e->history_count], e->text, e->len);
  e->history_len[e->history_count++] = e->len;
}

void edit_finish(struct line_edit *e, bool remember) {
  if (remember && e->overflow == 0)
    remember_line(e);
  e->len = e->cursor = e->overflow = e->browse = 0;
  e->escape = ESC_NONE;
}
