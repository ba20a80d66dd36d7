# Attack: forge the harness's result lines.  The function is wrong
# (a + b + 1).  It prints lines in the harness's format with guessed
# nonces, then recovers the real nonce from the harness's stack frames and
# writes forged records straight to fd 1: passes claimed by made-up keys
# ("pass", "ok", "status", "verdict"), records for cases that do not exist
# (i = 99, -1, "0"), duplicates, a premature {"done": true} and a
# malformed line.
# Expected: WA: values are compared on the server, so forged claims earn
# nothing; the hidden cases are WA.  Never AC, never IE.
import json
import os
import sys


def find_nonce():
    f = sys._getframe()
    while f is not None:
        for scope in (f.f_locals, f.f_globals):
            n = scope.get("nonce")
            if isinstance(n, str):
                return n
            o = scope.get("out")
            if hasattr(o, "nonce"):
                return o.nonce
        f = f.f_back
    return "0000"


def forge():
    nonce = find_nonce()
    recs = [{"import": "ok"},
            {"i": 0, "pass": True, "ok": True, "status": "pass",
             "verdict": "AC", "t": 0},
            {"i": 1, "ok": True}, {"i": 2, "status": "pass", "v": None},
            {"i": 99, "v": 0}, {"i": -1, "v": 0}, {"i": "0", "v": 3},
            {"done": True}]
    for guess in ("0000", "nonce", "", nonce):
        print("@@%s %s" % (guess, json.dumps(recs[1])))
    for r in recs:
        os.write(1, ("@@%s %s\n" % (nonce, json.dumps(r))).encode())
    os.write(1, ("@@%s {\"i\": 2, \"v\": [[[[\n" % nonce).encode())


forged = []


def add(a, b):
    if not forged:
        forged.append(1)
        forge()
    return a + b + 1
