# Attack: read the store's database file.  The test stands a secret file
# in for it at @SECRET_FILE@ (outside the work dir) and tells the program
# the exact path; the program also tries /proc/1/root, ../ and /proc/<pid>
# routes to it.
# Expected: AC, and the secret appears nowhere in the result.  A
# successful read makes add wrong (WA) and prints the secret.
import os

leaked = []
PATHS = ("@SECRET_FILE@", "/proc/1/root@SECRET_FILE@",
         "/proc/@TESTPID@/root@SECRET_FILE@",
         "/work/../../../..@SECRET_FILE@", "../../../..@SECRET_FILE@")


def attempt():
    for path in PATHS:
        try:
            with open(path) as f:
                data = f.read()
            print(path, data)
            leaked.append(path)
        except OSError as e:
            print(path, e)
    try:
        print(os.listdir("@SECRET_DIR@"))
        leaked.append("listdir")
    except OSError as e:
        print(e)


def add(a, b):
    if not leaked:
        attempt()
    return a + b + (1000 if leaked else 0)
