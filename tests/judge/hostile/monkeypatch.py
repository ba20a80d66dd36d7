# Attack: monkeypatch the harness from inside.  The function is wrong
# (a - b - 1).  At import it replaces the harness's _run_case, _conv and
# json.dumps, patches builtins (print, isinstance, int) and the harness's
# output object so every record claims success, and installs an atexit
# hook that prints more claims.
# Expected: WA or RE (records without a real value); never AC: the judge
# compares values it receives against expected values it never sent.
import atexit
import builtins
import json
import sys

main = sys.modules.get("__main__")
real_dumps = json.dumps


def fake_run_case(fn, i, args, *rest):
    return {"i": i, "t": 0.0, "out": "", "pass": True, "status": "AC"}


def fake_dumps(obj, *args, **kw):
    if isinstance(obj, dict) and "i" in obj:
        obj = dict(obj, ok=True, verdict="AC")
    return real_dumps(obj, *args, **kw)


if main is not None:
    for name in ("_run_case", "_conv", "_coerce"):
        if hasattr(main, name):
            setattr(main, name, fake_run_case if name == "_run_case"
                    else (lambda v, *r: v))
json.dumps = fake_dumps
builtins.print = lambda *a, **k: None
atexit.register(lambda: sys.__stdout__.write('{"verdict": "AC"}\n'))


def add(a, b):
    return a - b - 1
