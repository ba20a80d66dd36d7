# harness.py - runs inside the sandbox next to solution.py and cases.json
# (docs/judge.md, "Python harness").  Shipped inside the tutor binary
# (embedded at build time from src/judge/harness_python.py).
#
# Usage: python3 -I -S -B harness.py NONCE
# cases.json holds ONLY the inputs: {"func", "types", "case_cpu_s",
# "output_keep", "output_max", "cases": [[arg, ...], ...]}.
# One result line per case goes to the real stdout, prefixed "@@NONCE ":
#   {"i": K, "t": cpu_s, "out": "...", "v": value}         a returned value
#   {"i": K, "t": ..., "err": "ValueError", "msg": "...", "line": 7}
#   {"i": K, "t": ..., "tle": true} / {"i": K, "ole": true}
# plus one header line: {"import": "ok"} or {"ce": {...}} / {"import_err":
# {...}} / {"missing": "name"}, and {"done": true} at the end.  The judge
# compares values with the expected ones on the server.
import io
import json
import math
import os
import signal
import sys
import time

_armed = False
_limit = 1.0
_cpu0 = 0.0
_wall0 = 0.0


class _Timeout(BaseException):
    pass


class _OutputLimit(BaseException):
    pass


class _Unsupported(Exception):
    pass


# The per-case limit is CPU time, watched with ITIMER_REAL (the sandbox
# keeps ITIMER_PROF for itself): when the timer fires before the case has
# used its CPU budget (a loaded machine), it is re-armed for the rest; a
# case that waits (sleep, blocked read) stops after 3 x limit + 1 s of
# wall time.
def _on_alarm(signum, frame):
    if not _armed:
        return
    cpu = time.process_time() - _cpu0
    wall = time.monotonic() - _wall0
    if cpu < _limit and wall < 3 * _limit + 1:
        signal.setitimer(signal.ITIMER_REAL, max(_limit - cpu, 0.01))
        return
    # Keep firing until the harness has caught it, in case the learner's
    # code swallows it with a bare except.
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    raise _Timeout()


def _arm(seconds):
    global _armed, _limit, _cpu0, _wall0
    _limit = seconds
    _cpu0 = time.process_time()
    _wall0 = time.monotonic()
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _disarm():
    global _armed
    _armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)


class _Cap(io.TextIOBase):
    """Learner output of one case: keeps the first `keep` characters,
    raises _OutputLimit past `limit` characters in total."""

    def __init__(self, keep, limit):
        self.parts = []
        self.kept = 0
        self.total = 0
        self.keep = keep
        self.limit = limit

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not "
                            + type(s).__name__)
        self.total += len(s)
        if self.kept < self.keep:
            take = s[:self.keep - self.kept]
            self.parts.append(take)
            self.kept += len(take)
        if self.total > self.limit:
            raise _OutputLimit()
        return len(s)

    def text(self):
        return "".join(self.parts)


def _clean_str(s):
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _conv(v, depth=0):
    """A returned value as JSON: tuples become lists, sets sorted lists,
    NaN and infinities strings, ints beyond 64 bits strings."""
    if depth > 100:
        raise _Unsupported("nested too deeply")
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return _clean_str(v)
    if isinstance(v, int):
        return int(v) if -2**63 <= v < 2**63 else str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_conv(x, depth + 1) for x in v]
    if isinstance(v, (set, frozenset)):
        items = [_conv(x, depth + 1) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if isinstance(v, dict):
        return {_clean_str(str(k)): _conv(x, depth + 1) for k, x in v.items()}
    raise _Unsupported("a value of type '%s'" % type(v).__name__)


def _coerce(t, v):
    """JSON ints given for float parameters become floats."""
    if t == "float" and isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    if t.startswith("list[") and isinstance(v, list):
        return [_coerce(t[5:-1], x) for x in v]
    return v


def _learner_line(tb):
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith("solution.py"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _error(e):
    try:
        msg = str(e)
    except BaseException:
        msg = "(the exception's message could not be shown)"
    return {"err": type(e).__name__, "msg": _clean_str(msg[:300]),
            "line": _learner_line(e.__traceback__)}


class _Out:
    def __init__(self, nonce):
        self.nonce = nonce
        self.f = os.fdopen(os.dup(1), "w", encoding="utf-8")

    def emit(self, rec):
        try:
            line = json.dumps(rec, ensure_ascii=False, allow_nan=False)
        except (ValueError, TypeError, RecursionError) as e:
            line = json.dumps({"i": rec.get("i", -1), "err": "Unsupported",
                               "msg": "the result could not be encoded: "
                               + type(e).__name__, "line": 0})
        # The leading newline ends whatever the learner wrote to fd 1.
        self.f.write("\n@@" + self.nonce + " " + line + "\n")
        self.f.flush()


def _import(out, limit, keep, cap_max):
    cap = _Cap(keep, cap_max)
    sys.stdout = sys.stderr = cap
    try:
        _arm(limit)
        try:
            import solution
        finally:
            _disarm()
    except SyntaxError as e:
        if (e.filename or "").endswith("solution.py"):
            out.emit({"ce": {"err": type(e).__name__, "msg": str(e.msg),
                             "line": e.lineno or 0, "col": e.offset or 0}})
        else:
            out.emit({"import_err": _error(e)})
        return None
    except _Timeout:
        out.emit({"import_err": {"err": "TimeLimit", "msg": "importing "
                                 "solution.py took too long", "line": 0}})
        return None
    except _OutputLimit:
        out.emit({"import_err": {"err": "OutputLimit", "msg": "too much "
                                 "output while importing", "line": 0}})
        return None
    except BaseException as e:
        out.emit({"import_err": _error(e)})
        return None
    out.emit({"import": "ok"})
    return solution


def _run_case(fn, i, args, limit, keep, cap_max):
    cap = _Cap(keep, cap_max)
    sys.stdout = sys.stderr = cap
    rec = {"i": i}
    t0 = time.process_time()
    try:
        _arm(limit)
        try:
            v = fn(*args)
        finally:
            _disarm()
        rec["v"] = _conv(v)
    except _Timeout:
        rec["tle"] = True
    except _OutputLimit:
        rec["ole"] = True
    except _Unsupported as e:
        rec.update({"err": "Unsupported", "msg": "returned " + str(e),
                    "line": 0})
    except BaseException as e:
        rec.update(_error(e))
    _disarm()
    rec["t"] = round(time.process_time() - t0, 6)
    rec["out"] = _clean_str(cap.text())
    return rec


def main():
    nonce = sys.argv[1]
    del sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cases.json"), encoding="utf-8") as f:
        spec = json.load(f)
    sys.path.insert(0, here)
    signal.signal(signal.SIGALRM, _on_alarm)
    out = _Out(nonce)
    limit = float(spec["case_cpu_s"])
    keep, cap_max = int(spec["output_keep"]), int(spec["output_max"])
    mod = _import(out, limit, keep, cap_max)
    if mod is None:
        return
    fn = getattr(mod, spec["func"], None)
    if not callable(fn):
        out.emit({"missing": spec["func"]})
        return
    types = spec["types"]
    for i, args in enumerate(spec["cases"]):
        args = [_coerce(t, a) for t, a in zip(types, args)]
        out.emit(_run_case(fn, i, args, limit, keep, cap_max))
    out.emit({"done": True})


main()
