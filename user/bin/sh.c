/* The shell: reads command lines, parses each into a command tree (pipes,
 * redirections, ';', '&', parentheses) by recursive descent, and runs it. */
#include "user.h"

#define LINE_MAX 512
#define MAX_TOKENS 256
#define MAX_NODES 64
#define MAX_ARGS 32 /* the kernel's MAXARG */
#define MAX_REDIRS 8
#define PATH_MAX 128

/* ---- tokens ---- */

enum token_kind {
  TOK_WORD,
  TOK_PIPE,
  TOK_IN,
  TOK_OUT,
  TOK_SEMI,
  TOK_AMP,
  TOK_OPEN,
  TOK_CLOSE,
  TOK_END
};

struct token {
  enum token_kind kind;
  char *word; /* TOK_WORD only */
};

/* ---- command tree ---- */

enum node_kind {
  NODE_EXEC,  /* argv with redirections */
  NODE_PIPE,  /* left | right */
  NODE_SEQ,   /* left ; right */
  NODE_BACK,  /* left & */
  NODE_GROUP, /* ( left ) with redirections */
};

struct redir {
  int fd;    /* 0 or 1 */
  int flags; /* open flags */
  char *path;
};

struct node {
  enum node_kind kind;
  struct node *left;
  struct node *right;
  int argc;
  char *argv[MAX_ARGS + 1];
  int nredirs;
  struct redir redirs[MAX_REDIRS];
};

struct parser {
  struct token *tokens;
  int pos;
  const char *error; /* first error seen, or 0 */
};

static char line[LINE_MAX];
static char word_store[2 * LINE_MAX];
static struct token tokens[MAX_TOKENS];
static struct node nodes[MAX_NODES];
static int nodes_used;

/* ---- lexing ---- */

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int special_kind(char c) {
  switch (c) {
  case '|':
    return TOK_PIPE;
  case '<':
    return TOK_IN;
  case '>':
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

/* Copies one word starting at *src into *dst, handling '...' and "..." quotes;
 * advances both. Returns 0, or -1 on an unterminated quote. */
static int lex_word(const char **src, char **dst) {
  const char *s = *src;
  char *d = *dst;
  while (*s != '\0' && !is_space(*s) && special_kind(*s) < 0) {
    if (*s == '"' || *s == '\'') {
      char quote = *s++;
      while (*s != '\0' && *s != quote)
        *d++ = *s++;
      if (*s != quote)
        return -1;
      s++;
    } else {
      *d++ = *s++;
    }
  }
  *d++ = '\0';
  *src = s;
  *dst = d;
  return 0;
}

/* Splits text into tokens ending with TOK_END; returns 0 or an error message. */
static const char *lex(const char *text) {
  char *store = word_store;
  int n = 0;
  for (;;) {
    while (is_space(*text))
      text++;
    if (n == MAX_TOKENS - 1)
      return "too many words";
    if (*text == '\0' || *text == '#') {
      tokens[n].kind = TOK_END;
      return 0;
    }
    int kind = special_kind(*text);
    if (kind >= 0) {
      tokens[n++].kind = kind;
      text++;
      continue;
    }
    tokens[n].kind = TOK_WORD;
    tokens[n].word = store;
    if (lex_word(&text, &store) < 0)
      return "unterminated quote";
    n++;
  }
}

/* ---- parsing ---- */

static enum token_kind peek(struct parser *p) {
  return p->tokens[p->pos].kind;
}

static struct token *next(struct parser *p) {
  return &p->tokens[p->pos++];
}

static struct node *fail(struct parser *p, const char *message) {
  if (p->error == 0)
    p->error = message;
  return 0;
}

static struct node *new_node(struct parser *p, enum node_kind kind, struct node *left,
                             struct node *right) {
  if (nodes_used == MAX_NODES)
    return fail(p, "command too complex");
  struct node *n = &nodes[nodes_used++];
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->left = left;
  n->right = right;
  return n;
}

/* redirection := ('<' | '>') WORD */
static int parse_redir(struct parser *p, struct node *n) {
  int input = next(p)->kind == TOK_IN;
  if (peek(p) != TOK_WORD) {
    fail(p, "missing file name after < or >");
    return -1;
  }
  if (n->nredirs == MAX_REDIRS) {
    fail(p, "too many redirections");
    return -1;
  }
  struct redir *r = &n->redirs[n->nredirs++];
  r->fd = input ? 0 : 1;
  r->flags = input ? O_RDONLY : O_WRONLY | O_CREATE | O_TRUNC;
  r->path = next(p)->word;
  return 0;
}

static int at_redir(struct parser *p) {
  return peek(p) == TOK_IN || peek(p) == TOK_OUT;
}

static struct node *parse_list(struct parser *p);

/* group := '(' list ')' redirection* */
static struct node *parse_group(struct parser *p) {
  next(p);
  struct node *inner = parse_list(p);
  if (inner == 0)
    return fail(p, "empty or bad ( )");
  if (peek(p) != TOK_CLOSE)
    return fail(p, "missing )");
  next(p);
  struct node *n = new_node(p, NODE_GROUP, inner, 0);
  while (n != 0 && at_redir(p)) {
    if (parse_redir(p, n) < 0)
      return 0;
  }
  return n;
}

/* simple := (WORD | redirection)+ */
static struct node *parse_simple(struct parser *p) {
  struct node *n = new_node(p, NODE_EXEC, 0, 0);
  if (n == 0)
    return 0;
  for (;;) {
    if (peek(p) == TOK_WORD) {
      if (n->argc == MAX_ARGS)
        return fail(p, "too many arguments");
      n->argv[n->argc++] = next(p)->word;
    } else if (at_redir(p)) {
      if (parse_redir(p, n) < 0)
        return 0;
    } else {
      break;
    }
  }
  if (n->argc == 0 && n->nredirs == 0)
    return fail(p, "syntax error");
  return n;
}

/* pipeline := (group | simple) ('|' pipeline)? */
static struct node *parse_pipeline(struct parser *p) {
  struct node *left = peek(p) == TOK_OPEN ? parse_group(p) : parse_simple(p);
  if (left == 0 || peek(p) != TOK_PIPE)
    return left;
  next(p);
  struct node *right = parse_pipeline(p);
  if (right == 0)
    return 0;
  return new_node(p, NODE_PIPE, left, right);
}

/* list := (pipeline ('&' | ';')?)*, up to the end or a ')'; 0 when empty. */
static struct node *parse_list(struct parser *p) {
  struct node *list = 0;
  while (peek(p) != TOK_END && peek(p) != TOK_CLOSE) {
    struct node *job = parse_pipeline(p);
    if (job == 0)
      return 0;
    if (peek(p) == TOK_AMP) {
      next(p);
      job = new_node(p, NODE_BACK, job, 0);
    } else if (peek(p) == TOK_SEMI) {
      next(p);
    } else if (peek(p) != TOK_END && peek(p) != TOK_CLOSE) {
      return fail(p, "syntax error");
    }
    list = list == 0 ? job : new_node(p, NODE_SEQ, list, job);
    if (list == 0)
      return 0;
  }
  return list;
}

/* Parses the whole token list; 0 with p->error set on error, or 0 if empty. */
static struct node *parse(struct parser *p) {
  struct node *tree = parse_list(p);
  if (p->error == 0 && peek(p) != TOK_END)
    return fail(p, "unexpected )");
  return p->error != 0 ? 0 : tree;
}

/* ---- running ---- */

static int run(struct node *n);

/* Waits for pid, reaping any finished background jobs along the way. */
static int wait_for(int pid) {
  for (;;) {
    int status = 0;
    int done = waitpid(-1, &status, 0);
    if (done == pid)
      return status;
    if (done < 0)
      return -1;
  }
}

static void apply_redirs(struct node *n) {
  for (int i = 0; i < n->nredirs; i++) {
    struct redir *r = &n->redirs[i];
    int fd = open(r->path, r->flags);
    if (fd < 0) {
      fprintf(2, "sh: cannot open %s\n", r->path);
      _exit(1);
    }
    if (fd == r->fd)
      continue;
    close(r->fd);
    if (dup(fd) != r->fd) {
      fprintf(2, "sh: cannot redirect to %s\n", r->path);
      _exit(1);
    }
    close(fd);
  }
}

/* Runs "cd" and "exit"; returns 1 if argv named a built-in. */
static int run_builtin(struct node *n, int *status) {
  if (strcmp(n->argv[0], "cd") == 0) {
    const char *dir = n->argc > 1 ? n->argv[1] : "/";
    *status = chdir(dir) < 0 ? 1 : 0;
    if (*status != 0)
      fprintf(2, "cd: cannot cd %s\n", dir);
    return 1;
  }
  if (strcmp(n->argv[0], "exit") == 0)
    _exit(n->argc > 1 ? atoi(n->argv[1]) : 0);
  return 0;
}

/* Executes argv; a bare name not found here is also tried in /. */
static void exec_program(char **argv) {
  exec(argv[0], argv);
  if (strchr(argv[0], '/') == 0 && strlen(argv[0]) + 2 <= PATH_MAX) {
    char path[PATH_MAX];
    path[0] = '/';
    strcpy(path + 1, argv[0]);
    exec(path, argv);
  }
}

static void run_here(struct node *n) __attribute__((noreturn));

/* Child side of a pipe: makes pipe end fds[fd] (0 read, 1 write) its fd, then runs n. */
static void run_pipe_end(struct node *n, int fd, int fds[2]) {
  close(fd);
  dup(fds[fd]);
  close(fds[0]);
  close(fds[1]);
  run_here(n);
}

/* Runs left | right in two children; returns the right side's status. */
static int run_pipe(struct node *n) {
  int fds[2];
  if (pipe(fds) < 0) {
    fprintf(2, "sh: pipe failed\n");
    return 1;
  }
  int left = fork();
  if (left == 0)
    run_pipe_end(n->left, 1, fds);
  int right = left < 0 ? -1 : fork();
  if (right == 0)
    run_pipe_end(n->right, 0, fds);
  close(fds[0]);
  close(fds[1]);
  if (left < 0 || right < 0)
    fprintf(2, "sh: fork failed\n");
  int status = 1;
  int children = (left > 0) + (right > 0);
  while (children > 0) {
    int st = 0;
    int done = waitpid(-1, &st, 0);
    if (done < 0)
      break;
    if (done == right)
      status = st;
    if (done == left || done == right)
      children--;
  }
  return status;
}

/* Runs n in this (child) process and exits with its status. */
static void run_here(struct node *n) {
  int status = 0;
  switch (n->kind) {
  case NODE_EXEC:
    apply_redirs(n);
    if (n->argc == 0)
      _exit(0);
    if (run_builtin(n, &status))
      _exit(status);
    exec_program(n->argv);
    fprintf(2, "exec %s failed\n", n->argv[0]);
    _exit(1);
  case NODE_GROUP:
    apply_redirs(n);
    _exit(run(n->left));
  case NODE_PIPE:
    _exit(run_pipe(n));
  default:
    _exit(run(n));
  }
}

/* Forks a child running n; returns its pid or -1. */
static int spawn(struct node *n) {
  int pid = fork();
  if (pid == 0)
    run_here(n);
  if (pid < 0)
    fprintf(2, "sh: fork failed\n");
  return pid;
}

/* Runs n from this process, waiting for it unless backgrounded; returns its status. */
static int run(struct node *n) {
  int status = 0;
  switch (n->kind) {
  case NODE_SEQ:
    run(n->left);
    return run(n->right);
  case NODE_BACK:
    return spawn(n->left) < 0 ? 1 : 0;
  case NODE_EXEC:
    if (n->argc > 0 && n->nredirs == 0 && run_builtin(n, &status))
      return status;
    /* fall through */
  default: {
    int pid = spawn(n);
    return pid < 0 ? 1 : wait_for(pid);
  }
  }
}

/* ---- reading ---- */

/* Reads one line into line[]; returns -1 at end of input. Over-long lines are
 * reported and skipped (returned as empty). */
static int read_line(void) {
  gets(line, LINE_MAX);
  int len = strlen(line);
  if (len == 0)
    return -1;
  if (line[len - 1] == '\n' || line[len - 1] == '\r' || len < LINE_MAX - 1)
    return 0;
  fprintf(2, "sh: line too long\n");
  while (len == LINE_MAX - 1 && line[len - 1] != '\n') {
    gets(line, LINE_MAX);
    len = strlen(line);
  }
  line[0] = '\0';
  return 0;
}

static void run_line(void) {
  struct parser p = {tokens, 0, 0};
  p.error = lex(line);
  nodes_used = 0;
  struct node *tree = p.error == 0 ? parse(&p) : 0;
  if (p.error != 0)
    fprintf(2, "sh: %s\n", p.error);
  else if (tree != 0)
    run(tree);
}

/* With a file argument, reads commands from it instead of the console. */
static void redirect_input(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "sh: cannot open %s\n", path);
    _exit(1);
  }
  close(0);
  dup(fd);
  close(fd);
}

static int interactive(void) {
  struct stat st;
  return fstat(0, &st) == 0 && st.type == T_DEVICE;
}

int main(int argc, char *argv[]) {
  if (argc > 1)
    redirect_input(argv[1]);
  int prompt = interactive();
  for (;;) {
    if (prompt)
      write(2, "$ ", 2);
    if (read_line() < 0)
      break;
    run_line();
  }
  _exit(0);
}
