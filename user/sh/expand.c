/* The shell's variables (NAME=value, $NAME, HOME) and the expansion of a command's words
 * when it runs: $?, variables, then * and ? against the directories named (glob.c). */
#include "sh.h"

#define MAX_VARIABLES 32
#define VAR_NAME_MAX 31
#define VAR_VALUE_MAX 255
#define EXPANDED_CAP 8192 /* more than exec's one page, so that limit is the one met */

struct variable {
  char name[VAR_NAME_MAX + 1];
  char value[VAR_VALUE_MAX + 1];
};

static struct variable variables[MAX_VARIABLES] = {{"HOME", "/"}};

static char expanded[EXPANDED_CAP];
static int expanded_used;
static char *words[MAX_ARGS + 1]; /* argv as it grows by * and ? */

/* The length of NAME in "NAME=value", or 0 when word is no assignment. */
static int assignment_name_length(const char *word) {
  int len = 0;
  while (word[len] == '_' || (word[len] >= 'a' && word[len] <= 'z') ||
         (word[len] >= 'A' && word[len] <= 'Z') ||
         (len > 0 && word[len] >= '0' && word[len] <= '9'))
    len++;
  return len > 0 && word[len] == '=' ? len : 0;
}

int is_assignment(const char *word) {
  return assignment_name_length(word) > 0;
}

static struct variable *find_variable(const char *name, int len) {
  for (int i = 0; i < MAX_VARIABLES; i++)
    if (variables[i].name[0] && (int)strlen(variables[i].name) == len &&
        memcmp(variables[i].name, name, len) == 0)
      return &variables[i];
  return 0;
}

const char *get_variable(const char *name) {
  struct variable *v = find_variable(name, strlen(name));
  return v ? v->value : 0;
}

/* The variable called name (len bytes), made when missing; 0 when the table is full. */
static struct variable *variable_slot(const char *name, int len) {
  struct variable *v = find_variable(name, len);
  for (int i = 0; v == 0 && i < MAX_VARIABLES; i++)
    if (variables[i].name[0] == '\0')
      v = &variables[i];
  if (v) {
    memmove(v->name, name, len);
    v->name[len] = '\0';
  }
  return v;
}

int assign(const char *word) {
  int len = assignment_name_length(word);
  const char *value = word + len + 1;
  if (len > VAR_NAME_MAX || strlen(value) > VAR_VALUE_MAX) {
    fprintf(2, "sh: %s: name or value too long (at most %d and %d bytes)\n", word, VAR_NAME_MAX,
            VAR_VALUE_MAX);
    return -1;
  }
  struct variable *v = variable_slot(word, len);
  if (v == 0) {
    fprintf(2, "sh: %s: too many variables (at most %d)\n", word, MAX_VARIABLES);
    return -1;
  }
  strcpy(v->value, value);
  return 0;
}

static int format_int(int n, char *out);

void set_last_job(int pid) {
  struct variable *v = variable_slot("!", 1);
  if (v)
    format_int(pid, v->value);
}

/* Appends n bytes to the expansion buffer; -1 when it is full. */
static int put(const char *s, int n) {
  if (expanded_used + n + 1 > EXPANDED_CAP)
    return -1;
  memmove(expanded + expanded_used, s, n);
  expanded_used += n;
  return 0;
}

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

/* word with $? and variables replaced, in the expansion buffer (glob marks kept);
 * 0 when the buffer is full. */
static char *substitute(const char *word) {
  char *start = expanded + expanded_used;
  char status[12];
  int status_len = format_int(last_status, status);
  for (const char *s = word; *s != '\0'; s++) {
    int failed;
    if (*s == STATUS_MARK) {
      failed = put(status, status_len);
    } else if (*s == VAR_START) {
      const char *name = ++s;
      while (*s != VAR_END)
        s++;
      struct variable *v = find_variable(name, s - name);
      failed = v ? put(v->value, strlen(v->value)) : 0;
    } else {
      failed = put(s, 1);
    }
    if (failed)
      return 0;
  }
  if (put("", 1) < 0)
    return 0;
  expanded_used++;
  return start;
}

static int has_glob(const char *word) {
  return strchr(word, GLOB_ANY) != 0 || strchr(word, GLOB_ONE) != 0;
}

/* The word as typed: glob marks back to * and ?, for a pattern nothing matched. */
static void unmark(char *word) {
  for (; *word; word++)
    if (*word == GLOB_ANY || *word == GLOB_ONE)
      *word = *word == GLOB_ANY ? '*' : '?';
}

#define TOO_MANY "too many arguments once * and ? are expanded (at most 32)"
#define TOO_LONG "the command is too long once $?, variables, * and ? are expanded"

/* Adds word's expansion to words[*count]; 0, or the message of what went wrong. */
static const char *expand_word(const char *word, int *count) {
  char *text = substitute(word);
  if (text == 0)
    return TOO_LONG;
  if (has_glob(text)) {
    int found =
        glob(text, words + *count, MAX_ARGS - *count, expanded, &expanded_used, EXPANDED_CAP);
    if (found == GLOB_FULL)
      return TOO_LONG;
    if (found == GLOB_TOO_MANY)
      return TOO_MANY;
    if (found > 0) {
      *count += found;
      return 0;
    }
    unmark(text);
  }
  if (*count == MAX_ARGS)
    return TOO_MANY;
  words[(*count)++] = text;
  return 0;
}

int expand_command(struct command *c) {
  expanded_used = 0;
  int count = 0;
  const char *error = 0;
  for (int i = 0; i < c->argc && !error; i++)
    error = expand_word(c->argv[i], &count);
  for (int i = 0; i < c->nredirs && !error; i++) {
    if (c->redirs[i].path == 0)
      continue;
    char *path = substitute(c->redirs[i].path);
    if (path == 0) {
      error = TOO_LONG;
      break;
    }
    unmark(path); /* a file name is never a pattern */
    c->redirs[i].path = path;
  }
  if (error) {
    fprintf(2, "sh: %s\n", error);
    return -1;
  }
  memmove(c->argv, words, count * sizeof(words[0]));
  c->argc = count;
  c->argv[count] = 0;
  return 0;
}
