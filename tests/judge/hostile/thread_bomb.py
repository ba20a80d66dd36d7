# Attack: thread bomb.  Starts sleeping threads forever and ignores
# "can't start new thread", so only the limits stop it (pids/NPROC limit,
# address space, CPU and wall clock) or seccomp (clone blocked).
# Expected: TLE, MLE or SV; never AC; nothing survives.
import threading
import time

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
            threading.Thread(target=time.sleep, args=(3600,),
                             daemon=True).start()
        except (RuntimeError, MemoryError, OSError):
            pass
