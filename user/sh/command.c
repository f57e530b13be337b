/* Running one command of the shell: $? expansion, redirections (>> included),
 * the built-ins cd and exit, and exec with a message saying why it failed. */
#include "sh.h"

#define PATH_CAP 128 /* the kernel's MAXPATH */
#define EXPANDED_CAP (2 * LINE_MAX)

static char expanded[EXPANDED_CAP];
static int expanded_used;

/* Writes n in decimal to out (at least 12 bytes); returns the length. */
static int format_int(int n, char *out) {
  char digits[12];
  unsigned int u = n < 0 ? 0u - (unsigned int)n : (unsigned int)n;
  int len = 0, count = 0;
  do {
    digits[count++] = '0' + u % 10;
    u /= 10;
  } while (u);
  if (n < 0)
    out[len++] = '-';
  while (count > 0)
    out[len++] = digits[--count];
  out[len] = '\0';
  return len;
}

/* word with every $? replaced by the last status, in the expansion buffer;
 * 0 when the buffer is full. */
static char *expand(const char *word) {
  char status[12];
  int status_len = format_int(last_status, status);
  char *start = expanded + expanded_used;
  int used = expanded_used;
  for (; *word != '\0'; word++) {
    int need = *word == STATUS_MARK ? status_len : 1;
    if (used + need + 1 > EXPANDED_CAP)
      return 0;
    if (*word == STATUS_MARK)
      memmove(expanded + used, status, status_len);
    else
      expanded[used] = *word;
    used += need;
  }
  expanded[used++] = '\0';
  expanded_used = used;
  return start;
}

/* Expands the words and redirection paths of c in place; 0, or -1 after a message. */
int expand_command(struct command *c) {
  expanded_used = 0;
  for (int i = 0; i < c->argc; i++)
    if ((c->argv[i] = expand(c->argv[i])) == 0)
      goto too_long;
  for (int i = 0; i < c->nredirs; i++)
    if ((c->redirs[i].path = expand(c->redirs[i].path)) == 0)
      goto too_long;
  return 0;
too_long:
  fprintf(2, "sh: the command is too long once $? is expanded\n");
  return -1;
}

/* Moves fd's offset to the end of its file, so writes append. */
static void seek_to_end(int fd) {
  struct stat st;
  char buf[512];
  if (fstat(fd, &st) < 0 || st.type != T_FILE)
    return; /* a device would block instead of ending */
  while (read(fd, buf, sizeof(buf)) > 0)
    ;
}

/* Opens each redirection onto its descriptor; 0, or -1 after a message. */
int apply_redirs(struct command *c) {
  for (int i = 0; i < c->nredirs; i++) {
    struct redir *r = &c->redirs[i];
    int fd = open(r->path, r->flags);
    if (fd < 0) {
      fprintf(2, "sh: %s: %s\n", r->path, reason_open_failed(r->path, r->flags));
      return -1;
    }
    if (r->append)
      seek_to_end(fd);
    if (fd == r->fd)
      continue;
    close(r->fd);
    int got = dup(fd);
    close(fd);
    if (got != r->fd) {
      fprintf(2, "sh: %s: cannot redirect to descriptor %d\n", r->path, r->fd);
      return -1;
    }
  }
  return 0;
}

static int run_cd(struct command *c) {
  const char *dir = c->argc > 1 ? c->argv[1] : "/";
  if (c->argc > 2) {
    fprintf(2, "sh: cd: too many arguments\n");
    return 1;
  }
  if (chdir(dir) == 0)
    return 0;
  const char *why = reason_open_failed(dir, O_RDONLY);
  if (strcmp(why, "cannot open it") == 0)
    why = "not a directory";
  fprintf(2, "sh: cd: %s: %s\n", dir, why);
  return 1;
}

int is_builtin(struct command *c) {
  return c->group == 0 && c->argc > 0 &&
         (strcmp(c->argv[0], "cd") == 0 || strcmp(c->argv[0], "exit") == 0);
}

/* Runs cd or exit (expanded already) in this process; returns cd's status. */
int run_builtin(struct command *c) {
  if (strcmp(c->argv[0], "cd") == 0)
    return run_cd(c);
  _exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
}

static void explain_exec_failure(const char *name, const char *rooted) __attribute__((noreturn));
/* Kept out of run_command_here: its path buffer would otherwise sit in the
 * stack frame of every ( ) level above a command. */
static void exec_program(char **argv) __attribute__((noreturn, noinline));

/* After exec failed: says why, and exits as Unix shells do (127: not found). */
static void explain_exec_failure(const char *name, const char *rooted) {
  struct stat st;
  const char *found = stat(name, &st) == 0 ? name : 0;
  if (!found && rooted[0] && stat(rooted, &st) == 0)
    found = rooted;
  if (!found) {
    fprintf(2, "sh: %s: not found\n", name);
    _exit(127);
  }
  if (st.type == T_DIR)
    fprintf(2, "sh: %s: is a directory\n", found);
  else
    fprintf(2, "sh: %s: cannot execute (not a program, arguments too long, or out of memory)\n",
            found);
  _exit(126);
}

/* Executes argv; a bare name not found here is also tried in /. */
static void exec_program(char **argv) {
  char rooted[PATH_CAP] = "";
  exec(argv[0], argv);
  if (strchr(argv[0], '/') == 0 && strlen(argv[0]) + 2 <= PATH_CAP) {
    rooted[0] = '/';
    strcpy(rooted + 1, argv[0]);
    exec(rooted, argv);
  }
  explain_exec_failure(argv[0], rooted);
}

void run_command_here(struct command *c) {
  if (expand_command(c) < 0 || apply_redirs(c) < 0)
    _exit(1);
  if (c->group)
    _exit(run_list(c->group));
  if (c->argc == 0)
    _exit(0);
  if (is_builtin(c))
    _exit(run_builtin(c));
  exec_program(c->argv);
}
