# Attack: ptrace: PTRACE_TRACEME, then PTRACE_ATTACH to the parent, to pid
# 1 and to the test process @TESTPID@.
# Expected: SV (ptrace blocked by seccomp) or AC (every attach fails).  A
# successful attach to something outside the program makes add wrong.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p,
                        ctypes.c_void_p]
PTRACE_TRACEME, PTRACE_ATTACH = 0, 16


def add(a, b):
    attached = []
    r = libc.ptrace(PTRACE_TRACEME, 0, None, None)
    print("traceme", r, ctypes.get_errno())
    for pid in (os.getppid(), 1, @TESTPID@):
        if pid == 0:
            continue
        if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
            attached.append(pid)
        print("attach", pid, ctypes.get_errno())
    return a + b + (1000 if attached else 0)
