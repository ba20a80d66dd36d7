/*
 * sandbox_internal.h - pieces of the sandbox shared between its files.
 *
 * Not installed and not part of the public API.  sandbox.c is the parent
 * side (validation, pipes, the poll loop, classification); child.c is what
 * runs inside the namespaces before exec; cgroup.c drives the optional
 * per-run cgroup; filter.c holds the seccomp allow-lists.  Everything the
 * child needs is prepared by the parent in a struct tu__sb_plan before the
 * clone, so the child never allocates.
 */
#ifndef TUTOR_SANDBOX_INTERNAL_H
#define TUTOR_SANDBOX_INTERNAL_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tutor/sandbox.h"

/* Limits on the spec (validated by the parent). */
#define TU__SB_MAX_ARGS 256
#define TU__SB_MAX_ARG_LEN 4096
#define TU__SB_MAX_RO 32
#define TU__SB_MAX_PATH 256
#define TU__SB_MAX_STDIN ((size_t)64 << 20)
#define TU__SB_MAX_OUTPUT ((size_t)64 << 20)
#define TU__SB_MAX_OPEN_FILES 512u
#define TU__SB_MAX_PROCESSES 4096u
/* The program's fd used by execveat(); above every allowed RLIMIT_NOFILE,
 * so the program can never create it again (see filter.c). */
#define TU__SB_EXEC_FD 1000
/* Inside the namespace the program runs as this uid/gid, mapped to the
 * unprivileged host id TU_SANDBOX_UID_BASE + uid_slot. */
#define TU__SB_INNER_ID 1000u

/* A compiled seccomp filter (BPF), built by the parent. */
struct tu__sb_filter {
	struct sock_filter *insns;
	unsigned short len;
};

/* Everything the child reads; filled by the parent before clone. */
struct tu__sb_plan {
	const struct tu_sandbox_spec *spec;
	const struct tu__sb_filter *filter;
	bool set_rlimit_as;      /* no memory cgroup: RLIMIT_AS instead */
	int stdin_fd;            /* sealed memfd with the program's stdin */
	int out_w, err_w;        /* write ends of the capture pipes */
	int sync_r;              /* parent -> child: maps written, go on */
	int ctl_w;               /* child -> parent: "E why" / "S status..." */
	int close_fds[4];        /* parent-side ends the child closes */
	const char *newroot;     /* host directory the new root is mounted on */
};

/* Runs in the cloned child (PID 1 of the new PID namespace); never returns. */
void tu__sb_child_main(const struct tu__sb_plan *plan)
	__attribute__((noreturn));

/* Builds the filter for profile; returns false and fills why on failure. */
bool tu__sb_filter_build(enum tu_sandbox_profile profile,
			 struct tu__sb_filter *f, char *why, size_t why_len);
void tu__sb_filter_release(struct tu__sb_filter *f);

/* One per-run cgroup (v1: one directory per controller; v2: one). */
struct tu__sb_cgroup {
	bool active;
	bool v2;
	char mem[512];   /* v1 memory dir, or the v2 dir */
	char pids[512];  /* v1 pids dir ("" in v2) */
	char cpu[512];   /* v1 cpuacct dir ("" when absent or v2) */
};

/* Creates a cgroup with the limits; false (nothing left behind) when the
 * machine offers none or a write fails; why says which. */
bool tu__sb_cgroup_create(struct tu__sb_cgroup *cg,
			  const struct tu_sandbox_limits *lim,
			  char *why, size_t why_len);
/* Moves pid into the cgroup; false on failure. */
bool tu__sb_cgroup_attach(const struct tu__sb_cgroup *cg, int pid);
/* SIGKILLs every task still in the cgroup. */
void tu__sb_cgroup_kill(const struct tu__sb_cgroup *cg);
/* Number of OOM kills recorded (0 when unknown). */
uint64_t tu__sb_cgroup_oom_kills(const struct tu__sb_cgroup *cg);
/* CPU time of all tasks ever in the cgroup, seconds (< 0 when unknown). */
double tu__sb_cgroup_cpu(const struct tu__sb_cgroup *cg);
/* Peak memory, bytes (0 when unknown). */
uint64_t tu__sb_cgroup_peak(const struct tu__sb_cgroup *cg);
/* Kills what is left and removes the directories. */
void tu__sb_cgroup_destroy(struct tu__sb_cgroup *cg);
/* Capability probe for tu_sandbox_probe. */
void tu__sb_cgroup_probe(bool *v1_mem, bool *v1_pids, bool *v2);

#endif
