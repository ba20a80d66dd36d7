/*
 * Attack: exec a shell: system() and then execve("/bin/sh") replacing the
 * harness, running commands that read the secret file, write the host
 * sentinel and print `id`.
 * Expected: SV (execve blocked), RE (the harness was replaced; no result
 * came back) or AC (no shell in the sandbox: every exec failed); in every
 * case no secret in the result and no sentinel on the host.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define H_CMD "id; cat @SECRET_FILE@; echo planted > @SENTINEL@; ls /"

long long add(long long a, long long b)
{
	char *const argv[] = { "sh", "-c", H_CMD, NULL };
	char *const envp[] = { NULL };

	printf("system: %d\n", system(H_CMD));
	fflush(stdout);
	execve("/bin/sh", argv, envp);
	perror("execve");
	return a + b;
}
