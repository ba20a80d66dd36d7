# Attack: disk fill.  Writes 1 MiB blocks into ever new files in the work
# dir and tries the same in /tmp and /dev/shm, ignoring every error, so
# that neither the file size limit (one file) nor an error stops it.
# Expected: OLE (file size limit) or TLE (CPU/wall limit); the test checks
# that the host side of the work dir never holds more than a bounded
# amount and that nothing is left afterwards.
import os

BLOCK = b"\xaa" * (1 << 20)


def add(a, b):
    n = 0
    while True:
        for d in ("/work", "/tmp", "/dev/shm", "."):
            try:
                with open("%s/fill-%d" % (d, n), "wb") as f:
                    for _ in range(64):
                        f.write(BLOCK)
            except OSError:
                pass
            n += 1
