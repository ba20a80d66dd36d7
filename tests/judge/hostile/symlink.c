/*
 * Attack: symlink tricks against the judge's result reading and cleanup:
 * links in the work dir to the secret file @SECRET_FILE@, /etc/shadow and
 * the secret dir (directory links a careless recursive delete would
 * follow), under names the judge might read back or delete; its own
 * files are swapped for links; a hard link to the secret is tried.
 * Expected: AC; afterwards the secret file, its directory and /etc/shadow
 * are untouched and the secret appears nowhere in the result.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void h_plant(const char *target, const char *name)
{
	char orig[128];

	snprintf(orig, sizeof(orig), "%s.orig", name);
	(void)rename(name, orig);
	if (symlink(target, name) != 0)
		perror(name);
}

long long add(long long a, long long b)
{
	static const char *const names[] = {
		"result", "result.json", "results.json", "output", "out.txt",
		"stdout", "stderr", "harness.json", "report.json", "a.out",
		"solution", "main", "prog", "cases.json", "input.json",
		"harness", "harness.c", "solution.c",
	};
	static const char *const dirs[] = { "@SECRET_DIR@", "/etc", "/", ".." };
	char name[64];

	if (chdir("/work") != 0)
		perror("chdir");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		h_plant("@SECRET_FILE@", names[i]);
	h_plant("/etc/shadow", "shadow");
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "dir%d", i);
		h_plant(dirs[i], name);
		snprintf(name, sizeof(name), "nest%d", i);
		mkdir(name, 0755);
		snprintf(name, sizeof(name), "nest%d/link", i);
		h_plant(dirs[i], name);
	}
	if (link("@SECRET_FILE@", "hard") != 0)
		perror("link");
	return a + b;
}
