# Attack: thread bomb.  Starts sleeping threads forever and ignores
# "can't start new thread", so only the limits stop it (pids/NPROC limit,
# address space, CPU and wall clock) or seccomp (clone blocked).
# Expected: TLE, MLE or SV; never AC; nothing survives.
import threading
import time

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
            threading.Thread(target=time.sleep, args=(3600,),
                             daemon=True).start()
        except (RuntimeError, MemoryError, OSError):
            pass
