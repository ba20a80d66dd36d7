# Attack: network.  Connects over TCP and UDP to ports the test process is
# listening on at 127.0.0.1 (@PORT@ / @UDPPORT@), and to the test's
# abstract Unix socket "@UNIXNAME@", and sends data.
# Expected: AC with nothing received by the test (network namespace with
# no usable interface) or SV (socket blocked by seccomp).  A connection
# that succeeds makes add return a wrong value (WA).
import socket

escaped = []


def attempt():
    try:
        s = socket.create_connection(("127.0.0.1", @PORT@), timeout=0.5)
        s.sendall(b"LEAK-TCP")
        escaped.append("tcp")
    except OSError as e:
        print("tcp:", e)
    try:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.sendto(b"LEAK-UDP", ("127.0.0.1", @UDPPORT@))
        escaped.append("udp-sent")
    except OSError as e:
        print("udp:", e)
    try:
        x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        x.settimeout(0.5)
        x.connect("\0@UNIXNAME@")
        x.sendall(b"LEAK-UNIX")
        escaped.append("unix")
    except OSError as e:
        print("unix:", e)


def add(a, b):
    if not escaped:
        attempt()
    print("escaped:", escaped)
    return a + b + (1000 if "tcp" in escaped or "unix" in escaped else 0)
