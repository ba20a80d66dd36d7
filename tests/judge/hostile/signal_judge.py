# Attack: signals to the judge: SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
# SIGPIPE, SIGALRM, SIGCHLD, SIGXCPU and SIGSTOP to the test process
# @TESTPID@ (which runs the judge), to its process group and to the parent.
# Expected: AC (the PID namespace hides them: ESRCH).  Any of these
# reaching the test would kill or stop it, failing the test.
import os
import signal

SIGS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1,
        signal.SIGUSR2, signal.SIGPIPE, signal.SIGALRM, signal.SIGCHLD,
        signal.SIGXCPU, signal.SIGSTOP)


def add(a, b):
    for sig in SIGS:
        for pid in (@TESTPID@, -@TESTPID@):
            try:
                os.kill(pid, sig)
                print("sent", sig, pid)
            except OSError as e:
                print(sig, pid, e)
        ppid = os.getppid()
        if ppid > 1:
            try:
                os.kill(ppid, sig)
            except OSError as e:
                print(sig, "ppid", e)
    return a + b
