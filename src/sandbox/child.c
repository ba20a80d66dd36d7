/*
 * child.c - what runs inside the namespaces, between clone and exec.
 *
 * The parent clones this process with new user, mount, PID, network, IPC
 * and UTS namespaces, so it is PID 1 of its PID namespace (the "init").
 * After the parent has written the uid/gid maps it builds the new root,
 * forks the program process and reaps until that process ends, then
 * reports the program's wait status and rusage on the control pipe and
 * exits; the kernel then kills everything else left in the namespace.
 * The program is not PID 1 itself so that it keeps ordinary signal
 * semantics (abort(), raise() and kill() work as usual).
 *
 * Fail closed: every setup step that fails writes "E <step>: <why>" to the
 * control pipe (close-on-exec, so a successful exec closes it) and exits
 * with status 127 before anything of the program ran.
 *
 * Nothing here allocates: all inputs were prepared by the parent.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>
#include "sandbox_internal.h"

#define PATH_BUF 600

/* Writes "E <step>: <strerror(errno)>" and exits 127. */
__attribute__((noreturn))
static void die(const struct tu__sb_plan *p, const char *step)
{
	char msg[400];
	int len = snprintf(msg, sizeof(msg), "E %s: %s\n", step,
			   strerror(errno));

	if (len > 0 && write(p->ctl_w, msg, (size_t)len) < 0)
		_exit(126);
	_exit(127);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, (size_t)len) == len;
	close(fd);
	return ok ? 0 : -1;
}

/* mkdir -p of newroot + path (path absolute); the last part is a file
 * when as_file. */
static int make_target(const char *root, const char *path, bool as_file,
		       char *out, size_t out_len)
{
	int n = snprintf(out, out_len, "%s%s", root, path);
	size_t skip = strlen(root) + 1;

	if (n < 0 || (size_t)n >= out_len)
		return errno = ENAMETOOLONG, -1;
	for (char *s = out + skip; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(out, 0755) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (as_file) {
		int fd = open(out, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			return errno == EEXIST ? 0 : -1;
		close(fd);
		return 0;
	}
	return mkdir(out, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Mount flags that a user namespace may not clear on remount. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs sv;
	unsigned long fl = 0;

	if (statvfs(path, &sv) != 0)
		return 0;
	if (sv.f_flag & ST_NOEXEC)
		fl |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		fl |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		fl |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		fl |= MS_RELATIME;
	return fl;
}

/* Binds the object behind fd at target, then remounts it with flags. */
static int bind_fd(int fd, const char *target, unsigned long flags)
{
	char src[64];

	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	if (mount(src, target, NULL, MS_BIND | MS_REC, NULL) != 0)
		return -1;
	flags |= MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV;
	return mount(NULL, target, NULL, flags | locked_flags(target), NULL);
}

/* One ro_path: a symlink is recreated, anything else bound read-only. */
static void add_ro_path(const struct tu__sb_plan *p, const char *path,
			int fd, const char *link)
{
	char target[PATH_BUF];
	struct stat st;

	if (link[0]) {
		if (make_target(p->newroot, path, true, target,
				sizeof(target)) != 0)
			die(p, path);
		unlink(target);
		if (symlink(link, target) != 0)
			die(p, path);
		return;
	}
	if (fstat(fd, &st) != 0 ||
	    make_target(p->newroot, path, !S_ISDIR(st.st_mode), target,
			sizeof(target)) != 0 ||
	    bind_fd(fd, target, MS_RDONLY) != 0)
		die(p, path);
}

/* Opens (or reads the link of) every ro_path while still host root. */
static void open_sources(const struct tu__sb_plan *p, int *fds,
			 char (*links)[TU__SB_MAX_PATH], int *work_fd)
{
	const char *const *ro = p->spec->ro_paths;

	for (size_t i = 0; ro && ro[i]; i++) {
		struct stat st;
		ssize_t n;

		links[i][0] = '\0';
		fds[i] = -1;
		if (lstat(ro[i], &st) != 0)
			die(p, ro[i]);
		if (S_ISLNK(st.st_mode)) {
			n = readlink(ro[i], links[i], TU__SB_MAX_PATH - 1);
			if (n <= 0)
				die(p, ro[i]);
			links[i][n] = '\0';
			continue;
		}
		fds[i] = open(ro[i], O_PATH | O_CLOEXEC | O_NOFOLLOW);
		if (fds[i] < 0)
			die(p, ro[i]);
	}
	*work_fd = open(p->spec->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*work_fd < 0)
		die(p, "workdir");
}

/* The minimal /dev: four character devices bound from the host. */
static void make_dev(const struct tu__sb_plan *p)
{
	static const char *const nodes[] = { "null", "zero", "random",
					     "urandom" };
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
	};
	char host[64], target[PATH_BUF];

	for (size_t i = 0; i < 4; i++) {
		snprintf(host, sizeof(host), "/dev/%s", nodes[i]);
		snprintf(target, sizeof(target), "%s/dev/%s", p->newroot,
			 nodes[i]);
		if (make_target(p->newroot, host, true, target,
				sizeof(target)) != 0 ||
		    mount(host, target, NULL, MS_BIND, NULL) != 0)
			die(p, host);
		mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID |
		      MS_NOEXEC | locked_flags(target), NULL);
	}
	for (size_t i = 0; i < 4; i++) {
		snprintf(target, sizeof(target), "%s/dev/%s", p->newroot,
			 links[i][1]);
		if (symlink(links[i][0], target) != 0)
			die(p, "dev symlink");
	}
}

/* Copies one regular file of the host workdir into the /work tmpfs; other
 * entry types (symlinks, directories, devices) are not copied. */
static void copy_entry(const struct tu__sb_plan *p, int src, int dst,
		       const char *name)
{
	char buf[16384];
	struct stat st;
	ssize_t n;
	int in, out;

	if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		die(p, "stat work file");
	if (!S_ISREG(st.st_mode))
		return;
	in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	out = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		     st.st_mode & 0755);
	if (in < 0 || out < 0)
		die(p, "copy work file");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(p, "copy work file");
	if (n < 0)
		die(p, "copy work file");
	close(in);
	close(out);
}

/* Walks the host workdir with getdents64 (no allocation in the child). */
static void copy_work(const struct tu__sb_plan *p, int src, int dst)
{
	char buf[8192];
	long n;
	int dir = openat(src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		die(p, "open workdir");
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);

			if (strcmp(e->d_name, ".") != 0 &&
			    strcmp(e->d_name, "..") != 0)
				copy_entry(p, dir, dst, e->d_name);
			off += e->d_reclen;
		}
	}
	if (n < 0)
		die(p, "read workdir");
	close(dir);
}

/* /work as a size-limited tmpfs filled with copies of the workdir's files:
 * writes count against the tmpfs, never against the host disk. */
static void mount_work_tmpfs(const struct tu__sb_plan *p, int work_fd,
			     const char *target)
{
	char opts[128];
	int dst;

	snprintf(opts, sizeof(opts),
		 "size=%llu,nr_inodes=4096,mode=0755,uid=%u,gid=%u",
		 (unsigned long long)p->spec->work_tmpfs_bytes,
		 TU__SB_INNER_ID, TU__SB_INNER_ID);
	if (mount("tutor-work", target, "tmpfs", MS_NOSUID | MS_NODEV,
		  opts) != 0)
		die(p, "mount /work tmpfs");
	dst = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dst < 0)
		die(p, "open /work");
	copy_work(p, work_fd, dst);
	close(dst);
}

/* tmpfs root, ro_paths, /work, /dev, /proc, /tmp, then pivot_root. */
static void build_root(const struct tu__sb_plan *p, const int *fds,
		       char (*links)[TU__SB_MAX_PATH], int work_fd)
{
	const char *const *ro = p->spec->ro_paths;
	char target[PATH_BUF], opts[96];

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		die(p, "make mounts private");
	if (mount("tutor-root", p->newroot, "tmpfs", MS_NOSUID | MS_NODEV,
		  "size=1m,nr_inodes=4096,mode=0755") != 0)
		die(p, "mount root tmpfs");
	for (size_t i = 0; ro && ro[i]; i++)
		add_ro_path(p, ro[i], fds[i], links[i]);
	if (make_target(p->newroot, "/work", false, target, sizeof(target)))
		die(p, "make /work");
	if (p->spec->work_tmpfs_bytes)
		mount_work_tmpfs(p, work_fd, target);
	else if (bind_fd(work_fd, target, 0) != 0)
		die(p, "bind /work");
	make_dev(p);
	if (make_target(p->newroot, "/proc", false, target,
			sizeof(target)) != 0 ||
	    mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) != 0)
		die(p, "mount /proc");
	snprintf(opts, sizeof(opts), "size=%llu,nr_inodes=1024,mode=1777",
		 (unsigned long long)p->spec->limits.file_bytes);
	if (make_target(p->newroot, "/tmp", false, target,
			sizeof(target)) != 0 ||
	    mount("tutor-tmp", target, "tmpfs", MS_NOSUID | MS_NODEV,
		  opts) != 0)
		die(p, "mount /tmp");
	if (chdir(p->newroot) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
		die(p, "pivot_root");
	if (umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		die(p, "detach old root");
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID |
		  MS_NODEV, NULL) != 0)
		die(p, "remount root read-only");
}

/* Drops to the mapped unprivileged ids; capabilities inside the user
 * namespace stay (the namespace's root id is unmapped) until exec.
 * Raw system calls, not glibc's wrappers: this process is a raw clone of a
 * possibly multithreaded judge, and glibc's setxid broadcast would wait
 * for the judge's other threads, which do not exist here. */
static void become_user(const struct tu__sb_plan *p)
{
	unsigned long id = TU__SB_INNER_ID;

	if (syscall(SYS_setgroups, 0UL, NULL) != 0)
		die(p, "setgroups");
	if (syscall(SYS_setresgid, id, id, id) != 0)
		die(p, "setresgid");
	if (syscall(SYS_setresuid, id, id, id) != 0)
		die(p, "setresuid");
}

static void set_limit(const struct tu__sb_plan *p, int res, rlim_t soft,
		      rlim_t hard, const char *name)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(res, &rl) != 0)
		die(p, name);
}

/* All limits except RLIMIT_AS (set last, just before exec). */
static void set_limits(const struct tu__sb_plan *p)
{
	const struct tu_sandbox_limits *l = &p->spec->limits;
	rlim_t cpu = (rlim_t)ceil(l->cpu_s);
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	double whole = floor(l->cpu_s);

	set_limit(p, RLIMIT_CPU, cpu, cpu + 1, "RLIMIT_CPU");
	set_limit(p, RLIMIT_FSIZE, (rlim_t)l->file_bytes,
		  (rlim_t)l->file_bytes, "RLIMIT_FSIZE");
	set_limit(p, RLIMIT_NOFILE, l->open_files, l->open_files,
		  "RLIMIT_NOFILE");
	set_limit(p, RLIMIT_NPROC, l->processes, l->processes,
		  "RLIMIT_NPROC");
	set_limit(p, RLIMIT_CORE, 0, 0, "RLIMIT_CORE");
	set_limit(p, RLIMIT_STACK, (rlim_t)64 << 20, (rlim_t)64 << 20,
		  "RLIMIT_STACK");
	set_limit(p, RLIMIT_MEMLOCK, (rlim_t)64 << 10, (rlim_t)64 << 10,
		  "RLIMIT_MEMLOCK");
	/* Fractional CPU limit: SIGPROF after cpu_s of CPU time. */
	it.it_value.tv_sec = (time_t)whole;
	it.it_value.tv_usec = (suseconds_t)((l->cpu_s - whole) * 1e6);
	if (setitimer(ITIMER_PROF, &it, NULL) != 0)
		die(p, "setitimer");
}

/* Puts fd at fd number to (not close-on-exec unless cloexec). */
static void place_fd(const struct tu__sb_plan *p, int fd, int to,
		     bool cloexec)
{
	if (dup3(fd, to, cloexec ? O_CLOEXEC : 0) != to)
		die(p, "dup3");
}

static void setup_fds(const struct tu__sb_plan *p, int *ctl)
{
	int in = fcntl(p->stdin_fd, F_DUPFD_CLOEXEC, 10);
	int out = fcntl(p->out_w, F_DUPFD_CLOEXEC, 10);
	int errf = fcntl(p->err_w, F_DUPFD_CLOEXEC, 10);
	int c = fcntl(p->ctl_w, F_DUPFD_CLOEXEC, 10);

	if (in < 0 || out < 0 || errf < 0 || c < 0)
		die(p, "dup");
	place_fd(p, in, 0, false);
	place_fd(p, out, 1, false);
	place_fd(p, errf, 2, false);
	place_fd(p, c, 3, true);
	*ctl = 3;
}

/* The program process: limits, no new privileges, filter, exec. */
__attribute__((noreturn))
static void exec_program(struct tu__sb_plan p)
{
	struct sock_fprog prog;
	int exe;

	setup_fds(&p, &p.ctl_w);
	if (chdir("/work") != 0)
		die(&p, "chdir /work");
	exe = open(p.spec->argv[0], O_PATH | O_CLOEXEC);
	if (exe < 0)
		die(&p, p.spec->argv[0]);
	place_fd(&p, exe, TU__SB_EXEC_FD, true);
	syscall(SYS_close_range, 4u, (unsigned)TU__SB_EXEC_FD - 1u, 0u);
	syscall(SYS_close_range, (unsigned)TU__SB_EXEC_FD + 1u, ~0u, 0u);
	if (setsid() < 0)
		die(&p, "setsid");
	write_file("/proc/self/oom_score_adj", "1000");
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
	    prctl(PR_SET_DUMPABLE, 0) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die(&p, "prctl");
	set_limits(&p);
	prog.len = p.filter->len;
	prog.filter = p.filter->insns;
	if (p.set_rlimit_as)
		set_limit(&p, RLIMIT_AS, (rlim_t)p.spec->limits.memory_bytes,
			  (rlim_t)p.spec->limits.memory_bytes, "RLIMIT_AS");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		die(&p, "seccomp");
	syscall(SYS_execveat, TU__SB_EXEC_FD, "", p.spec->argv, p.spec->envp,
		AT_EMPTY_PATH);
	die(&p, "execve");
}

/* PID 1: reap everything until the program ends, then report it. */
__attribute__((noreturn))
static void reap(const struct tu__sb_plan *p, pid_t prog, long base_kb)
{
	struct rusage ru;
	char msg[160];
	int st = 0, len;
	pid_t pid;

	close(p->stdin_fd);
	close(p->out_w);
	close(p->err_w);
	for (;;) {
		memset(&ru, 0, sizeof(ru));
		pid = wait4(-1, &st, 0, &ru);
		if (pid == prog)
			break;
		if (pid < 0 && errno != EINTR)
			die(p, "wait4");
	}
	len = snprintf(msg, sizeof(msg), "S %d %ld %ld %ld %ld\n", st,
		       (long)ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
		       (long)ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec,
		       ru.ru_maxrss, base_kb);
	if (len > 0 && write(p->ctl_w, msg, (size_t)len) < 0)
		_exit(126);
	_exit(0);
}

/* Signals from inside the namespace reach init only through handlers:
 * remove any (a sanitizer runtime installs some). */
static void reset_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Fields 48-51 of /proc/self/stat: arg_start, arg_end, env_start, env_end. */
static bool read_arg_env(unsigned long long *v)
{
	char buf[1024], *s;
	ssize_t n;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	s = strrchr(buf, ')');
	for (int field = 3; s && field <= 51; field++) {
		s = strchr(s, ' ');
		if (!s)
			return false;
		s++;
		if (field >= 48)
			v[field - 48] = strtoull(s, NULL, 10);
	}
	return s != NULL;
}

/* PID 1 is a copy of the judge process: blank its command line and its
 * environment strings so /proc/1/cmdline and /proc/1/environ inside the
 * sandbox show nothing of the host (setproctitle-style; the memory is
 * this process's own copy, the judge is untouched). */
static void scrub_cmdline(const struct tu__sb_plan *p)
{
	unsigned long long v[4] = { 0, 0, 0, 0 };

	if (!read_arg_env(v) || v[1] < v[0] || v[3] < v[2])
		die(p, "read /proc/self/stat");
	for (int r = 0; r < 2; r++) {
		volatile char *c = (volatile char *)(uintptr_t)v[2 * r];

		for (unsigned long long i = 0; i < v[2 * r + 1] - v[2 * r]; i++)
			c[i] = '\0';
	}
}

void tu__sb_child_main(const struct tu__sb_plan *p)
{
	int fds[TU__SB_MAX_RO];
	char links[TU__SB_MAX_RO][TU__SB_MAX_PATH];
	int work_fd, devnull;
	char go;
	pid_t prog;
	struct rusage self;
	long base_kb;

	reset_signals();
	scrub_cmdline(p);
	for (size_t i = 0; i < 4; i++)
		close(p->close_fds[i]);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
	    prctl(PR_SET_DUMPABLE, 0) != 0)
		die(p, "prctl");
	if (read(p->sync_r, &go, 1) != 1)
		_exit(125); /* the parent gave up; it reports why */
	close(p->sync_r);
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 ||
	    dup2(devnull, 2) < 0)
		die(p, "/dev/null");
	open_sources(p, fds, links, &work_fd);
	become_user(p);
	build_root(p, fds, links, work_fd);
	sethostname("tutor", 5);
	/* The program starts as a copy of this process, and the kernel's peak
	 * RSS of a process carries over fork and exec: report ours so the
	 * parent can tell a real peak from the inherited one. */
	base_kb = getrusage(RUSAGE_SELF, &self) == 0 ? self.ru_maxrss : 0;
	/* A raw clone, not glibc's fork(): this process is itself a raw clone
	 * of a possibly multithreaded judge, so glibc's fork handlers could
	 * block on a malloc or stdio lock another judge thread held. */
	prog = (pid_t)syscall(SYS_clone, (unsigned long)SIGCHLD, NULL, NULL,
			      NULL, 0UL);
	if (prog < 0)
		die(p, "fork");
	if (prog == 0)
		exec_program(*p);
	reap(p, prog, base_kb);
}
