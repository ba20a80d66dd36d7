# Attack: fork bomb.  Every process forks forever and ignores failures, so
# only the sandbox can stop it (pids cgroup or RLIMIT_NPROC under the
# sandbox uid, the CPU limit of the tree, the wall clock, or seccomp).
# Expected: TLE (tree killed at the CPU or wall limit) or SV (fork blocked);
# never AC; no process (comm "tuhostile") survives the run.
import os

def _mark():
    # Names this process "tuhostile" so the test can find any survivor.
    try:
        import ctypes
        ctypes.CDLL(None).prctl(15, b"tuhostile", 0, 0, 0)
    except Exception:
        try:
            with open("/proc/self/comm", "w") as f:
                f.write("tuhostile")
        except OSError:
            pass


_mark()


def add(a, b):
    while True:
        try:
            os.fork()
        except OSError:
            pass
