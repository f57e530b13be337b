/* Checked output for moo's commands: writes that finish or say why not, a record of the
 * first failure on each descriptor (printf's writes included), and the exit that reports it. */
#include "../../kernel/lib/errno.h"
#include "cmd.h"
#include "kernel/fs.h"

#define TRACKED_FDS 16 /* the kernel's NOFILE */
#define MAX_FILE_BYTES (MAXFILE * BSIZE)
#define BROKEN_PIPE "broken pipe"

static const char *failure[TRACKED_FDS]; /* why the first failed write to each fd failed */
static char written[TRACKED_FDS];        /* a write to the fd was tried */

/* The kernel's error code says most; for ENOSPC the file's size tells whether the disk is full
 * or the file has reached the largest size a file can have. */
const char *reason_write_failed(int fd) {
  int err = lasterror(); /* first: the fstat below could fail and replace it */
  if (err == EPIPE)
    return BROKEN_PIPE;
  if (err == EBADF)
    return "bad file descriptor";
  if (err == EIO)
    return "input/output error";
  struct stat st;
  if (fstat(fd, &st) == 0 && st.type == T_FILE && st.size >= MAX_FILE_BYTES)
    return "file too large";
  return err == ENOSPC ? "no space left on device" : "the kernel refused it";
}

int write_all(int fd, const void *buf, int n) {
  int done = 0;
  if (fd >= 0 && fd < TRACKED_FDS)
    written[fd] = 1;
  while (done < n) {
    int put = write(fd, (const char *)buf + done, n - done);
    if (put <= 0) {
      if (fd >= 0 && fd < TRACKED_FDS && failure[fd] == 0)
        failure[fd] = reason_write_failed(fd);
      return -1;
    }
    done += put;
  }
  return 0;
}

int copy_all(int in, int out) {
  static char chunk[2048];
  for (;;) {
    int got = read(in, chunk, sizeof(chunk));
    if (got <= 0)
      return got == 0 ? 0 : COPY_READ_FAILED;
    if (write_all(out, chunk, got) < 0)
      return COPY_WRITE_FAILED;
  }
}

const char *write_failure(int fd) {
  return fd >= 0 && fd < TRACKED_FDS ? failure[fd] : 0;
}

/* A reader that left a pipe chose to stop reading (grep -q, for one): as SIGPIPE does in
 * Unix, the writer then ends without a message, but with status 1. */
int finish_output(const char *prog, int status) {
  const char *why = write_failure(1);
  if (why == 0 && written[1] && close(1) < 0)
    why = "cannot close standard output";
  if (why == 0)
    return status;
  if (strcmp(why, BROKEN_PIPE) != 0)
    fprintf(2, "%s: write error: %s\n", prog, why);
  return 1;
}

void exit_checked(const char *prog, int status) {
  _exit(finish_output(prog, status));
}
