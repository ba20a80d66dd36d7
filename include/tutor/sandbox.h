/*
 * tutor/sandbox.h - run one untrusted program under isolation and limits.
 *
 * tu_sandbox_run forks a child that, before exec'ing the program, enters
 * new user, PID, network, mount, IPC and UTS namespaces, sees only a
 * read-only view of the paths the language needs plus one writable, empty
 * work directory, gets a clean environment, resource limits (CPU, address
 * space or memory cgroup, file size, open files, processes), no new
 * privileges, and a seccomp allow-list.  The parent enforces the wall clock
 * (killing the whole process tree), captures stdout and stderr up to a cap,
 * and reports what happened.  When any isolation step cannot be set up the
 * run fails closed: nothing of the program is executed and the result says
 * why (TU_RUN_INTERNAL with a detail message).
 *
 * A memory + pids cgroup (v1 or v2) is used when the machine offers a
 * writable one; otherwise limits are enforced by setrlimit under a
 * dedicated unprivileged uid (so RLIMIT_NPROC applies).
 *
 * Ownership: the spec and everything it points to is borrowed for the
 * call; the result owns its output buffers (tu_sandbox_result_release).
 * This module knows nothing of languages, tests or verdicts (see
 * tutor/judge.h); it is not pure (it forks, mounts and reads the clock).
 */
#ifndef TUTOR_SANDBOX_H
#define TUTOR_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"

struct tu_sandbox_limits {
	double cpu_s;            /* CPU time of the whole tree, seconds */
	double wall_s;           /* wall clock, seconds */
	uint64_t memory_bytes;   /* memory cgroup limit, else RLIMIT_AS */
	uint64_t file_bytes;     /* largest file the program may write */
	uint32_t open_files;     /* RLIMIT_NOFILE */
	uint32_t processes;      /* pids cgroup limit, else RLIMIT_NPROC */
	size_t output_bytes;     /* cap per captured stream (stdout, stderr) */
};

/* Which seccomp allow-list applies. */
enum tu_sandbox_profile {
	TU_PROFILE_PYTHON = 0,   /* the CPython interpreter running a script */
	TU_PROFILE_NATIVE,       /* a compiled learner program (C) */
	TU_PROFILE_COMPILER      /* gcc and its subprocesses (cc1, as, ld) */
};

struct tu_sandbox_spec {
	const char *const *argv;     /* argv[0] is an absolute path; NULL-terminated */
	const char *const *envp;     /* the complete environment; NULL-terminated */
	const char *workdir;         /* host directory, mounted writable as /work */
	const char *const *ro_paths; /* host paths bound read-only at the same
				      * place (e.g. "/usr", "/lib"); NULL-terminated */
	const char *stdin_data;      /* may be NULL: empty stdin */
	size_t stdin_len;
	struct tu_sandbox_limits limits;
	enum tu_sandbox_profile profile;
	bool allow_cgroup;           /* false forces the rlimit + uid fallback */
	uint64_t work_tmpfs_bytes;   /* 0: workdir is bound writable at /work;
				      * > 0: /work is a private tmpfs of this
				      * size holding copies of workdir's regular
				      * files, so nothing the program writes
				      * reaches the host disk */
	unsigned uid_slot;           /* the program runs as host uid/gid
				      * TU_SANDBOX_UID_BASE + uid_slot (0..999);
				      * give each concurrent worker its own */
};

/* First host uid/gid used for sandboxed programs (never root). */
#define TU_SANDBOX_UID_BASE 60000u
#define TU_SANDBOX_UID_SLOTS 1000u

enum tu_run_status {
	TU_RUN_EXITED = 0,   /* exited by itself; see exit_code */
	TU_RUN_SIGNALED,     /* killed by a signal it caused (SIGSEGV, SIGABRT...) */
	TU_RUN_CPU_LIMIT,    /* CPU limit reached */
	TU_RUN_WALL_LIMIT,   /* wall clock reached (sleeping, blocked) */
	TU_RUN_MEMORY_LIMIT, /* killed by the memory cgroup / OOM */
	TU_RUN_OUTPUT_LIMIT, /* stdout/stderr over the cap, or file size limit */
	TU_RUN_SECCOMP,      /* a system call outside the allow-list */
	TU_RUN_INTERNAL      /* isolation could not be set up; nothing ran */
};

struct tu_sandbox_result {
	enum tu_run_status status;
	int exit_code;            /* when TU_RUN_EXITED */
	int signal;               /* when a signal ended it, else 0 */
	long blocked_syscall;     /* when TU_RUN_SECCOMP, else -1 */
	double cpu_s, wall_s;
	uint64_t max_rss_bytes;   /* peak resident size: the cgroup's peak, else
				   * the program's; 0 when unknown (a program
				   * that never grew past the size of the
				   * process it was cloned from) */
	bool used_cgroup;         /* which enforcement path was used */
	char *out;                /* captured stdout, NUL-terminated (owned) */
	size_t out_len;
	bool out_truncated;
	char *err;                /* captured stderr, NUL-terminated (owned) */
	size_t err_len;
	bool err_truncated;
	char detail[256];         /* one line: why it ended ("blocked system call socket") */
};

/* What isolation this machine offers (for `tutor judge --check` and tests). */
struct tu_sandbox_caps {
	bool user_ns;
	bool seccomp;
	bool cgroup_v1_memory, cgroup_v1_pids;
	bool cgroup_v2;
	char detail[256];
};

/* Fills lim with the defaults documented in docs/judge.md. */
void tu_sandbox_limits_default(struct tu_sandbox_limits *lim);

/* Probes the machine; never fails (unknown capabilities are false). */
void tu_sandbox_probe(struct tu_sandbox_caps *caps);

/*
 * Runs the program described by spec.  Returns TU_OK when the run
 * happened or was refused for isolation reasons (then res->status is
 * TU_RUN_INTERNAL and nothing ran); TU_EINVAL for a bad spec; TU_ENOMEM.
 * res is initialised by the call; release it with tu_sandbox_result_release.
 */
enum tu_status tu_sandbox_run(const struct tu_sandbox_spec *spec,
			      struct tu_sandbox_result *res,
			      struct tu_err *err);

/* Frees the captured output; res may be reused afterwards. */
void tu_sandbox_result_release(struct tu_sandbox_result *res);

/* Static name of a run status ("cpu-limit"). */
const char *tu_run_status_name(enum tu_run_status st);

#endif
