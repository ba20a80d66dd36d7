/*
 * sandbox.c - the parent side of tu_sandbox_run.
 *
 * Validates the spec, prepares everything the child needs (pipes, a
 * sealed memfd for stdin, the seccomp filter, the optional cgroup),
 * clones the child into new namespaces, writes its uid/gid maps, then
 * polls the capture pipes until the run ends or the wall clock runs out,
 * and classifies the outcome.  The wall-clock kill is a SIGKILL to the
 * child, which is the init of the run's PID namespace: the kernel then
 * kills every process in that namespace; the cgroup (when used) is
 * emptied too.  The parent never applies any limit to itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sandbox_internal.h"

#define CLONE_NS_FLAGS (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | \
			CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)

/* One captured stream, bounded by cap. */
struct capture {
	int fd;
	char *buf;
	size_t len, size, cap;
	bool truncated;
};

/* State of one run in the parent. */
struct run {
	const struct tu_sandbox_spec *spec;
	struct tu__sb_filter filter;
	struct tu__sb_cgroup cg;
	struct capture out, err;
	int ctl_r;
	char ctl[1024];
	size_t ctl_len;
	pid_t pid;
	double start;
	bool wall_killed, output_killed;
};

void tu_sandbox_limits_default(struct tu_sandbox_limits *lim)
{
	lim->cpu_s = 2.0;
	lim->wall_s = 5.0;
	lim->memory_bytes = (uint64_t)256 << 20;
	lim->file_bytes = (uint64_t)16 << 20;
	lim->open_files = 64;
	lim->processes = 16;
	lim->output_bytes = (size_t)64 << 10;
}

const char *tu_run_status_name(enum tu_run_status st)
{
	switch (st) {
	case TU_RUN_EXITED: return "exited";
	case TU_RUN_SIGNALED: return "signaled";
	case TU_RUN_CPU_LIMIT: return "cpu-limit";
	case TU_RUN_WALL_LIMIT: return "wall-limit";
	case TU_RUN_MEMORY_LIMIT: return "memory-limit";
	case TU_RUN_OUTPUT_LIMIT: return "output-limit";
	case TU_RUN_SECCOMP: return "seccomp";
	case TU_RUN_INTERNAL: return "internal";
	}
	return "unknown";
}

void tu_sandbox_result_release(struct tu_sandbox_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
	res->out_len = res->err_len = 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- validation ------------------------------------------------------ */

static enum tu_status check_list(const char *const *list, size_t max_n,
				 size_t max_len, const char *what,
				 bool absolute, struct tu_err *err)
{
	size_t i;

	for (i = 0; list && list[i]; i++) {
		if (i >= max_n)
			return tu_err_set(err, TU_ERANGE,
					  "sandbox spec: more than %zu %s",
					  max_n, what);
		if (strlen(list[i]) >= max_len)
			return tu_err_set(err, TU_ERANGE,
					  "sandbox spec: %s[%zu] longer than %zu bytes",
					  what, i, max_len - 1);
		if (absolute && (list[i][0] != '/' || !strcmp(list[i], "/") ||
				 strstr(list[i], "/..") ||
				 strstr(list[i], "//")))
			return tu_err_set(err, TU_EINVAL,
					  "sandbox spec: %s[%zu] '%s': expected an absolute path without '..' other than '/'",
					  what, i, list[i]);
	}
	return TU_OK;
}

static enum tu_status check_limits(const struct tu_sandbox_limits *l,
				   struct tu_err *err)
{
	if (!(l->cpu_s > 0.0 && l->cpu_s <= 600.0))
		return tu_err_set(err, TU_ERANGE, "sandbox limits: cpu_s %g outside (0, 600]", l->cpu_s);
	if (!(l->wall_s > 0.0 && l->wall_s <= 3600.0))
		return tu_err_set(err, TU_ERANGE, "sandbox limits: wall_s %g outside (0, 3600]", l->wall_s);
	if (l->memory_bytes < ((uint64_t)1 << 20) || l->memory_bytes > ((uint64_t)64 << 30))
		return tu_err_set(err, TU_ERANGE, "sandbox limits: memory_bytes %llu outside [1 MiB, 64 GiB]",
				  (unsigned long long)l->memory_bytes);
	if (l->file_bytes < 4096 || l->file_bytes > ((uint64_t)4 << 30))
		return tu_err_set(err, TU_ERANGE, "sandbox limits: file_bytes %llu outside [4 KiB, 4 GiB]",
				  (unsigned long long)l->file_bytes);
	if (l->open_files < 4 || l->open_files > TU__SB_MAX_OPEN_FILES)
		return tu_err_set(err, TU_ERANGE, "sandbox limits: open_files %u outside [4, %u]",
				  l->open_files, TU__SB_MAX_OPEN_FILES);
	if (l->processes < 1 || l->processes > TU__SB_MAX_PROCESSES)
		return tu_err_set(err, TU_ERANGE, "sandbox limits: processes %u outside [1, %u]",
				  l->processes, TU__SB_MAX_PROCESSES);
	if (l->output_bytes < 1 || l->output_bytes > TU__SB_MAX_OUTPUT)
		return tu_err_set(err, TU_ERANGE, "sandbox limits: output_bytes %zu outside [1, %zu]",
				  l->output_bytes, TU__SB_MAX_OUTPUT);
	return TU_OK;
}

static enum tu_status check_spec(const struct tu_sandbox_spec *s,
				 struct tu_err *err)
{
	struct stat st;
	enum tu_status rc;

	if (!s->argv || !s->argv[0] || s->argv[0][0] != '/')
		return tu_err_set(err, TU_EINVAL, "sandbox spec: argv[0] must be an absolute path");
	if (!s->envp)
		return tu_err_set(err, TU_EINVAL, "sandbox spec: envp is NULL (pass an empty list)");
	if (!s->workdir || s->workdir[0] != '/' ||
	    stat(s->workdir, &st) != 0 || !S_ISDIR(st.st_mode))
		return tu_err_set(err, TU_EINVAL, "sandbox spec: workdir '%s' is not an existing directory",
				  s->workdir ? s->workdir : "(null)");
	if (strlen(s->workdir) >= TU__SB_MAX_PATH)
		return tu_err_set(err, TU_ERANGE, "sandbox spec: workdir longer than %d bytes", TU__SB_MAX_PATH - 1);
	if (!s->stdin_data && s->stdin_len)
		return tu_err_set(err, TU_EINVAL, "sandbox spec: stdin_len %zu without stdin_data", s->stdin_len);
	if (s->stdin_len > TU__SB_MAX_STDIN)
		return tu_err_set(err, TU_ERANGE, "sandbox spec: stdin_len %zu over %zu", s->stdin_len, TU__SB_MAX_STDIN);
	if ((unsigned)s->profile > (unsigned)TU_PROFILE_COMPILER)
		return tu_err_set(err, TU_EINVAL, "sandbox spec: unknown profile %d", (int)s->profile);
	if (s->work_tmpfs_bytes > ((uint64_t)4 << 30))
		return tu_err_set(err, TU_ERANGE, "sandbox spec: work_tmpfs_bytes %llu over 4 GiB",
				  (unsigned long long)s->work_tmpfs_bytes);
	if (s->uid_slot >= TU_SANDBOX_UID_SLOTS)
		return tu_err_set(err, TU_ERANGE, "sandbox spec: uid_slot %u over %u", s->uid_slot, TU_SANDBOX_UID_SLOTS - 1);
	rc = check_list(s->argv, TU__SB_MAX_ARGS, TU__SB_MAX_ARG_LEN, "argv", false, err);
	if (rc == TU_OK)
		rc = check_list(s->envp, TU__SB_MAX_ARGS, TU__SB_MAX_ARG_LEN, "envp", false, err);
	if (rc == TU_OK)
		rc = check_list(s->ro_paths, TU__SB_MAX_RO, TU__SB_MAX_PATH, "ro_paths", true, err);
	if (rc == TU_OK)
		rc = check_limits(&s->limits, err);
	return rc;
}

/* ---- setup ----------------------------------------------------------- */

static void internal(struct tu_sandbox_result *res, const char *what,
		     const char *arg, int e)
{
	res->status = TU_RUN_INTERNAL;
	snprintf(res->detail, sizeof(res->detail), "%s%s: %s", what, arg,
		 strerror(e));
}

/* Moves fd to a number >= 3 (the child puts 0, 1, 2 in place itself). */
static int high_fd(int fd)
{
	int hi;

	if (fd < 0 || fd >= 3)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return hi;
}

/* A sealed, read-only-in-effect memfd holding the program's stdin. */
static int make_stdin(const struct tu_sandbox_spec *s)
{
	int fd = memfd_create("tutor-stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < s->stdin_len) {
		ssize_t n = write(fd, s->stdin_data + done, s->stdin_len - done);

		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW |
		  F_SEAL_SHRINK | F_SEAL_SEAL) != 0) {
		close(fd);
		return -1;
	}
	return high_fd(fd);
}

static int make_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	fds[0] = high_fd(fds[0]);
	fds[1] = high_fd(fds[1]);
	return fds[0] < 0 || fds[1] < 0 ? -1 : 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Writes the uid and gid maps of the child's user namespace. */
static int write_maps(pid_t pid, unsigned host_id, char *why, size_t len)
{
	static const char *const files[] = { "uid_map", "gid_map" };
	char path[64], map[64];

	snprintf(map, sizeof(map), "%u %u 1\n", TU__SB_INNER_ID, host_id);
	for (size_t i = 0; i < 2; i++) {
		int fd, ok;

		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, files[i]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		ok = fd >= 0 && write(fd, map, strlen(map)) == (ssize_t)strlen(map);
		if (fd >= 0)
			close(fd);
		if (!ok) {
			snprintf(why, len, "%s: %s", files[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

static pid_t clone_child(const struct tu__sb_plan *plan)
{
	long pid = syscall(SYS_clone, (unsigned long)(CLONE_NS_FLAGS | SIGCHLD),
			   NULL, NULL, NULL, 0UL);

	if (pid == 0)
		tu__sb_child_main(plan);
	return (pid_t)pid;
}

/* Pipes, stdin, then the clone; on failure res says why. */
static bool start(struct run *r, struct tu__sb_plan *plan,
		  struct tu_sandbox_result *res)
{
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int sync[2] = { -1, -1 }, ctl[2] = { -1, -1 };
	int in = make_stdin(r->spec);
	bool ok = false;

	if (in < 0 || make_pipe(out) || make_pipe(errp) || make_pipe(sync) ||
	    make_pipe(ctl)) {
		internal(res, "pipes", "", errno);
		goto done;
	}
	plan->stdin_fd = in;
	plan->out_w = out[1];
	plan->err_w = errp[1];
	plan->sync_r = sync[0];
	plan->ctl_w = ctl[1];
	plan->close_fds[0] = out[0];
	plan->close_fds[1] = errp[0];
	plan->close_fds[2] = sync[1];
	plan->close_fds[3] = ctl[0];
	r->start = now_s();
	r->pid = clone_child(plan);
	if (r->pid < 0) {
		internal(res, "clone", "", errno);
		goto done;
	}
	r->out.fd = out[0];
	r->err.fd = errp[0];
	r->ctl_r = ctl[0];
	out[0] = errp[0] = ctl[0] = -1;
	ok = true;
	if (write_maps(r->pid, TU_SANDBOX_UID_BASE + r->spec->uid_slot,
		       res->detail, sizeof(res->detail)) != 0 ||
	    (r->cg.active && !tu__sb_cgroup_attach(&r->cg, r->pid))) {
		if (r->cg.active && !res->detail[0])
			snprintf(res->detail, sizeof(res->detail),
				 "cgroup attach: %s", strerror(errno));
		res->status = TU_RUN_INTERNAL;
	} else if (write(sync[1], "g", 1) != 1) {
		internal(res, "sync", "", errno);
	}
done:
	close_fd(&in);
	close_fd(&out[0]); close_fd(&out[1]);
	close_fd(&errp[0]); close_fd(&errp[1]);
	close_fd(&sync[0]); close_fd(&sync[1]);
	close_fd(&ctl[0]); close_fd(&ctl[1]);
	return ok;
}

/* ---- the parent loop --------------------------------------------------- */

static void kill_tree(struct run *r)
{
	kill(r->pid, SIGKILL); /* init of the PID namespace: takes all */
	tu__sb_cgroup_kill(&r->cg);
}

/* Reads what is available from one capture; past the cap it stops,
 * marks truncation and kills the run. */
static void drain(struct run *r, struct capture *c)
{
	char tmp[16384];
	ssize_t n = read(c->fd, tmp, sizeof(tmp));
	size_t take;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close_fd(&c->fd);
		return;
	}
	take = (size_t)n;
	if (c->len + take > c->cap) {
		take = c->cap - c->len;
		c->truncated = true;
	}
	if (c->len + take + 1 > c->size) {
		size_t size = c->size ? c->size : 4096;
		char *nb;

		while (size < c->len + take + 1)
			size *= 2;
		size = size > c->cap + 1 ? c->cap + 1 : size;
		nb = realloc(c->buf, size);
		if (!nb) {
			c->truncated = true;
			take = 0;
		} else {
			c->buf = nb;
			c->size = size;
		}
	}
	memcpy(c->buf + c->len, tmp, take);
	c->len += take;
	if (c->truncated) {
		close_fd(&c->fd);
		r->output_killed = true;
		kill_tree(r);
	}
}

static void drain_ctl(struct run *r)
{
	ssize_t n = read(r->ctl_r, r->ctl + r->ctl_len,
			 sizeof(r->ctl) - 1 - r->ctl_len);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close_fd(&r->ctl_r);
		return;
	}
	r->ctl_len += (size_t)n;
	r->ctl[r->ctl_len] = '\0';
	if (r->ctl_len + 1 >= sizeof(r->ctl))
		close_fd(&r->ctl_r);
}

/* Polls until every pipe is closed; enforces the wall clock.  After a
 * kill, waits at most 2 s more for the pipes to close. */
static void pump(struct run *r)
{
	double limit = r->start + r->spec->limits.wall_s;

	while (r->out.fd >= 0 || r->err.fd >= 0 || r->ctl_r >= 0) {
		struct pollfd pf[3] = { { r->out.fd, POLLIN, 0 },
					{ r->err.fd, POLLIN, 0 },
					{ r->ctl_r, POLLIN, 0 } };
		double left = limit - now_s();
		int n;

		if (left <= 0.0) {
			if (r->wall_killed || r->output_killed)
				break;
			r->wall_killed = true;
			kill_tree(r);
			limit = now_s() + 2.0;
			continue;
		}
		n = poll(pf, 3, (int)ceil(left * 1000.0));
		if (n < 0 && errno != EINTR)
			break;
		if (n <= 0)
			continue;
		if (pf[0].revents)
			drain(r, &r->out);
		if (pf[1].revents)
			drain(r, &r->err);
		if (pf[2].revents)
			drain_ctl(r);
	}
}

/* The program's wait status and rusage as reported by the init. */
static bool parse_status(const struct run *r, int *st, double *cpu,
			 long *rss_kb)
{
	const char *s = strstr(r->ctl, "S ");
	long ut, stime, base_kb;

	if (!s || (s != r->ctl && s[-1] != '\n'))
		return false;
	if (sscanf(s, "S %d %ld %ld %ld %ld", st, &ut, &stime, rss_kb,
		   &base_kb) != 5)
		return false;
	*cpu = (double)(ut + stime) / 1e6;
	/* Not above the image it was cloned from: the real peak is unknown
	 * (and below base_kb); report 0 rather than the judge's size. */
	if (*rss_kb <= base_kb)
		*rss_kb = 0;
	return true;
}

static void set_signal(struct tu_sandbox_result *res, enum tu_run_status st,
		       int sig, const char *why)
{
	res->status = st;
	res->signal = sig;
	snprintf(res->detail, sizeof(res->detail), "%s (signal %d, %s)", why,
		 sig, strsignal(sig));
}

/* Without a memory cgroup, running out of memory shows as a failed
 * allocation under RLIMIT_AS: the program aborts (SIGABRT) or exits with an
 * error.  Treat such an ending as the memory limit when the peak resident
 * size reached 80 % of the limit.  SIGSEGV is left as a crash: at a high
 * peak it is most often a stack overflow (the stack counts in RLIMIT_AS),
 * which the cgroup path also reports as a crash. */
static bool rlimit_memory_failure(const struct run *r,
				  const struct tu_sandbox_result *res, int st)
{
	bool bad_end = WIFSIGNALED(st) ? WTERMSIG(st) == SIGABRT :
				       WEXITSTATUS(st) != 0;

	return !r->cg.active && bad_end &&
	       res->max_rss_bytes / 4u * 5u >= r->spec->limits.memory_bytes;
}

/* Classification of a program that ended with wait status st. */
static void classify_status(const struct run *r, struct tu_sandbox_result *res,
			    int st, uint64_t ooms)
{
	int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;

	if (sig == SIGXFSZ)
		set_signal(res, TU_RUN_OUTPUT_LIMIT, sig, "file size limit");
	else if (sig == SIGSYS)
		set_signal(res, TU_RUN_SECCOMP, sig, "blocked system call");
	else if (sig == SIGXCPU || sig == SIGPROF ||
		 (sig == SIGKILL && res->cpu_s >= r->spec->limits.cpu_s))
		set_signal(res, TU_RUN_CPU_LIMIT, sig, "CPU time limit");
	else if (ooms > 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		set_signal(res, TU_RUN_MEMORY_LIMIT, sig ? sig : SIGKILL,
			   "memory limit (cgroup OOM kill)");
	else if (rlimit_memory_failure(r, res, st)) {
		set_signal(res, TU_RUN_MEMORY_LIMIT, sig,
			   "memory limit (allocation failed near the "
			   "address-space limit)");
		res->exit_code = sig ? 0 : WEXITSTATUS(st);
		if (!sig)
			snprintf(res->detail, sizeof(res->detail),
				 "memory limit (allocation failed near the "
				 "address-space limit; exited with %d)",
				 res->exit_code);
	} else if (sig)
		set_signal(res, TU_RUN_SIGNALED, sig, "killed by a signal");
	else {
		res->status = TU_RUN_EXITED;
		res->exit_code = WEXITSTATUS(st);
		snprintf(res->detail, sizeof(res->detail), "exited with %d",
			 res->exit_code);
	}
}

static void classify(struct run *r, struct tu_sandbox_result *res,
		     const struct rusage *ru)
{
	uint64_t ooms = tu__sb_cgroup_oom_kills(&r->cg);
	double cg_cpu = tu__sb_cgroup_cpu(&r->cg);
	long rss_kb = 0;
	int st = 0;
	bool have = parse_status(r, &st, &res->cpu_s, &rss_kb);
	const char *e = strstr(r->ctl, "E ");

	if (!have)
		res->cpu_s = (double)ru->ru_utime.tv_sec + (double)ru->ru_stime.tv_sec +
			     (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
	if (cg_cpu > res->cpu_s)
		res->cpu_s = cg_cpu;
	res->max_rss_bytes = (uint64_t)rss_kb * 1024u;
	if (r->cg.active && tu__sb_cgroup_peak(&r->cg) > res->max_rss_bytes)
		res->max_rss_bytes = tu__sb_cgroup_peak(&r->cg);
	if (e && (e == r->ctl || e[-1] == '\n')) {
		res->status = TU_RUN_INTERNAL;
		snprintf(res->detail, sizeof(res->detail), "sandbox setup: %.*s",
			 (int)strcspn(e + 2, "\n"), e + 2);
	} else if (r->output_killed) {
		res->status = TU_RUN_OUTPUT_LIMIT;
		snprintf(res->detail, sizeof(res->detail), "output over %zu bytes",
			 r->spec->limits.output_bytes);
	} else if (have) {
		classify_status(r, res, st, ooms);
	} else if (r->wall_killed) {
		res->status = res->cpu_s >= r->spec->limits.cpu_s ?
			TU_RUN_CPU_LIMIT : TU_RUN_WALL_LIMIT;
		res->signal = SIGKILL;
		snprintf(res->detail, sizeof(res->detail), "%s limit (%.3g s)",
			 res->status == TU_RUN_CPU_LIMIT ? "CPU time" : "wall clock",
			 res->status == TU_RUN_CPU_LIMIT ? r->spec->limits.cpu_s :
			 r->spec->limits.wall_s);
	} else if (ooms > 0) {
		set_signal(res, TU_RUN_MEMORY_LIMIT, SIGKILL, "memory limit (cgroup OOM kill)");
	} else {
		res->status = TU_RUN_INTERNAL;
		snprintf(res->detail, sizeof(res->detail),
			 "sandbox init ended without a report");
	}
}

static void finish_capture(struct capture *c, char **buf, size_t *len,
			   bool *trunc)
{
	close_fd(&c->fd);
	if (!c->buf)
		c->buf = calloc(1, 1);
	if (c->buf)
		c->buf[c->len] = '\0';
	*buf = c->buf;
	*len = c->buf ? c->len : 0;
	*trunc = c->truncated;
	c->buf = NULL;
}

/* Everything after a successful clone. */
static void supervise(struct run *r, struct tu_sandbox_result *res)
{
	struct rusage ru;
	int st;

	if (res->status == TU_RUN_INTERNAL)
		kill_tree(r);
	else
		pump(r);
	if (r->out.fd >= 0 || r->err.fd >= 0 || r->ctl_r >= 0)
		kill_tree(r);
	memset(&ru, 0, sizeof(ru));
	while (wait4(r->pid, &st, 0, &ru) < 0 && errno == EINTR)
		;
	res->wall_s = now_s() - r->start;
	if (res->status != TU_RUN_INTERNAL)
		classify(r, res, &ru);
}

/* ---- public entry points ---------------------------------------------- */

static void result_init(struct tu_sandbox_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = TU_RUN_EXITED;
	res->blocked_syscall = -1;
}

/* The host directory the new root tmpfs is mounted on (inside the
 * child's private mount namespace only). */
static const char *pick_newroot(void)
{
	struct stat st;

	if (stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode))
		return "/tmp";
	return "/mnt";
}

enum tu_status tu_sandbox_run(const struct tu_sandbox_spec *spec,
			      struct tu_sandbox_result *res,
			      struct tu_err *err)
{
	struct tu__sb_plan plan;
	struct run r;
	unsigned host_id;
	enum tu_status rc;

	if (!spec || !res)
		return tu_err_set(err, TU_EINVAL, "sandbox: spec and res are required");
	result_init(res);
	rc = check_spec(spec, err);
	if (rc != TU_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.spec = spec;
	r.out.fd = r.err.fd = r.ctl_r = -1;
	r.out.cap = r.err.cap = spec->limits.output_bytes;
	if (!tu__sb_filter_build(spec->profile, &r.filter, res->detail,
				 sizeof(res->detail))) {
		res->status = TU_RUN_INTERNAL;
		return TU_OK;
	}
	if (spec->allow_cgroup)
		res->used_cgroup = tu__sb_cgroup_create(&r.cg, &spec->limits,
							res->detail,
							sizeof(res->detail));
	res->detail[0] = '\0';
	host_id = TU_SANDBOX_UID_BASE + spec->uid_slot;
	if (chown(spec->workdir, host_id, host_id) != 0) {
		internal(res, "chown workdir ", spec->workdir, errno);
	} else {
		memset(&plan, 0, sizeof(plan));
		plan.spec = spec;
		plan.filter = &r.filter;
		plan.set_rlimit_as = !res->used_cgroup;
		plan.newroot = pick_newroot();
		if (start(&r, &plan, res))
			supervise(&r, res);
	}
	finish_capture(&r.out, &res->out, &res->out_len, &res->out_truncated);
	finish_capture(&r.err, &res->err, &res->err_len, &res->err_truncated);
	close_fd(&r.ctl_r);
	tu__sb_cgroup_destroy(&r.cg);
	tu__sb_filter_release(&r.filter);
	if (!res->out || !res->err) {
		tu_sandbox_result_release(res);
		return tu_err_set(err, TU_ENOMEM, "sandbox: out of memory for output");
	}
	return TU_OK;
}

/* Whether this process can create a user namespace (tried in a child). */
static bool probe_userns(void)
{
	pid_t pid = fork();
	int st = 0;

	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID |
			      CLONE_NEWNET) == 0 ? 0 : 1);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

void tu_sandbox_probe(struct tu_sandbox_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->user_ns = probe_userns();
	caps->seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 &&
			access("/proc/sys/kernel/seccomp/actions_avail", R_OK) == 0;
	tu__sb_cgroup_probe(&caps->cgroup_v1_memory, &caps->cgroup_v1_pids,
			    &caps->cgroup_v2);
	snprintf(caps->detail, sizeof(caps->detail),
		 "user namespaces %s, seccomp %s, cgroup v1 memory %s, pids %s, cgroup v2 (memory+pids) %s",
		 caps->user_ns ? "yes" : "no", caps->seccomp ? "yes" : "no",
		 caps->cgroup_v1_memory ? "yes" : "no",
		 caps->cgroup_v1_pids ? "yes" : "no",
		 caps->cgroup_v2 ? "yes" : "no");
}
