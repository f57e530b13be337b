/* Editing the console line being typed: the cursor (Left, Right, Home, End, Backspace,
 * Delete), the history of entered lines (Up, Down), and the escape sequences keys send. */
#ifndef MOO_LINEEDIT_H
#define MOO_LINEEDIT_H

#include "dev/console.h"
#include "lib/types.h"

#define HISTORY_LINES 16

struct line_edit {
  char text[CONSOLE_LINE_MAX];
  int len;
  int cursor;   /* where the next character goes, 0..len */
  int overflow; /* characters typed beyond text[] (only at the end of the line) */
  int escape;   /* where in an escape sequence the input is (lineedit.c) */
  int param;    /* the first number of a CSI sequence */
  /* entered lines, oldest first; browse 0 is the line being typed, k the k-th newest */
  char history[HISTORY_LINES][CONSOLE_LINE_MAX];
  int history_len[HISTORY_LINES];
  int history_count;
  int browse;
  char draft[CONSOLE_LINE_MAX]; /* the line being typed while browsing */
  int draft_len;
};

/* Each is called with the console lock held and echoes what it changes. */
bool edit_escape(struct line_edit *e, int c); /* true when c belonged to an escape sequence */
void edit_insert(struct line_edit *e, char c);
void edit_erase(struct line_edit *e);      /* Backspace: the character before the cursor */
void edit_erase_line(struct line_edit *e); /* ^U */
void edit_redraw(struct line_edit *e);     /* after a reprint of the prompt: line and cursor */
void edit_finish(struct line_edit *e, bool remember); /* the line was entered or dropped */

#endif
