/* The shell's lexer: words (with '...' and "..." quoting, and $? marked for
 * expansion when the command runs) and the operators | < > >> ; & ( ). */
#include "sh.h"

static char word_store[2 * LINE_MAX];

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The operator at s and its length, or -1. */
static int operator_at(const char *s, int *len) {
  *len = 1;
  switch (*s) {
  case '|':
    return TOK_PIPE;
  case '<':
    return TOK_IN;
  case '>':
    if (s[1] == '>') {
      *len = 2;
      return TOK_APPEND;
    }
    return TOK_OUT;
  case ';':
    return TOK_SEMI;
  case '&':
    return TOK_AMP;
  case '(':
    return TOK_OPEN;
  case ')':
    return TOK_CLOSE;
  default:
    return -1;
  }
}

/* Copies the word at *src to *dst, removing quotes and marking $? outside
 * single quotes; advances both. Returns 0, or an error message. */
static const char *lex_word(const char **src, char **dst) {
  const char *s = *src;
  char *d = *dst;
  char quote = 0;
  int len;
  while (*s != '\0' && (quote || (!is_space(*s) && operator_at(s, &len) < 0))) {
    if (*s == STATUS_MARK)
      return "control character ^A in the line";
    if (quote == 0 && (*s == '"' || *s == '\'')) {
      quote = *s++;
    } else if (quote != 0 && *s == quote) {
      quote = 0;
      s++;
    } else if (quote != '\'' && s[0] == '$' && s[1] == '?') {
      *d++ = STATUS_MARK;
      s += 2;
    } else {
      *d++ = *s++;
    }
  }
  if (quote != 0)
    return "unterminated quote";
  *d++ = '\0';
  *src = s;
  *dst = d;
  return 0;
}

const char *lex(const char *text, struct token *tokens) {
  char *store = word_store; /* a word never outgrows its text, and text fits a line */
  int n = 0;
  for (;;) {
    while (is_space(*text))
      text++;
    if (n == MAX_TOKENS - 1)
      return "too many words and operators in one line";
    if (*text == '\0' || *text == '#') {
      tokens[n].kind = TOK_END;
      return 0;
    }
    int len;
    int kind = operator_at(text, &len);
    if (kind >= 0) {
      tokens[n++].kind = kind;
      text += len;
      continue;
    }
    tokens[n].kind = TOK_WORD;
    tokens[n].word = store;
    const char *error = lex_word(&text, &store);
    if (error)
      return error;
    n++;
  }
}
