# Attack: kill the parent: SIGKILL to getppid() and to the test process
# (pid @TESTPID@ on the host, which runs the judge), then to the test's
# process group.
# Expected: AC (the PID namespace hides the judge; signals fail with
# ESRCH or reach only sandbox processes).  If the judge were reachable the
# test process would die and the test would fail.
import os
import signal


def add(a, b):
    for pid in (os.getppid(), @TESTPID@):
        if pid <= 1:
            continue
        try:
            os.kill(pid, signal.SIGKILL)
            print("killed", pid)
        except OSError as e:
            print(pid, e)
    try:
        os.killpg(@TESTPID@, signal.SIGKILL)
    except OSError as e:
        print("pgid", e)
    return a + b
