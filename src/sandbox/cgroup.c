/*
 * cgroup.c - the optional per-run cgroup (memory, pids, CPU accounting).
 *
 * cgroup v1: one directory per controller, <mount>/<our own group>/tutor/
 * run-<pid>-<n>, under the group this process already sits in (so the
 * run stays inside whatever limits the caller has).  memory.limit_in_bytes
 * (and memory.memsw.limit_in_bytes when swap accounting exists, same
 * value: no swapping around the limit), pids.max; cpuacct when mounted.
 * cgroup v2 (only when its memory and pids controllers are available):
 * <mount>/tutor/run-<pid>-<n> with memory.max, memory.swap.max = 0 and
 * pids.max, controllers enabled from the root down.  When anything fails
 * the directories made so far are removed and the caller falls back to
 * rlimits.  This file does I/O on /sys/fs/cgroup and /proc/self only.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sandbox_internal.h"

#define CG_ROOT "/sys/fs/cgroup"

static int write_text(const char *dir, const char *file, const char *text)
{
	char path[640];
	int fd, ok;
	ssize_t len = (ssize_t)strlen(text);

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, text, (size_t)len) == len;
	close(fd);
	return ok ? 0 : -1;
}

/* Reads a small file into buf (NUL-terminated); -1 on failure. */
static int read_text(const char *dir, const char *file, char *buf,
		     size_t len)
{
	char path[640];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static bool exists(const char *dir, const char *file)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

/* Our own group in the hierarchy holding ctrl ("" for v2), from
 * /proc/self/cgroup; false when not found. */
static bool own_group(const char *ctrl, char *out, size_t len)
{
	char line[1024];
	bool found = false;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *tok, *save = NULL;

		if (!c2)
			continue;
		*c2 = '\0';
		line[strcspn(line, "\n")] = '\0';
		c2[1 + strcspn(c2 + 1, "\n")] = '\0';
		if (!ctrl[0])
			found = strcmp(line, "0") == 0;
		for (tok = strtok_r(c1 + 1, ",", &save); ctrl[0] && tok;
		     tok = strtok_r(NULL, ",", &save))
			found = found || strcmp(tok, ctrl) == 0;
		if (found)
			snprintf(out, len, "%s", strcmp(c2 + 1, "/") ? c2 + 1 : "");
	}
	fclose(f);
	return found;
}

static unsigned next_seq(void)
{
	static unsigned seq; /* only uniqueness matters; races are harmless */

	return __atomic_add_fetch(&seq, 1u, __ATOMIC_RELAXED);
}

/* Makes <mount><own>/tutor/<name> for a v1 controller into out. */
static bool v1_dir(const char *ctrl, const char *name, char *out, size_t len)
{
	char own[400];
	int n;

	out[0] = '\0';
	if (!own_group(ctrl, own, sizeof(own)))
		return false;
	n = snprintf(out, len, CG_ROOT "/%s%s/tutor", ctrl, own);
	if (n < 0 || (size_t)n + 40 >= len)
		return false;
	if (mkdir(out, 0755) != 0 && errno != EEXIST)
		return out[0] = '\0', false;
	snprintf(out + n, len - (size_t)n, "/%s", name);
	if (mkdir(out, 0755) != 0)
		return out[0] = '\0', false;
	return true;
}

static bool v1_create(struct tu__sb_cgroup *cg,
		      const struct tu_sandbox_limits *lim, const char *name,
		      char *why, size_t why_len)
{
	char num[32];

	if (!v1_dir("memory", name, cg->mem, sizeof(cg->mem)) ||
	    !v1_dir("pids", name, cg->pids, sizeof(cg->pids))) {
		snprintf(why, why_len, "cgroup v1 mkdir: %s", strerror(errno));
		return false;
	}
	if (!v1_dir("cpuacct", name, cg->cpu, sizeof(cg->cpu)))
		cg->cpu[0] = '\0';
	snprintf(num, sizeof(num), "%llu", (unsigned long long)lim->memory_bytes);
	if (write_text(cg->mem, "memory.limit_in_bytes", num) != 0 ||
	    (exists(cg->mem, "memory.memsw.limit_in_bytes") &&
	     write_text(cg->mem, "memory.memsw.limit_in_bytes", num) != 0)) {
		snprintf(why, why_len, "cgroup v1 memory limit: %s",
			 strerror(errno));
		return false;
	}
	snprintf(num, sizeof(num), "%u", lim->processes);
	if (write_text(cg->pids, "pids.max", num) != 0) {
		snprintf(why, why_len, "cgroup v1 pids.max: %s", strerror(errno));
		return false;
	}
	return true;
}

/* The v2 mount: /sys/fs/cgroup itself or /sys/fs/cgroup/unified, when it
 * offers memory and pids. */
static bool v2_mount(char *out, size_t len)
{
	static const char *const cands[] = { CG_ROOT, CG_ROOT "/unified" };
	char ctl[256];

	for (size_t i = 0; i < 2; i++) {
		if (read_text(cands[i], "cgroup.controllers", ctl,
			      sizeof(ctl)) != 0)
			continue;
		if (strstr(ctl, "memory") && strstr(ctl, "pids")) {
			snprintf(out, len, "%s", cands[i]);
			return true;
		}
	}
	return false;
}

static bool v2_create(struct tu__sb_cgroup *cg,
		      const struct tu_sandbox_limits *lim, const char *name,
		      char *why, size_t why_len)
{
	char dir[512], num[32];

	cg->v2 = true;
	if (!v2_mount(dir, sizeof(dir)))
		return snprintf(why, why_len, "no cgroup"), false;
	strncat(dir, "/tutor", sizeof(dir) - strlen(dir) - 1);
	write_text(dir, "../cgroup.subtree_control", "+memory +pids");
	if ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
	    write_text(dir, "cgroup.subtree_control", "+memory +pids") != 0) {
		snprintf(why, why_len, "cgroup v2 %s: %s", dir, strerror(errno));
		return false;
	}
	snprintf(cg->mem, sizeof(cg->mem), "%s/%s", dir, name);
	if (mkdir(cg->mem, 0755) != 0) {
		cg->mem[0] = '\0';
		return snprintf(why, why_len, "cgroup v2 mkdir: %s",
				strerror(errno)), false;
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)lim->memory_bytes);
	if (write_text(cg->mem, "memory.max", num) != 0)
		return snprintf(why, why_len, "cgroup v2 memory.max: %s",
				strerror(errno)), false;
	write_text(cg->mem, "memory.swap.max", "0");
	snprintf(num, sizeof(num), "%u", lim->processes);
	if (write_text(cg->mem, "pids.max", num) != 0)
		return snprintf(why, why_len, "cgroup v2 pids.max: %s",
				strerror(errno)), false;
	return true;
}

bool tu__sb_cgroup_create(struct tu__sb_cgroup *cg,
			  const struct tu_sandbox_limits *lim,
			  char *why, size_t why_len)
{
	char name[64];
	bool ok;

	memset(cg, 0, sizeof(*cg));
	snprintf(name, sizeof(name), "run-%ld-%u", (long)getpid(), next_seq());
	if (access(CG_ROOT "/memory/cgroup.procs", W_OK) == 0 &&
	    access(CG_ROOT "/pids/cgroup.procs", W_OK) == 0)
		ok = v1_create(cg, lim, name, why, why_len);
	else
		ok = v2_create(cg, lim, name, why, why_len);
	cg->active = true;
	if (!ok)
		tu__sb_cgroup_destroy(cg);
	return ok;
}

bool tu__sb_cgroup_attach(const struct tu__sb_cgroup *cg, int pid)
{
	char num[24];

	snprintf(num, sizeof(num), "%d", pid);
	if (write_text(cg->mem, "cgroup.procs", num) != 0)
		return false;
	if (cg->pids[0] && write_text(cg->pids, "cgroup.procs", num) != 0)
		return false;
	if (cg->cpu[0] && write_text(cg->cpu, "cgroup.procs", num) != 0)
		return false;
	return true;
}

/* SIGKILLs the tasks listed in dir/cgroup.procs; returns how many. */
static int kill_listed(const char *dir)
{
	char buf[4096];
	int n = 0;

	if (!dir[0] || read_text(dir, "cgroup.procs", buf, sizeof(buf)) != 0)
		return 0;
	for (char *s = buf, *end; *s; s = end) {
		long pid = strtol(s, &end, 10);

		if (end == s)
			break;
		if (pid > 1 && kill((pid_t)pid, SIGKILL) == 0)
			n++;
	}
	return n;
}

void tu__sb_cgroup_kill(const struct tu__sb_cgroup *cg)
{
	if (!cg->active)
		return;
	if (cg->v2 && write_text(cg->mem, "cgroup.kill", "1") == 0)
		return;
	kill_listed(cg->mem);
	kill_listed(cg->pids);
}

/* Value of "key N" in a flat-keyed file, 0 when absent. */
static uint64_t keyed_value(const char *dir, const char *file,
			    const char *key)
{
	char buf[2048];
	size_t klen = strlen(key);

	if (!dir[0] || read_text(dir, file, buf, sizeof(buf)) != 0)
		return 0;
	for (char *s = buf; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s)
		if (strncmp(s, key, klen) == 0 && s[klen] == ' ')
			return strtoull(s + klen + 1, NULL, 10);
	return 0;
}

uint64_t tu__sb_cgroup_oom_kills(const struct tu__sb_cgroup *cg)
{
	if (!cg->active)
		return 0;
	if (cg->v2)
		return keyed_value(cg->mem, "memory.events", "oom_kill");
	return keyed_value(cg->mem, "memory.oom_control", "oom_kill");
}

double tu__sb_cgroup_cpu(const struct tu__sb_cgroup *cg)
{
	char buf[64];

	if (!cg->active)
		return -1.0;
	if (cg->v2)
		return (double)keyed_value(cg->mem, "cpu.stat", "usage_usec") / 1e6;
	if (!cg->cpu[0] || read_text(cg->cpu, "cpuacct.usage", buf,
				     sizeof(buf)) != 0)
		return -1.0;
	return (double)strtoull(buf, NULL, 10) / 1e9;
}

uint64_t tu__sb_cgroup_peak(const struct tu__sb_cgroup *cg)
{
	char buf[64];
	const char *file = cg->v2 ? "memory.peak" : "memory.max_usage_in_bytes";

	if (!cg->active || read_text(cg->mem, file, buf, sizeof(buf)) != 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

/* rmdir, retrying while the killed tasks are still exiting (<= 1 s). */
static void remove_dir(const char *dir)
{
	struct timespec ts = { 0, 2000000 };

	if (!dir[0])
		return;
	for (int i = 0; i < 500; i++) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return;
		if (errno != EBUSY)
			return;
		kill_listed(dir);
		nanosleep(&ts, NULL);
	}
}

void tu__sb_cgroup_destroy(struct tu__sb_cgroup *cg)
{
	if (!cg->active)
		return;
	tu__sb_cgroup_kill(cg);
	remove_dir(cg->mem);
	remove_dir(cg->pids);
	remove_dir(cg->cpu);
	cg->active = false;
}

void tu__sb_cgroup_probe(bool *v1_mem, bool *v1_pids, bool *v2)
{
	char dir[512];

	*v1_mem = access(CG_ROOT "/memory/cgroup.procs", W_OK) == 0;
	*v1_pids = access(CG_ROOT "/pids/cgroup.procs", W_OK) == 0;
	*v2 = v2_mount(dir, sizeof(dir));
}
