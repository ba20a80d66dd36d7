# Attack: CPU through children: forks 8 processes that spin forever, so no
# single process reaches its own CPU limit quickly; the parent waits.
# Expected: TLE (the tree's CPU or the wall clock); SV if fork is blocked;
# the run ends near the limits and no spinner survives.
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
    for _ in range(8):
        try:
            if os.fork() == 0:
                while True:
                    pass
        except OSError as e:
            print(e)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return a + b
