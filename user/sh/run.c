/* Running the shell's lists and pipelines, and job control: which process
 * group each job is in, and which group the console's ^C kills. */
#include "sh.h"

/* An interactive shell gives each job a process group of its own, made the
 * console's foreground group while the shell waits for it, so ^C kills the
 * job and not the shell (docs/shell.md). The shell itself forks every stage
 * of a pipeline, so a long pipeline costs no stack depth. */

int last_status;
int job_control;

/* The stages of the pipeline being started or waited for. Static, not on the
 * stack: a child running a ( ) keeps its parent's frames, so every byte of a
 * frame on that path counts once per level of nesting. */
static int stage_pids[MAX_STAGES];

/* The background jobs started and not yet reaped, oldest first: `wait` makes each in turn the
 * console's foreground, so that ^C ends the job waited for instead of leaving the shell
 * stuck. A child of the shell forgets them: they are not its children. */
#define MAX_JOBS 64
static int jobs[MAX_JOBS];
static int njobs;

static void job_started(int pid) {
  if (njobs < MAX_JOBS)
    jobs[njobs++] = pid;
}

static void job_ended(int pid) {
  for (int i = 0; i < njobs; i++) {
    if (jobs[i] == pid) {
      memmove(jobs + i, jobs + i + 1, (njobs - i - 1) * sizeof(jobs[0]));
      njobs--;
      return;
    }
  }
}

/* Closes fd unless it is -1. */
static void close_if_open(int fd) {
  if (fd >= 0)
    close(fd);
}

/* Makes old the descriptor target in this (child) process. */
static void move_fd(int old, int target) {
  if (old < 0 || old == target)
    return;
  close(target);
  dup(old);
  close(old);
}

/* In a new child: joins the job's group (a new one led by this process when
 * pgid is 0) and gives up job control, which is only for the shell itself. */
static void enter_job(int pgid) {
  njobs = 0;
  if (job_control)
    setpgid(0, pgid);
  job_control = 0;
}

/* In the shell, after forking pid into the job: the same, from this side, so
 * that the group is right whichever process runs first. Returns the job's group. */
static int add_to_job(int pid, int pgid) {
  if (!job_control)
    return 0;
  if (pgid == 0)
    pgid = pid;
  setpgid(pid, pgid);
  return pgid;
}

/* Forks one stage reading in_fd (-1: the shell's input) and writing out_fd
 * (-1: the shell's output); other_fd is the next stage's end of its pipe, which
 * the child must not keep open. Returns the pid, or -1. */
static int start_stage(struct command *c, int pgid, int in_fd, int out_fd, int other_fd) {
  int pid = fork();
  if (pid == 0) {
    enter_job(pgid);
    close_if_open(other_fd);
    move_fd(in_fd, 0);
    move_fd(out_fd, 1);
    run_command_here(c);
  }
  return pid;
}

int status_of(int wait_status) {
  int signal = wait_status & 0x7f;
  return signal ? 128 + signal : (wait_status >> 8) & 0xff;
}

/* Waits for each pid in order; returns $? for the last. */
static int wait_stages(int *pids, int n) {
  int status = 1 << 8;
  for (int i = 0; i < n; i++) {
    status = 1 << 8;
    waitpid(pids[i], &status, WREASON);
  }
  return status_of(status);
}

/* Prints `time`'s line: the real time since start (uptime ticks). */
static void report_time(int start) {
  int ticks = uptime() - start;
  fprintf(2, "real %d.%02ds\n", ticks / TICKS_PER_SECOND,
          ticks % TICKS_PER_SECOND * 100 / TICKS_PER_SECOND);
}

/* Starts the stages of line, each piped into the next; returns how many
 * started (all, unless fork or pipe failed) and their pids in pids. */
static int start_pipeline(struct pipeline *line, int *pids) {
  int started = 0, pgid = 0, in_fd = -1;
  for (struct command *c = line->first; c != 0; c = c->next_stage) {
    int fds[2] = {-1, -1};
    if (c->next_stage && pipe(fds) < 0) {
      fprintf(2, "sh: cannot make a pipe (too many open files?)\n");
      break;
    }
    int pid = start_stage(c, pgid, in_fd, fds[1], fds[0]);
    close_if_open(in_fd);
    close_if_open(fds[1]);
    in_fd = fds[0];
    if (pid < 0) {
      fprintf(2, "sh: fork failed (too many processes?)\n");
      break;
    }
    pgid = add_to_job(pid, pgid);
    if (started == 0 && job_control)
      tcsetpgrp(0, pgid); /* before waiting, so ^C reaches the job from now on */
    pids[started++] = pid;
  }
  close_if_open(in_fd);
  return started;
}

/* Runs a pipeline and waits for it; returns the last stage's status. */
static int run_untimed(struct pipeline *line) {
  struct command *c = line->first;
  if (line->nstages == 1 && is_builtin(c) && c->nredirs == 0)
    return expand_command(c) < 0 ? 1 : run_builtin(c);
  int started = start_pipeline(line, stage_pids);
  if (started < line->nstages) /* a half-built pipeline would wait forever */
    for (int i = 0; i < started; i++)
      kill(stage_pids[i]);
  int status = wait_stages(stage_pids, started);
  if (job_control)
    tcsetpgrp(0, 0); /* the shell reads the console again: ^C kills no one */
  return started < line->nstages ? 1 : status;
}

static int run_foreground(struct pipeline *line) {
  int start = uptime();
  int status = run_untimed(line);
  if (line->timed)
    report_time(start);
  return status;
}

/* Starts line without waiting: one child, a group of its own, which runs the
 * command itself or, for a pipeline, waits for the stages as a shell would. */
static void run_background(struct pipeline *line) {
  int pid = fork();
  if (pid == 0) {
    enter_job(0);
    if (line->nstages == 1)
      run_command_here(line->first);
    _exit(run_foreground(line));
  }
  if (pid < 0) {
    fprintf(2, "sh: fork failed (too many processes?)\n");
    return;
  }
  add_to_job(pid, 0);
  set_last_job(pid);
  job_started(pid);
  if (job_control)
    fprintf(2, "[%d]\n", pid);
}

int run_list(struct list *list) {
  for (struct pipeline *line = list->first; line != 0; line = line->next) {
    if ((line->when == RUN_IF_OK && last_status != 0) ||
        (line->when == RUN_IF_FAILED && last_status == 0))
      continue; /* && or || skips it; $? stays */
    if (line->background) {
      run_background(line);
      last_status = 0;
    } else {
      last_status = run_foreground(line);
    }
  }
  return last_status;
}

/* How a job ended, for `[pid] ...` (kernel/proc/proc.h: the KILL_* numbers). */
static void report_end(int pid, int wait_status) {
  static const char *killed_by[16] = {[2] = "interrupted",
                                      [4] = "killed: illegal instruction",
                                      [11] = "killed: memory fault",
                                      [15] = "terminated"};
  int signal = wait_status & 0x7f;
  if (signal == 0)
    fprintf(2, "[%d] done, status %d\n", pid, status_of(wait_status));
  else if (signal < 16 && killed_by[signal])
    fprintf(2, "[%d] %s\n", pid, killed_by[signal]);
  else
    fprintf(2, "[%d] killed (%d)\n", pid, signal);
}

void reap_background(void) {
  int pid, status;
  while ((pid = waitpid(-1, &status, WNOHANG | WREASON)) > 0) {
    job_ended(pid);
    if (job_control)
      report_end(pid, status);
  }
}

/* Waits for target (-1: any child) with its group in the console's foreground, so ^C ends it. */
static int wait_in_foreground(int target, int *status) {
  if (job_control && target > 0)
    tcsetpgrp(0, target); /* a background job leads its own group */
  int got = waitpid(target, status, WREASON);
  if (job_control)
    tcsetpgrp(0, 0);
  return got;
}

int wait_background(int pid) {
  int status = 0, got, last = 0;
  for (;;) {
    int target = pid > 0 ? pid : njobs > 0 ? jobs[0] : -1;
    got = wait_in_foreground(target, &status);
    if (got < 0 && pid < 0 && target > 0) {
      job_ended(target); /* gone already, reaped by someone else */
      continue;
    }
    if (got <= 0)
      break;
    job_ended(got);
    if (job_control)
      report_end(got, status);
    last = status_of(status);
    if (pid > 0)
      return last;
  }
  if (pid > 0) {
    fprintf(2, "sh: wait: %d is not a job of this shell\n", pid);
    return 127;
  }
  return last;
}
