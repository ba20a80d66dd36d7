# Attack: leave a background process behind: double fork, setsid, close
# the output, and sleep for an hour (named "@MARK@"); the function
# returns the right answer at once.
# Expected: AC (or SV if fork is blocked); no "@MARK@" process exists
# once tu_judge_submit returns.
import os
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
    try:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                for fd in (0, 1, 2):
                    os.close(fd)
                time.sleep(3600)
            os._exit(0)
    except OSError as e:
        print("fork:", e)
    return a + b
