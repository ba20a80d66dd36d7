# Attack: kill(-1, SIGKILL) (every process it may signal) and kill(1,
# SIGKILL) (init).  Guard: both are only sent when the test process
# @TESTPID@ is invisible (kill(pid, 0) fails), i.e. inside a PID namespace;
# otherwise the program refuses, so a broken sandbox cannot take the
# machine down, and returns a wrong value instead (WA marks the escape).
# Expected: AC or SV.  In a PID namespace kill(-1) skips the caller and
# the namespace's init, and init ignores a SIGKILL sent from inside its own
# namespace, so the program survives and returns the right answer; SV when
# kill is blocked.  Never WA (= escape).  The judge (test process)
# survives.
import os
import signal


def visible(pid):
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except OSError:
        return False


def add(a, b):
    if visible(@TESTPID@):
        print("not isolated: refusing kill(-1)")
        return a + b + 1000
    for pid in (1, -1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError as e:
            print(pid, e)
    return a + b
