# Attack: read /etc/shadow (and list /etc).
# Expected: AC: the file is not in the sandbox's view (or not readable), so
# the read fails.  A successful read prints the file (the test looks for
# its first line) and makes add wrong (WA).
import os

leaked = []


def attempt():
    try:
        print(sorted(os.listdir("/etc"))[:20])
    except OSError as e:
        print("listdir:", e)
    for path in ("/etc/shadow", "/etc/gshadow", "/../etc/shadow",
                 "/proc/1/root/etc/shadow"):
        try:
            with open(path) as f:
                data = f.read()
            print(path, data)
            leaked.append(path)
        except OSError as e:
            print(path, e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
