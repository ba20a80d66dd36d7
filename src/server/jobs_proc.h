/*
 * jobs_proc.h - the judge processes of jobs.c (jobs_proc.c): one forked
 * process per judge worker, judging one submission at a time over a Unix
 * socket, so the sandbox is never entered from the threaded server.
 *
 * Ownership: struct tu_judge_proc owns its socket and child process.
 * Used by one thread at a time (its worker).
 */
#ifndef TUTOR_SERVER_JOBS_PROC_H
#define TUTOR_SERVER_JOBS_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/judge.h"

struct tu_judge_proc {
	pid_t pid;         /* 0 when none */
	int fd;            /* the parent's end of the socket, -1 none */
	unsigned slot;     /* sandbox uid slot */
	bool alive;
};

/*
 * Forks a judge process over course (which it uses from its copy of the
 * memory) judging with uid slot.  Call only while the process has one
 * thread, from a thread that outlives the server (the child gets SIGKILL
 * when the forking thread ends: PR_SET_PDEATHSIG).  The child closes close_fds[0..n_close) (the other judge
 * processes' sockets).  TU_EIO when socketpair or fork fails.
 */
enum tu_status tu_judge_proc_start(struct tu_judge_proc *p,
				   const struct tu_course *course,
				   unsigned slot, const int *close_fds,
				   size_t n_close, struct tu_err *err);

/*
 * Judges code on item in p; res is filled on TU_OK (release it).  The
 * judge's own refusals come back as they are (TU_EINVAL for bad
 * source).  TU_EUNAVAIL when the process is gone or does not answer
 * within timeout_ms (< 0: no limit): it is then killed and p is dead.
 */
enum tu_status tu_judge_proc_run(struct tu_judge_proc *p, const char *item,
				 enum tu_lang lang, const char *code,
				 size_t len, int timeout_ms,
				 struct tu_judge_result *res,
				 struct tu_err *err);

/* Ends the process (end of file, then SIGKILL after 2 s) and reaps it. */
void tu_judge_proc_stop(struct tu_judge_proc *p);

#endif
