# Attack: write outside the work dir: the host sentinel @SENTINEL@, the
# secret dir @SECRET_DIR@, /etc, /usr, /, /var/tmp, /dev/shm, /tmp and the
# work dir's parent (../ and the judge's own directory).
# Expected: AC (or SV); afterwards the test checks on the host that none
# of these files exists.  Writes that land in a private, discarded tmpfs
# inside the sandbox are harmless and not reported as failures here.
import os

TARGETS = ("@SENTINEL@", "@SECRET_DIR@/planted", "/etc/@TAG@",
           "/usr/@TAG@", "/@TAG@", "/var/tmp/@TAG@", "/dev/shm/@TAG@",
           "/tmp/@TAG@", "../@TAG@", "/work/../@TAG@",
           "/proc/1/root/tmp/@TAG@")


def add(a, b):
    for path in TARGETS:
        try:
            with open(path, "w") as f:
                f.write("planted by write_outside\n")
            print("wrote", path)
        except OSError as e:
            print(path, e)
    return a + b
