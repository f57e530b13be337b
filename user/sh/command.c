/* Running one command of the shell: redirections (>>, 2>, N>&M), the built-ins cd, exit,
 * wait and NAME=value, and exec with the reason it failed. */
#include "sh.h"

/* Moves fd's offset to the end of its file, so writes append. */
static void seek_to_end(int fd) {
  struct stat st;
  char buf[512];
  if (fstat(fd, &st) < 0 || st.type != T_FILE)
    return; /* a device would block instead of ending */
  while (read(fd, buf, sizeof(buf)) > 0)
    ;
}

int name_too_long(const char *path) {
  int len = 0;
  for (const char *s = path;; s++) {
    if (*s != '/' && *s != '\0') {
      len++;
      continue;
    }
    if (len > NAME_MAX) {
      fprintf(2, "sh: %s: name too long (at most %d bytes)\n", path, NAME_MAX);
      return 1;
    }
    if (*s == '\0')
      return 0;
    len = 0;
  }
}

/* Makes target a copy of descriptor from; 0, or -1 when from is not open. dup takes the
 * lowest free descriptor, so any free one below target is filled, then freed again. */
static int copy_descriptor(int from, int target) {
  int fillers[MAX_FDS], nfillers = 0, got;
  close(target);
  while ((got = dup(from)) >= 0 && got != target && nfillers < MAX_FDS)
    fillers[nfillers++] = got;
  while (nfillers > 0)
    close(fillers[--nfillers]);
  return got == target ? 0 : -1;
}

/* Opens r's file onto its descriptor; 0, or -1 after a message. */
static int redirect_to_file(struct redir *r) {
  if (name_too_long(r->path))
    return -1;
  int fd = open(r->path, r->flags);
  if (fd < 0) {
    fprintf(2, "sh: %s: %s\n", r->path, reason_open_failed(r->path, r->flags));
    return -1;
  }
  if (r->append)
    seek_to_end(fd);
  if (fd == r->fd)
    return 0;
  int err = copy_descriptor(fd, r->fd);
  close(fd);
  if (err < 0)
    fprintf(2, "sh: %s: cannot redirect to descriptor %d\n", r->path, r->fd);
  return err;
}

/* Applies the redirections in order (so `> f 2>&1` sends both to f); 0, or -1 after a message. */
static int apply_redirs(struct command *c) {
  for (int i = 0; i < c->nredirs; i++) {
    struct redir *r = &c->redirs[i];
    if (r->from < 0 && redirect_to_file(r) < 0)
      return -1;
    if (r->from >= 0 && r->from != r->fd && copy_descriptor(r->from, r->fd) < 0) {
      fprintf(2, "sh: %d>&%d: descriptor %d is not open\n", r->fd, r->from, r->from);
      return -1;
    }
  }
  return 0;
}

static int run_cd(struct command *c) {
  if (c->argc > 2) {
    fprintf(2, "sh: cd: too many arguments\n");
    return 1;
  }
  const char *home = get_variable("HOME");
  const char *dir = c->argc > 1 ? c->argv[1] : home && home[0] ? home : "/";
  return change_directory(dir) < 0 ? 1 : 0;
}

static int run_wait(struct command *c) {
  if (c->argc > 2 || (c->argc == 2 && atoi(c->argv[1]) <= 0)) {
    fprintf(2, "usage: wait [pid]\n");
    return 2;
  }
  return wait_background(c->argc == 2 ? atoi(c->argv[1]) : -1);
}

/* Sets every NAME=value word of c; 0, or 1 when one could not be set. */
static int run_assignments(struct command *c) {
  int status = 0;
  for (int i = 0; i < c->argc; i++)
    if (assign(c->argv[i]) < 0)
      status = 1;
  return status;
}

static int only_assignments(struct command *c) {
  for (int i = 0; i < c->argc; i++)
    if (!is_assignment(c->argv[i]))
      return 0;
  return 1;
}

int is_builtin(struct command *c) {
  if (c->group != 0 || c->argc == 0)
    return 0;
  const char *name = c->argv[0];
  return strcmp(name, "cd") == 0 || strcmp(name, "exit") == 0 || strcmp(name, "wait") == 0 ||
         only_assignments(c);
}

/* Runs a built-in (expanded already) in this process; returns its status. */
int run_builtin(struct command *c) {
  if (strcmp(c->argv[0], "cd") == 0)
    return run_cd(c);
  if (strcmp(c->argv[0], "wait") == 0)
    return run_wait(c);
  if (strcmp(c->argv[0], "exit") == 0)
    _exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
  return run_assignments(c);
}

/* Why exec failed, from the kernel's error code (kernel/lib/errno.h). */
static const char *exec_reason(int err) {
  switch (err) {
  case ENOEXEC:
    return "not a program (no ELF executable for this machine)";
  case E2BIG:
    return "arguments too long (at most 32, in one page)";
  case ENOMEM:
    return "out of memory";
  case EISDIR:
    return "is a directory";
  case ENOTDIR:
    return "a component of the path is not a directory";
  case ENAMETOOLONG:
    return "path too long";
  case EFAULT:
    return "bad address";
  default:
    return "cannot execute it";
  }
}

static void exec_program(char **argv) __attribute__((noreturn, noinline));

/* Executes argv; a bare name not found here is also tried in /. After a failure, says the
 * reason the kernel gave and exits as Unix shells do (127: not found, 126: not runnable).
 * Kept out of run_command_here: its path buffer would otherwise sit in the stack frame of
 * every ( ) level above a command. */
static void exec_program(char **argv) {
  char rooted[PATH_CAP];
  const char *name = argv[0];
  exec(name, argv);
  int err = lasterror();
  if (strchr(argv[0], '/') == 0 && strlen(argv[0]) + 2 <= PATH_CAP) {
    rooted[0] = '/';
    strcpy(rooted + 1, argv[0]);
    exec(rooted, argv);
    if (err == ENOENT) {
      err = lasterror();
      name = rooted;
    }
  }
  if (err == ENOENT) {
    fprintf(2, "sh: %s: not found\n", argv[0]);
    _exit(127);
  }
  if (err == EISDIR)
    fprintf(2, "sh: %s: is a directory\n", name);
  else
    fprintf(2, "sh: %s: cannot execute: %s\n", name, exec_reason(err));
  _exit(126);
}

void run_command_here(struct command *c) {
  if (expand_command(c) < 0 || apply_redirs(c) < 0)
    _exit(1);
  if (c->group)
    _exit(run_list(c->group));
  /* NAME=value before a program: moo has no environment, so they set this child's variables */
  while (c->argc > 0 && is_assignment(c->argv[0]) && !only_assignments(c)) {
    if (assign(c->argv[0]) < 0)
      _exit(1);
    memmove(c->argv, c->argv + 1, c->argc-- * sizeof(c->argv[0]));
  }
  if (c->argc == 0)
    _exit(0);
  if (is_builtin(c))
    _exit(run_builtin(c));
  exec_program(c->argv);
}
