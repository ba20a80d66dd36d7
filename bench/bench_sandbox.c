/*
 * bench_sandbox.c - time per sandboxed run against plain fork/exec.
 *
 * Runs `python3 -c pass` and a tiny compiled C program N times (default
 * 50) each way: plain fork + execve + waitpid, tu_sandbox_run with the
 * cgroup, and tu_sandbox_run with allow_cgroup = false.  Prints the mean
 * wall time per run in milliseconds.  Needs root; run by hand:
 *   build/bench/bench_sandbox [N]
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tutor/sandbox.h"

static const char *const ro[] = { "/usr", "/lib", "/lib64", "/bin", NULL };
static const char *const env[] = { "PATH=/usr/bin:/bin", NULL };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char env_path[] = "PATH=/usr/bin:/bin";
static char *const plain_env[] = { env_path, NULL };

static double plain(char *const *argv, int n)
{
	double t0 = now_ms();

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			execve(argv[0], argv, plain_env);
			_exit(127);
		}
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fprintf(stderr, "plain run failed\n");
	}
	return (now_ms() - t0) / n;
}

static double boxed(const char *const *argv, const char *dir,
		    enum tu_sandbox_profile prof, bool cgroup, int n)
{
	struct tu_sandbox_spec s;
	struct tu_sandbox_result r;
	struct tu_err err = TU_ERR_INIT;
	double t0;

	memset(&s, 0, sizeof(s));
	s.argv = argv;
	s.envp = env;
	s.workdir = dir;
	s.ro_paths = ro;
	tu_sandbox_limits_default(&s.limits);
	s.profile = prof;
	s.allow_cgroup = cgroup;
	s.uid_slot = 950;
	t0 = now_ms();
	for (int i = 0; i < n; i++) {
		if (tu_sandbox_run(&s, &r, &err) != TU_OK ||
		    r.status != TU_RUN_EXITED || r.exit_code != 0)
			fprintf(stderr, "sandboxed run failed: %s %s\n",
				err.msg, r.detail);
		tu_sandbox_result_release(&r);
	}
	return (now_ms() - t0) / n;
}

static int rm_one(const char *p, const struct stat *sb, int f, struct FTW *w)
{
	(void)sb; (void)f; (void)w;
	return remove(p);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 50;
	char dir[] = "/tmp/tu-bench-XXXXXX", cmd[256], exe[64];
	static char py0[] = "/usr/bin/python3", py1[] = "-c", py2[] = "pass";
	char *const py_plain[] = { py0, py1, py2, NULL };
	const char *py[] = { py0, py1, py2, NULL };
	char *const c_host[] = { exe, NULL };
	const char *c_box[] = { "/work/tiny", NULL };

	if (n < 1 || !mkdtemp(dir))
		return 2;
	snprintf(exe, sizeof(exe), "%s/tiny", dir);
	snprintf(cmd, sizeof(cmd), "printf 'int main(void){return 0;}' | "
		 "gcc -O2 -x c -o %s -", exe);
	if (system(cmd) != 0)
		return 1;
	printf("runs per case: %d (mean wall ms per run)\n", n);
	printf("python3 -c pass  plain %.2f  sandbox+cgroup %.2f  sandbox-rlimit %.2f\n",
	       plain(py_plain, n), boxed(py, dir, TU_PROFILE_PYTHON, true, n),
	       boxed(py, dir, TU_PROFILE_PYTHON, false, n));
	printf("tiny C program   plain %.2f  sandbox+cgroup %.2f  sandbox-rlimit %.2f\n",
	       plain(c_host, n), boxed(c_box, dir, TU_PROFILE_NATIVE, true, n),
	       boxed(c_box, dir, TU_PROFILE_NATIVE, false, n));
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}
