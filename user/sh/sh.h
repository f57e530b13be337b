/* The shell's shared types and limits: tokens, the command tree that parse.c
 * builds from them and run.c executes, and the calls between the parts. */
#ifndef MOO_SH_H
#define MOO_SH_H

#include "../../kernel/lib/errno.h" /* what lasterror() returns */
#include "cmd.h"
#include "machine.h" /* TICKS_PER_SECOND */

#define LINE_MAX 1024   /* bytes of a command line, newline and terminator included */
#define MAX_TOKENS 256  /* words and operators in one line */
#define MAX_ARGS 32     /* the kernel's MAXARG */
#define MAX_REDIRS 8    /* redirections of one command */
#define MAX_COMMANDS 64 /* commands in one line */
#define MAX_STAGES 32   /* commands in one pipeline (each is a process) */
#define MAX_DEPTH 8     /* nesting of ( ) */
#define PATH_CAP 128    /* the kernel's MAXPATH */
#define NAME_MAX 14     /* bytes of one path component; the kernel cuts longer ones */

/* Marks the lexer leaves in words for what is expanded when the command runs; typed
 * control characters ^A to ^E are refused, so they cannot be confused with these. */
#define STATUS_MARK '\x01' /* $? */
#define VAR_START '\x02'   /* $NAME or ${NAME}: VAR_START NAME VAR_END */
#define VAR_END '\x03'
#define GLOB_ANY '\x04' /* an unquoted * */
#define GLOB_ONE '\x05' /* an unquoted ? */
#define LAST_MARK '\x05'

#define MAX_FDS 16 /* descriptors of a process (the ABI promises at least 16) */

enum token_kind {
  TOK_WORD,
  TOK_PIPE,
  TOK_IN,
  TOK_OUT,
  TOK_APPEND,
  TOK_DUP,
  TOK_SEMI,
  TOK_AMP,
  TOK_AND,
  TOK_OR,
  TOK_OPEN,
  TOK_CLOSE,
  TOK_END
};

struct token {
  enum token_kind kind;
  int fd;     /* redirections: the descriptor redirected (N in N>, N<, N>&M) */
  char *word; /* TOK_WORD: the text, quotes removed, with the marks above; TOK_DUP: M */
};

struct redir {
  int fd;     /* the descriptor redirected */
  int flags;  /* open flags */
  int append; /* >>: start writing at the end */
  int from;   /* N>&M: M, the descriptor copied; -1 for a file */
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
 * '&', without waiting. `when` says whether it runs at all: always, or after the
 * previous pipeline succeeded (&&) or failed (||). */
enum run_when { RUN_ALWAYS, RUN_IF_OK, RUN_IF_FAILED };

struct pipeline {
  struct command *first;
  int nstages;
  int background;
  int timed; /* `time pipeline`: print how long it took */
  enum run_when when;
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

/* expand.c: shell variables, and words as the command runs them */
int is_assignment(const char *word);        /* NAME=value */
int assign(const char *word);               /* sets NAME; 0, or -1 after a message */
const char *get_variable(const char *name); /* its value, or 0 */
void set_last_job(int pid);                 /* $! */
/* Expands the words (variables, $?, * and ?) and redirection paths of c in place;
 * 0, or -1 after a message. */
int expand_command(struct command *c);

/* glob.c: the paths pattern (with GLOB_ANY and GLOB_ONE marks) matches, sorted, stored in
 * buf from *used on (up to cap) and listed in out (at most max); their count, or: */
#define GLOB_FULL -1     /* buf is full */
#define GLOB_TOO_MANY -2 /* more than max paths, or than glob can hold on the way */
int glob(const char *pattern, char **out, int max, char *buf, int *used, int cap);
/* The next used entry of the directory open on fd: its inode, its name in name (at least
 * NAME_MAX + 1 bytes); 0 at the end. */
int next_entry(int fd, char *name);

/* cwd.c: the shell's own idea of the current directory (cd's path, not the kernel's) */
int change_directory(const char *dir); /* cd; 0, or -1 after a message */

/* command.c: one command */
int is_builtin(struct command *c);   /* cd, exit, wait or only NAME=value words */
int run_builtin(struct command *c);  /* in this process: its status; exit never returns */
int name_too_long(const char *path); /* a component longer than NAME_MAX? (reported) */
/* In a child: redirections, then the ( list ), built-in or program; never returns. */
void run_command_here(struct command *c) __attribute__((noreturn));

/* run.c: pipelines, jobs and lists */
extern int last_status; /* $? */
extern int job_control; /* this process is an interactive shell at the top */
int run_list(struct list *list);
void reap_background(void);     /* reports finished background jobs */
int wait_background(int pid);   /* the wait built-in: pid, or -1 for every job */
int status_of(int wait_status); /* $? from a waitpid(..., WREASON) status */

#endif
