/*
 * Attack: mount, umount, unshare and chroot: mount tmpfs, proc and a bind
 * of /, unmount /work and /usr, unshare new namespaces, a classic chroot
 * escape (chroot into a subdirectory, chdir("..") many times, chroot(".")),
 * then read the secret file and /etc/shadow.
 * Expected: SV or AC (the calls fail, or act only in the sandbox's own
 * namespaces).  A successful read makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int h_readable(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = 0;
		printf("%s: %s\n", path, buf);
	}
	return n > 0;
}

long long add(long long a, long long b)
{
	mkdir("/work/m", 0755);
	mkdir("/work/jail", 0755);
	printf("mount tmpfs %d\n", mount("none", "/work/m", "tmpfs", 0, NULL));
	printf("mount proc %d\n", mount("proc", "/work/m", "proc", 0, NULL));
	printf("bind / %d\n", mount("/", "/work/m", NULL, MS_BIND | MS_REC, NULL));
	printf("umount /work %d\n", umount2("/work", MNT_DETACH));
	printf("umount /usr %d\n", umount2("/usr", MNT_DETACH));
	printf("unshare %d\n", unshare(CLONE_NEWUSER | CLONE_NEWNS));
	printf("unshare pid %d\n", unshare(CLONE_NEWPID));
	if (chroot("/work/jail") == 0) {
		for (int i = 0; i < 64; i++)
			(void)!chdir("..");
		printf("chroot . %d\n", chroot("."));
	}
	if (h_readable("@SECRET_FILE@") || h_readable("/etc/shadow") ||
	    h_readable("/work/m@SECRET_FILE@"))
		return a + b + 1000;
	return a + b;
}
