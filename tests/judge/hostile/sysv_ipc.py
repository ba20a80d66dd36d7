# Attack: System V IPC.  The test process creates a shared memory segment
# with key @SHMKEY@ holding the secret; the program looks it up with
# shmget, attaches, reads and overwrites it, and tries IPC_RMID.
# Expected: AC (the IPC namespace hides the segment: ENOENT) or SV.
# Finding it makes add wrong (WA); the test checks the segment survives
# unchanged.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
found = []


def attempt():
    sid = libc.shmget(@SHMKEY@, 0, 0o666)
    print("shmget", sid, ctypes.get_errno())
    if sid < 0:
        return
    found.append(sid)
    addr = libc.shmat(sid, None, 0)
    if addr not in (None, ctypes.c_void_p(-1).value):
        print(ctypes.string_at(addr, 64))
        ctypes.memmove(addr, b"PWNED", 5)
    libc.shmctl(sid, 0, None)  # IPC_RMID


def add(a, b):
    if not found:
        attempt()
    return a + b + (1000 if found else 0)
