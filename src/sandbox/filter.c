/*
 * filter.c - the seccomp allow-lists, one table per profile.
 *
 * Derived by running the real programs under `strace -f -c` on Debian 12
 * (kernel 6.18): `python3 -c pass`, a heavier script (json, math,
 * collections, re, itertools, functools, heapq, bisect, typing,
 * dataclasses, deep recursion, a 3-million-element list, stdin),
 * `gcc -O2 -std=c17` compiling and linking a small file (cc1, as,
 * collect2, ld), and a compiled C program using malloc/printf/qsort.
 * Every call those made is in the lists below, plus close relatives a
 * learner program plausibly needs (readv/writev, clock reads, sleeping,
 * file handling inside /work).  Everything else ends the whole program
 * with SIGSYS (SCMP_ACT_KILL_PROCESS), which the runner reports as
 * TU_RUN_SECCOMP.  Never allowed in any profile: socket and the rest of
 * the network, ptrace, mount/umount2/pivot_root/chroot, unshare/setns,
 * module and kexec calls, bpf, perf_event_open, keyrings, reboot,
 * swapon/off, the setuid/setgid family, personality, userfaultfd,
 * io_uring, process_vm_readv/writev, memfd_create.  socket(AF_UNIX)
 * fails with EACCES instead of killing (glibc's NSS asks nscd through it
 * when CPython expands "~" with HOME unset); a new network namespace has
 * no abstract sockets and the mount namespace shows none anyway.
 *
 * The first execve is allowed in every profile through execveat() on the
 * fixed descriptor TU__SB_EXEC_FD, which is close-on-exec and above the
 * program's RLIMIT_NOFILE, so the program can never exec again in the
 * PYTHON and NATIVE profiles.  clone3 fails with ENOSYS so glibc falls
 * back to clone, whose flags are filtered (no namespace flags; PYTHON
 * threads only, NATIVE nothing, COMPILER fork and vfork).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "sandbox_internal.h"

/* Calls every profile needs: memory, files, time, signals, identity. */
static const char *const base_calls[] = {
	/* I/O on open descriptors */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "lseek",
	"close", "dup", "dup2", "dup3", "fcntl", "ioctl", "poll", "ppoll",
	"select", "pselect6", "sendfile", "copy_file_range", "fadvise64",
	"fsync", "fdatasync", "ftruncate",
	/* names (mount namespace limits what is visible or writable) */
	"open", "openat", "stat", "fstat", "lstat", "newfstatat", "statx",
	"access", "faccessat", "faccessat2", "readlink", "readlinkat",
	"getdents", "getdents64", "getcwd", "chdir", "fchdir", "statfs",
	"fstatfs", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
	"rename", "renameat", "renameat2", "truncate", "chmod", "fchmod",
	"fchmodat", "umask", "utimensat", "symlink", "symlinkat", "link",
	"linkat",
	/* memory */
	"brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "mincore",
	"msync", "mlock", "munlock",
	/* process setup done by ld.so and libc */
	"arch_prctl", "set_tid_address", "set_robust_list", "get_robust_list",
	"rseq", "futex", "getrandom", "prlimit64", "getrlimit", "sysinfo",
	"uname", "exit", "exit_group", "sched_yield", "sched_getaffinity",
	"getcpu",
	/* signals; kill reaches only the run's own PID namespace */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending",
	"rt_sigsuspend", "rt_sigtimedwait", "sigaltstack", "kill", "tkill",
	"tgkill", "alarm", "pause",
	/* identity (read only) */
	"getpid", "getppid", "gettid", "getuid", "geteuid", "getgid",
	"getegid", "getresuid", "getresgid", "getgroups", "getpgrp",
	"getpgid", "getsid", "getrusage", "times", "capget",
	/* time */
	"clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep",
	"clock_nanosleep", "getitimer",
	/* event waiting used by some runtimes */
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"eventfd2", "pipe", "pipe2",
	NULL
};

/* gcc drives cc1, as, collect2 and ld as subprocesses. */
static const char *const compiler_calls[] = {
	"vfork", "fork", "execve", "wait4", "waitid", "setpgid", "fchown",
	"chown", "lchown", "flock",
	NULL
};

/* CPython: nothing beyond the base list to run a script. */
static const char *const python_calls[] = { NULL };

/* A compiled learner program: nothing beyond the base list. */
static const char *const native_calls[] = { NULL };

/* Namespace flags a clone may never carry. */
#define NS_FLAGS ((scmp_datum_t)(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | \
	CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP | \
	CLONE_NEWTIME))

static int allow_names(scmp_filter_ctx ctx, const char *const *names,
		       char *why, size_t why_len)
{
	for (size_t i = 0; names[i]; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		int rc;

		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture (e.g. "open") */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc < 0) {
			snprintf(why, why_len, "seccomp rule %s: %s",
				 names[i], strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/* Rules with argument checks: exec, clone, setitimer. */
static int add_arg_rules(scmp_filter_ctx ctx, enum tu_sandbox_profile profile)
{
	int rc;

	rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execveat), 1,
			      SCMP_A0(SCMP_CMP_EQ, TU__SB_EXEC_FD));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
				      SCMP_SYS(clone3), 0);
	/* glibc's NSS probes nscd with an AF_UNIX socket when CPython looks
	 * up the home directory (HOME unset): fail it softly.  Every other
	 * socket family kills the program. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES),
				      SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	/* ITIMER_PROF carries the fractional CPU limit: keep it. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(setitimer),
				      1, SCMP_A0(SCMP_CMP_EQ, ITIMER_REAL));
	if (rc == 0 && profile == TU_PROFILE_PYTHON)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
			SCMP_A0(SCMP_CMP_MASKED_EQ,
				NS_FLAGS | CLONE_THREAD, CLONE_THREAD));
	if (rc == 0 && profile == TU_PROFILE_COMPILER)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
			SCMP_A0(SCMP_CMP_MASKED_EQ, NS_FLAGS, 0));
	return rc;
}

static int export_bpf(scmp_filter_ctx ctx, struct tu__sb_filter *f,
		      char *why, size_t why_len)
{
	int fd = memfd_create("tutor-bpf", MFD_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0) {
		snprintf(why, why_len, "memfd_create: %s", strerror(errno));
		return -1;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc == 0 && (fstat(fd, &st) != 0 || st.st_size <= 0 ||
			st.st_size % (off_t)sizeof(struct sock_filter) != 0 ||
			st.st_size > 4096 * (off_t)sizeof(struct sock_filter)))
		rc = -EINVAL;
	if (rc == 0) {
		size_t n = (size_t)st.st_size;

		f->insns = malloc(n);
		if (!f->insns || pread(fd, f->insns, n, 0) != (ssize_t)n)
			rc = -ENOMEM;
		else
			f->len = (unsigned short)(n / sizeof(struct sock_filter));
	}
	close(fd);
	if (rc != 0)
		snprintf(why, why_len, "seccomp export: %s", strerror(-rc));
	return rc;
}

bool tu__sb_filter_build(enum tu_sandbox_profile profile,
			 struct tu__sb_filter *f, char *why, size_t why_len)
{
	const char *const *extra = profile == TU_PROFILE_COMPILER ?
		compiler_calls : profile == TU_PROFILE_NATIVE ?
		native_calls : python_calls;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc;

	f->insns = NULL;
	f->len = 0;
	if (!ctx) {
		snprintf(why, why_len, "seccomp_init failed");
		return false;
	}
	rc = allow_names(ctx, base_calls, why, why_len);
	if (rc == 0)
		rc = allow_names(ctx, extra, why, why_len);
	if (rc == 0) {
		rc = add_arg_rules(ctx, profile);
		if (rc < 0)
			snprintf(why, why_len, "seccomp arg rule: %s",
				 strerror(-rc));
	}
	if (rc == 0)
		rc = export_bpf(ctx, f, why, why_len);
	seccomp_release(ctx);
	if (rc != 0)
		tu__sb_filter_release(f);
	return rc == 0;
}

void tu__sb_filter_release(struct tu__sb_filter *f)
{
	free(f->insns);
	f->insns = NULL;
	f->len = 0;
}
