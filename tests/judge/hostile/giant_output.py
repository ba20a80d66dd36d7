# Attack: giant output: floods stdout and stderr with 64 KiB writes forever.
# Expected: OLE (the captured output cap is reached; the judge kills the
# run instead of buffering without bound).
import sys

CHUNK = "x" * 65536


def add(a, b):
    while True:
        sys.stdout.write(CHUNK)
        sys.stderr.write(CHUNK)
