# Attack: read the parent's environment: os.environ (the test process sets
# TUTOR_CANARY_SECRET), /proc/self/environ, /proc/1/environ,
# /proc/<ppid>/environ and the test process's /proc/@TESTPID@/environ.
# Expected: AC; the secret appears nowhere in the result (clean
# environment, PID namespace).  Seeing the secret makes add wrong (WA).
import os

leaked = []


def attempt():
    print(sorted(os.environ.items()))
    if "TUTOR_CANARY_SECRET" in os.environ:
        leaked.append("os.environ")
    for pid in ("self", "1", str(os.getppid()), "@TESTPID@"):
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                data = f.read()
            print(pid, data)
            if b"TUTOR_CANARY_SECRET" in data:
                leaked.append(pid)
        except OSError as e:
            print(pid, e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
