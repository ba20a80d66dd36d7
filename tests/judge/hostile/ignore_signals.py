# Attack: ignore and block every catchable signal (SIGTERM, SIGINT,
# SIGXCPU, SIGPROF, SIGALRM, ...), stop the harness's per-case timer
# (ITIMER_REAL), and spin.
# Expected: TLE: the judge must end the run with SIGKILL (CPU hard limit
# or wall clock), which cannot be ignored.
import signal


def add(a, b):
    for s in signal.valid_signals():
        if s in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(s, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    signal.setitimer(signal.ITIMER_REAL, 0)
    while True:
        a += 1
