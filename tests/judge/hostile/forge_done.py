# Attack: forge the end of the run.  On the first call it writes, with the
# real nonce taken from the harness's frames, records without values for
# every case and {"done": true} to fd 1, then exits with status 0 before
# any real result is printed.
# Expected: RE (no value came back for any case) or WA; never AC.
import json
import os
import sys


def find_nonce():
    f = sys._getframe()
    while f is not None:
        o = f.f_locals.get("out")
        if hasattr(o, "nonce"):
            return o.nonce
        f = f.f_back
    return "0000"


def add(a, b):
    nonce = find_nonce()
    for i in range(3):
        rec = {"i": i, "t": 0.0, "out": "", "pass": True}
        os.write(1, ("@@%s %s\n" % (nonce, json.dumps(rec))).encode())
    os.write(1, ("@@%s {\"done\": true}\n" % nonce).encode())
    os._exit(0)
