# Attack: inherited file descriptors.  The test process holds the secret
# file open read-write WITHOUT close-on-exec while it judges; the program
# scans fds 3..1023, reads from every one it finds (pread at offset 0) and
# writes "PWNED" into each.
# Expected: AC; the sandbox closes every fd but 0, 1, 2 (and its own
# pipes), so the secret never appears in the result and the host file is
# unchanged.  Reading the secret makes add wrong (WA).
import os

found = []


def attempt():
    for fd in range(3, 1024):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        try:
            target = os.readlink("/proc/self/fd/%d" % fd)
        except OSError:
            target = "?"
        print("fd", fd, target, st.st_mode)
        try:
            data = os.pread(fd, 256, 0)
            print("read", fd, data)
            if b"SECRET" in data:
                found.append(fd)
        except OSError as e:
            print("read", fd, e)
        try:
            os.pwrite(fd, b"PWNED", 0)
        except OSError:
            pass


def add(a, b):
    if not found:
        attempt()
    return a + b + (1000 if found else 0)
