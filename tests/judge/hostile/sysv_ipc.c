/*
 * Attack: System V IPC: look up the test's shared memory segment (key
 * @SHMKEY@, holding the secret), attach, read, overwrite, remove it.
 * Expected: AC (IPC namespace: ENOENT) or SV.  Finding it makes add wrong.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

long long add(long long a, long long b)
{
	int id = shmget((key_t)@SHMKEY@, 0, 0666);
	char *p;

	if (id < 0) {
		perror("shmget");
		return a + b;
	}
	p = shmat(id, NULL, 0);
	if (p != (char *)-1) {
		printf("%.64s\n", p);
		memcpy(p, "PWNED", 5);
	}
	shmctl(id, IPC_RMID, NULL);
	return a + b + 1000;
}
