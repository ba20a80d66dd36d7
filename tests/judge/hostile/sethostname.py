# Attack: change the machine's host name and domain name.
# Expected: AC (the call fails, or changes only the sandbox's own UTS
# namespace) or SV; the test checks the host name is unchanged.
import ctypes
import socket

libc = ctypes.CDLL(None, use_errno=True)


def add(a, b):
    try:
        socket.sethostname("tutor-hostile-pwned")
    except OSError as e:
        print("sethostname:", e)
    print("setdomainname", libc.setdomainname(b"pwned", 5))
    return a + b
