/* The shell: reads command lines from the console (prompting), a script or
 * sh -c's argument and runs each with user/sh/; docs/shell.md says what it understands. */
#include "sh.h"

static char line[LINE_MAX];
static struct token tokens[MAX_TOKENS];

/* Reads one line into line[], a byte at a time so that nothing after it is
 * taken from a descriptor shared with the commands. Returns 0, -1 at the end
 * of input, or 1 for a line too long to run (reported, and skipped whole). */
static int read_line(void) {
  int len = 0;
  char c;
  while (read(0, &c, 1) == 1) {
    if (len < LINE_MAX - 1)
      line[len] = c;
    len++;
    if (c == '\n')
      break;
  }
  if (len == 0)
    return -1;
  if (len > LINE_MAX - 1) {
    fprintf(2, "sh: line too long (more than %d characters), not run\n", LINE_MAX - 2);
    return 1;
  }
  line[len] = '\0';
  return 0;
}

static void run_line(void) {
  const char *error = lex(line, tokens);
  struct list *list = error ? 0 : parse(tokens, &error);
  if (error) {
    fprintf(2, "sh: %s\n", error);
    last_status = 2;
  } else if (list) {
    run_list(list);
  }
}

/* With a file argument, reads commands from it instead of standard input. */
static void redirect_input(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "sh: %s: %s\n", path, reason_open_failed(path, O_RDONLY));
    _exit(127);
  }
  close(0);
  dup(fd);
  close(fd);
}

static int reading_console(void) {
  struct stat st;
  return fstat(0, &st) == 0 && st.type == T_DEVICE;
}

/* sh -c 'commands': runs each line of text, then exits with the last status. */
static void run_text(const char *text) {
  while (*text) {
    const char *end = strchr(text, '\n');
    int len = end ? end - text : (int)strlen(text);
    if (len > LINE_MAX - 2) {
      fprintf(2, "sh: line too long (more than %d characters), not run\n", LINE_MAX - 2);
      last_status = 2;
    } else {
      memmove(line, text, len);
      line[len] = '\0';
      run_line();
    }
    text += end ? len + 1 : len;
  }
  _exit(last_status);
}

int main(int argc, char *argv[]) {
  int command = argc > 1 && strcmp(argv[1], "-c") == 0;
  if (argc > 2 + command || (command && argc != 3)) {
    fprintf(2, "usage: sh [-c commands | script]\n");
    _exit(2);
  }
  if (command)
    run_text(argv[2]);
  if (argc > 1)
    redirect_input(argv[1]);
  int interactive = reading_console();
  if (interactive) {
    job_control = 1;
    setpgid(0, 0);   /* a group of its own, apart from init's and its parent's jobs */
    tcsetpgrp(0, 0); /* while it reads, ^C only drops the line typed */
  }
  for (;;) {
    reap_background();
    if (interactive)
      write(2, "$ ", 2);
    int got = read_line();
    if (got < 0)
      break;
    if (got == 0)
      run_line();
  }
  if (interactive)
    write(2, "\n", 1); /* ^D left the cursor after the prompt */
  _exit(last_status);
}
