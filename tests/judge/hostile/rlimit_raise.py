# Attack: raise the resource limits (CPU, address space, processes, file
# size, open files) to infinity, then spin.
# Expected: TLE: raising a hard limit fails (EPERM) and the wall clock is
# enforced by the judge anyway.
import resource

LIMITS = ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE",
          "RLIMIT_NOFILE", "RLIMIT_DATA", "RLIMIT_STACK")


def add(a, b):
    inf = resource.RLIM_INFINITY
    for name in LIMITS:
        try:
            resource.setrlimit(getattr(resource, name), (inf, inf))
            print(name, "raised")
        except (ValueError, OSError) as e:
            print(name, e)
    while True:
        a += 1
