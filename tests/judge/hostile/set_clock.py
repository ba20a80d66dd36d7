# Attack: set the system clock.  To stay harmless even if the sandbox were
# broken, it sets CLOCK_REALTIME to the value it just read (a jump of a
# few microseconds).  Success means the sandbox let it change host time.
# Expected: AC with the call failing (EPERM: no CAP_SYS_TIME in the
# initial user namespace) or SV; success makes add wrong (WA).
import ctypes
import time

libc = ctypes.CDLL(None, use_errno=True)


class Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def add(a, b):
    ts = Timespec()
    libc.clock_gettime(0, ctypes.byref(ts))
    r = libc.clock_settime(0, ctypes.byref(ts))
    print("clock_settime", r, ctypes.get_errno(), time.time())
    return a + b + (1000 if r == 0 else 0)
