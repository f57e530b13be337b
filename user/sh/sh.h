/* The shell's shared types and limits: tokens, the command tree that parse.c
 * builds from them and run.c executes, and the calls between the parts. */
#ifndef MOO_SH_H
#define MOO_SH_H

#include "cmd.h"

#define LINE_MAX 1024    /* bytes of a command line, newline and terminator included */
#define MAX_TOKENS 256   /* words and operators in one line */
#define MAX_ARGS 32      /* the kernel's MAXARG */
#define MAX_REDIRS 8     /* redirections of one command */
#define MAX_COMMANDS 64  /* commands in one line */
#define MAX_STAGES 32    /* commands in one pipeline (each is a process) */
#define MAX_DEPTH 8      /* nesting of ( ) */
#define STATUS_MARK '\x01' /* stands for $? in a word until the command runs */

enum token_kind { TOK_WORD, TOK_PIPE, TOK_IN, TOK_OUT, TOK_APPEND, TOK_SEMI, TOK_AMP,
                  TOK_OPEN, TOK_CLOSE, TOK_END };

struct token {
  enum token_kind kind;
  char *word; /* TOK_WORD: the text, quotes removed, $? as STATUS_MARK */
};

struct redir {
  int fd;     /* 0 or 1 */
  int flags;  /* open flags */
  int append; /* >>: start writing at the end */
  char *path;
};

struct list;

/* One stage of a pipeline: a program with its arguments, or a ( list ). */
struct command {
  struct list *group; /* ( list ) when not 0; then argc is 0 */
  int argc;
  char *argv[MAX_ARGS + 1];
  int nredirs;
  struct redir redirs[MAX_REDIRS];
  struct command *next_stage; /* the command this one's output is piped to */
};

/* Commands joined by '|', run together; the list moves on after it or, with
 * '&', without waiting. */
struct pipeline {
  struct command *first;
  int nstages;
  int background;
  struct pipeline *next;
};

struct list {
  struct pipeline *first;
};

/* lex.c: splits a line into tokens ending with TOK_END; 0, or an error message. */
const char *lex(const char *line, struct token *tokens);

/* parse.c: the tree of a token list; sets *error (and returns 0) on a syntax
 * error; returns 0 with no error for an empty line. */
struct list *parse(struct token *tokens, const char **error);

/* command.c: one command */
int expand_command(struct command *c); /* $? in words and paths; 0 or -1 (reported) */
int is_builtin(struct command *c);     /* cd or exit */
int run_builtin(struct command *c);    /* in this process: cd's status; exit never returns */
/* In a child: redirections, then the ( list ), built-in or program; never returns. */
void run_command_here(struct command *c) __attribute__((noreturn));

/* run.c: pipelines, jobs and lists */
extern int last_status;  /* $? */
extern int job_control;  /* this process is an interactive shell at the top */
int run_list(struct list *list);
void reap_background(void); /* reports finished background jobs */

#endif
