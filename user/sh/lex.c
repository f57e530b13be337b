/* The shell's lexer: words (with '...' and "..." quoting; $?, $NAME, * and ? marked for
 * expansion when the command runs) and the operators | || & && ; ( ) and N< N> N>> N>&M. */
#include "sh.h"

static char word_store[4 * LINE_MAX]; /* a word grows by at most two marks per byte */

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* The redirection at s (an optional descriptor digit, then < > >> or >&) and its length
 * up to the file name or M, or -1. */
static int redirection_at(const char *s, int *fd, int *len) {
  int start = 0;
  if (is_digit(s[0]) && (s[1] == '<' || s[1] == '>'))
    start = 1;
  *fd = start ? s[0] - '0' : (s[0] == '<' ? 0 : 1);
  const char *op = s + start;
  *len = start + 1;
  if (op[0] == '<')
    return TOK_IN;
  if (op[0] != '>')
    return -1;
  if (op[1] == '>' || op[1] == '&')
    *len = start + 2;
  return op[1] == '>' ? TOK_APPEND : op[1] == '&' ? TOK_DUP : TOK_OUT;
}

/* The operator at s and its length, or -1; a redirection's descriptor in *fd. */
static int operator_at(const char *s, int *fd, int *len) {
  int kind = redirection_at(s, fd, len);
  if (kind >= 0)
    return kind;
  *len = s[1] == s[0] && (s[0] == '|' || s[0] == '&') ? 2 : 1;
  switch (*s) {
  case '|':
    return *len == 2 ? TOK_OR : TOK_PIPE;
  case '&':
    return *len == 2 ? TOK_AND : TOK_AMP;
  case ';':
    return TOK_SEMI;
  case '(':
    return TOK_OPEN;
  case ')':
    return TOK_CLOSE;
  default:
    return -1;
  }
}

/* Does a word end at s? Only a bare < > | & ; ( ) ends one: "a2>f" is the word a2, then >f. */
static int word_ends_at(const char *s) {
  int fd, len;
  return *s == '\0' || is_space(*s) || (!is_digit(*s) && operator_at(s, &fd, &len) >= 0);
}

static int is_name_char(char c, int first) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && is_digit(c));
}

/* $NAME, ${NAME} or $! at s: copies VAR_START NAME VAR_END to *d and returns the length of
 * the text taken, or 0 when s holds none (the $ is then a plain character). */
static int lex_variable(const char *s, char **d) {
  int braced = s[1] == '{';
  const char *name = s + 1 + braced;
  int len = name[0] == '!' ? 1 : 0; /* $!: the last background job's pid */
  while (name[0] != '!' && is_name_char(name[len], len == 0))
    len++;
  if (len == 0 || (braced && name[len] != '}'))
    return 0;
  *(*d)++ = VAR_START;
  memmove(*d, name, len);
  *d += len;
  *(*d)++ = VAR_END;
  return 1 + braced + len + braced;
}

/* Copies the word at *src to *dst, removing quotes and marking what is expanded later;
 * advances both. Returns 0, or an error message. */
static const char *lex_word(const char **src, char **dst) {
  const char *s = *src;
  char *d = *dst;
  char quote = 0;
  while (quote || !word_ends_at(s)) {
    int taken;
    if (*s == '\0')
      return "unterminated quote";
    if (*s > 0 && *s <= LAST_MARK)
      return "control characters ^A to ^E are not allowed in a line";
    if (quote == 0 && (*s == '"' || *s == '\'')) {
      quote = *s++;
    } else if (quote != 0 && *s == quote) {
      quote = 0;
      s++;
    } else if (quote != '\'' && s[0] == '$' && s[1] == '?') {
      *d++ = STATUS_MARK;
      s += 2;
    } else if (quote != '\'' && s[0] == '$' && (taken = lex_variable(s, &d)) > 0) {
      s += taken;
    } else if (quote == 0 && (*s == '*' || *s == '?')) {
      *d++ = *s++ == '*' ? GLOB_ANY : GLOB_ONE;
    } else {
      *d++ = *s++;
    }
  }
  *d++ = '\0';
  *src = s;
  *dst = d;
  return 0;
}

const char *lex(const char *text, struct token *tokens) {
  char *store = word_store;
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
    int len, fd = 0;
    int kind = operator_at(text, &fd, &len);
    if (kind >= 0) {
      tokens[n].kind = kind;
      tokens[n++].fd = fd;
      text += len;
      if (kind != TOK_DUP)
        continue;
      if (!is_digit(*text) || !word_ends_at(text + 1))
        return "a descriptor 0 to 9 must follow >&";
      tokens[n - 1].word = store;
      *store++ = *text++;
      *store++ = '\0';
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
