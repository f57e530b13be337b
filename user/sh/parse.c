/* The shell's parser: recursive descent over the tokens into lists of
 * pipelines of commands, with every limit checked and reported. */
#include "sh.h"

/* Only ( ) recurses, at most MAX_DEPTH deep, so the parser's stack use is
 * bounded: a process has one 4 KiB stack page. */

struct parser {
  struct token *tokens;
  int pos;
  int depth;         /* open ( ) */
  const char *error; /* the first error seen, or 0 */
};

static struct command commands[MAX_COMMANDS];
static struct pipeline pipelines[MAX_COMMANDS];
static struct list lists[MAX_COMMANDS + 1]; /* the line, and one per ( ) */
static int commands_used, pipelines_used, lists_used;

static enum token_kind peek(struct parser *p) {
  return p->tokens[p->pos].kind;
}

static struct token *next(struct parser *p) {
  return &p->tokens[p->pos++];
}

static void *fail(struct parser *p, const char *message) {
  if (p->error == 0)
    p->error = message;
  return 0;
}

static int at_redir(struct parser *p) {
  enum token_kind kind = peek(p);
  return kind == TOK_IN || kind == TOK_OUT || kind == TOK_APPEND || kind == TOK_DUP;
}

/* redirection := ('N<' | 'N>' | 'N>>') WORD | 'N>&M'; returns 0 or -1. */
static int parse_redir(struct parser *p, struct command *c) {
  struct token *t = next(p);
  enum token_kind kind = t->kind;
  if (kind != TOK_DUP && peek(p) != TOK_WORD) {
    fail(p, "missing file name after <, > or >>");
    return -1;
  }
  if (c->nredirs == MAX_REDIRS) {
    fail(p, "too many redirections in one command");
    return -1;
  }
  struct redir *r = &c->redirs[c->nredirs++];
  r->fd = t->fd;
  r->from = kind == TOK_DUP ? t->word[0] - '0' : -1;
  r->path = 0;
  if (kind == TOK_DUP)
    return 0;
  r->append = kind == TOK_APPEND;
  if (kind == TOK_IN)
    r->flags = O_RDONLY;
  else if (kind == TOK_APPEND)
    r->flags = O_RDWR | O_CREATE; /* read to the end first: the ABI has no append flag */
  else
    r->flags = O_WRONLY | O_CREATE | O_TRUNC;
  r->path = next(p)->word;
  return 0;
}

static struct list *parse_list(struct parser *p);

/* command := '(' list ')' redirection* | (WORD | redirection)+ */
static struct command *parse_command(struct parser *p) {
  if (commands_used == MAX_COMMANDS)
    return fail(p, "too many commands in one line");
  struct command *c = &commands[commands_used++];
  memset(c, 0, sizeof(*c));
  if (peek(p) == TOK_OPEN) {
    if (p->depth == MAX_DEPTH)
      return fail(p, "( ) nested too deeply (at most 8)");
    next(p);
    p->depth++;
    c->group = parse_list(p);
    p->depth--;
    if (p->error)
      return 0;
    if (c->group == 0)
      return fail(p, "empty ( )");
    if (peek(p) != TOK_CLOSE)
      return fail(p, "missing )");
    next(p);
  }
  for (;;) {
    if (peek(p) == TOK_WORD && c->group == 0) {
      if (c->argc == MAX_ARGS)
        return fail(p, "too many arguments (at most 32)");
      c->argv[c->argc++] = next(p)->word;
    } else if (at_redir(p)) {
      if (parse_redir(p, c) < 0)
        return 0;
    } else {
      break;
    }
  }
  if (c->group == 0 && c->argc == 0 && c->nredirs == 0)
    return fail(p, "syntax error: a command is missing");
  return c;
}

/* pipeline := ['time'] command ('|' command)* */
static struct pipeline *parse_pipeline(struct parser *p) {
  if (pipelines_used == MAX_COMMANDS)
    return fail(p, "too many commands in one line");
  struct pipeline *line = &pipelines[pipelines_used++];
  memset(line, 0, sizeof(*line));
  if (peek(p) == TOK_WORD && strcmp(p->tokens[p->pos].word, "time") == 0) {
    next(p);
    line->timed = 1;
    if (peek(p) != TOK_WORD && peek(p) != TOK_OPEN && !at_redir(p))
      return fail(p, "time: a command is missing");
  }
  struct command **link = &line->first;
  for (;;) {
    if (line->nstages == MAX_STAGES)
      return fail(p, "pipeline too long (at most 32 commands)");
    struct command *c = parse_command(p);
    if (c == 0)
      return 0;
    *link = c;
    link = &c->next_stage;
    line->nstages++;
    if (peek(p) != TOK_PIPE)
      return line;
    next(p);
  }
}

/* list := (pipeline (('&&' | '||') pipeline)* ('&' | ';')?)*, up to the end or a ')';
 * 0 when empty. */
static struct list *parse_list(struct parser *p) {
  struct list *list = &lists[lists_used++]; /* fits: each ( ) took a command first */
  list->first = 0;
  struct pipeline **link = &list->first;
  enum run_when when = RUN_ALWAYS;
  while (peek(p) != TOK_END && peek(p) != TOK_CLOSE) {
    struct pipeline *line = parse_pipeline(p);
    if (line == 0)
      return 0;
    line->when = when;
    when = RUN_ALWAYS;
    *link = line;
    link = &line->next;
    if (peek(p) == TOK_AND || peek(p) == TOK_OR) {
      when = next(p)->kind == TOK_AND ? RUN_IF_OK : RUN_IF_FAILED;
      if (peek(p) == TOK_END || peek(p) == TOK_CLOSE)
        return fail(p, "syntax error: a command is missing after && or ||");
    } else if (peek(p) == TOK_AMP) {
      next(p);
      if (line->when != RUN_ALWAYS)
        return fail(p, "&& and || with & are not supported: put them in ( ) &");
      line->background = 1;
    } else if (peek(p) == TOK_SEMI) {
      next(p);
    } else if (peek(p) != TOK_END && peek(p) != TOK_CLOSE) {
      return fail(p, "syntax error");
    }
  }
  return list->first ? list : 0;
}

struct list *parse(struct token *tokens, const char **error) {
  struct parser p = {tokens, 0, 0, 0};
  commands_used = pipelines_used = lists_used = 0;
  struct list *list = parse_list(&p);
  if (p.error == 0 && peek(&p) != TOK_END)
    fail(&p, "unexpected )");
  *error = p.error;
  return p.error ? 0 : list;
}
