# Attack: fork bomb.  Every process forks forever and ignores failures, so
# only the sandbox can stop it (pids cgroup or RLIMIT_NPROC under the
# sandbox uid, the CPU limit of the tree, the wall clock, or seccomp).
# Expected: TLE (tree killed at the CPU or wall limit) or SV (fork blocked);
# never AC; no process (comm "@MARK@") survives the run.
import os

def _mark():
    # Names this process "@MARK@" (inherited by every child) so the
    # test can find any survivor.  /proc/self/comm rather than prctl,
    # which the sandbox may forbid.
    try:
        with open("/proc/self/comm", "w") as f:
            f.write("@MARK@")
    except OSError:
        pass


_mark()


def add(a, b):
    while True:
        try:
            os.fork()
        except OSError:
            pass
