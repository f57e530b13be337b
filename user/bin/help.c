/* help [command...]: one line on each command (or on each one named): what it is called
 * with and what it does. The table below is the list; docs/shell.md says more. */
#include "cmd.h"

#define USAGE "help [command...]"

struct topic {
  const char *name;
  const char *synopsis;
  const char *does;
};

static const struct topic topics[] = {
    {"cat", "cat [file...]", "copies files (-: standard input) to standard output"},
    {"cd", "cd [dir]", "(built into sh) changes the current directory; default /"},
    {"cp", "cp source... target", "copies files, into a directory when target is one"},
    {"dedup_reader", "dedup_reader", "shows dedup() merging identical pages"},
    {"dedup_writer", "dedup_writer", "shows merged pages copied again when written"},
    {"echo", "echo [-n] [word...]", "prints the words; -n: no newline"},
    {"exit", "exit [status]", "(built into sh) ends the shell"},
    {"false", "false", "does nothing, with status 1"},
    {"free", "free", "the machine's memory frames: total, free, shared"},
    {"fuzz", "fuzz ...", "test tool: the system-call fuzzer"},
    {"grep", "grep [-ivcnqwx] [-e pattern]... [pattern] [file...]", "lines matching a pattern"},
    {"help", "help [command...]", "this list, or the lines of the commands named"},
    {"inject", "inject every seed prog...", "test tool: runs prog under allocation failures"},
    {"kill", "kill [-9] pid...", "ends processes"},
    {"kstat", "kstat [-d]", "the kernel's leak counters (-d: dedup first)"},
    {"ln", "ln target name", "gives a file a second name"},
    {"ls", "ls [path...]", "name, type, inode and size of files and directory entries"},
    {"mkdir", "mkdir [-p] dir...", "makes directories; -p: parents too, and no error if there"},
    {"mv", "mv source... target", "renames files, into a directory when target is one"},
    {"pmap", "pmap [pid]", "a process's memory regions"},
    {"poweroff", "poweroff", "switches the machine off"},
    {"ps", "ps", "every process: pid, parent, group, state, memory, name"},
    {"pwd", "pwd", "prints the current directory"},
    {"rm", "rm [-rf] path...",
     "removes files; -r: directories with all in them; -f: no error "
     "if missing"},
    {"rmdir", "rmdir dir...", "removes empty directories"},
    {"sh", "sh [-c commands] [file]", "the shell; runs the commands given, or file's"},
    {"sleep", "sleep seconds", "waits (tenths allowed: sleep 0.5)"},
    {"time", "time pipeline", "(built into sh) runs it, then prints how long it took"},
    {"touch", "touch file...", "creates empty files (a file already there is kept)"},
    {"true", "true", "does nothing, with status 0"},
    {"wait", "wait [pid]", "(built into sh) waits for a background job, or for all"},
    {"wc", "wc [-lwc] [file...]", "counts lines, words and bytes"},
};

#define NTOPICS ((int)(sizeof(topics) / sizeof(topics[0])))

static void show(const struct topic *t) {
  fprintf(1, "%-20s %s\n", t->synopsis, t->does);
}

static int show_named(const char *name) {
  for (int i = 0; i < NTOPICS; i++) {
    if (strcmp(topics[i].name, name) == 0) {
      show(&topics[i]);
      return 0;
    }
  }
  fprintf(2, "help: %s: no such command (help lists them all)\n", name);
  return -1;
}

int main(int argc, char *argv[]) {
  char flags[128];
  int first = parse_options(argc, argv, "", flags, USAGE);
  if (first < 0)
    _exit(2);
  int status = 0;
  for (int i = first; i < argc; i++)
    if (show_named(argv[i]) < 0)
      status = 1;
  for (int i = 0; first == argc && i < NTOPICS; i++)
    show(&topics[i]);
  exit_checked("help", status);
}
