# Attack: privilege games: setuid(0), setgid(0), setgroups([0]),
# setresuid(0, 0, 0), then read /etc/shadow and the secret file and chown
# a file to root.
# Expected: AC (the calls fail, or succeed only inside the user namespace
# where uid 0 owns nothing of the host) or SV.  A successful read of a
# protected file makes add wrong (WA).
import os

leaked = []


def attempt():
    for name, call in (("setgroups", lambda: os.setgroups([0])),
                       ("setgid", lambda: os.setgid(0)),
                       ("setuid", lambda: os.setuid(0)),
                       ("setresuid", lambda: os.setresuid(0, 0, 0))):
        try:
            call()
            print(name, "ok")
        except OSError as e:
            print(name, e)
    print("ids", os.getresuid(), os.getresgid())
    for path in ("/etc/shadow", "@SECRET_FILE@"):
        try:
            with open(path) as f:
                print(path, f.read())
            leaked.append(path)
        except OSError as e:
            print(path, e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
