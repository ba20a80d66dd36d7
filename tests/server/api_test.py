#!/usr/bin/env python3
"""api_test.py - every endpoint of docs/api.md against a real `tutor serve`.

Starts `tutor serve` on a free port (--port 0) with a temporary store and
the built-in python course, creates two instructors with `tutor account add
--instructor` (password on stdin) and learners through the API, then checks:

  * every endpoint's happy path and its main errors; answers that are
    stable are compared with golden JSON files (tests/server/golden/,
    volatile fields such as times, seqs and tokens masked; regenerate with
    TUTOR_UPDATE_GOLDEN=1);
  * the authorisation matrix: roles {anonymous, learner A, learner B,
    instructor of A's cohort, instructor of another cohort} x every
    endpoint that names a learner, cohort or submission; every forbidden
    cell must be refused (401 anonymous, 403 otherwise) and every allowed
    one must succeed; the matrix is printed;
  * a full learner flow: register, next, a wrong submission, a hint, a
    right submission, mastery rises, a review is scheduled;
  * hidden tests never leave the server (no hidden input or value in any
    answer).

Python 3 standard library only.  Usage: api_test.py [TUTOR_BIN]
(default $TUTOR_BIN); the source tree is $TUTOR_SOURCE (default: two
levels up).  Prints "N passed, N failed"; exit 1 on any failure.
"""
import glob
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TUTOR_SOURCE") or os.path.dirname(os.path.dirname(HERE))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TUTOR_BIN")
GOLDEN = os.path.join(HERE, "golden")
UPDATE = os.environ.get("TUTOR_UPDATE_GOLDEN") == "1"
COURSE = os.path.join(SRC, "courses", "python")
PASSWORD = "correct horse battery"
MASK = "<masked>"

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + str(detail)[:600]) if detail else ""),
              file=sys.stderr)
    return cond


# ---- the server ---------------------------------------------------------------


class Server:
    def __init__(self, tmp):
        self.tmp = tmp
        self.db = os.path.join(tmp, "t.db")
        self.env = dict(os.environ)
        for k in ("TUTOR_DB", "TUTOR_LEARNER", "TUTOR_LLM_BASE_URL",
                  "TUTOR_LLM_MODEL", "TUTOR_LLM_API_KEY", "TUTOR_NOW"):
            self.env.pop(k, None)
        self.env["HOME"] = tmp
        self.env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
        self.env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
        self.out = open(os.path.join(tmp, "serve.out"), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--port", "0", "--db", self.db, "--course", COURSE,
             "--no-web", "--rate", "0", "--anon-rate", "0",
             "--judge-workers", "2"],
            stdout=self.out, stderr=subprocess.STDOUT, env=self.env)
        self.port = None
        deadline = time.time() + 30
        while time.time() < deadline and self.proc.poll() is None:
            with open(self.out.name) as f:
                m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.1)
        if not self.port:
            with open(self.out.name) as f:
                sys.exit("tutor serve did not start:\n" + f.read())

    def account_add(self, name, instructor=True):
        args = [BIN, "account", "add"] + (["--instructor"] if instructor
                                          else []) + [name, "--db", self.db]
        p = subprocess.run(args, input=PASSWORD + "\n", text=True,
                           capture_output=True, env=self.env, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return -9
        return self.proc.returncode


SRV = None


class Resp:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.text = raw.decode("utf-8", "replace")
        ctype = headers.get("content-type", "")
        try:
            self.json = json.loads(self.text) if "json" in ctype else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "%d %s" % (self.status, self.text[:400])


def call(method, path, body=None, token=None, raw=None, ctype=None,
         timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", SRV.port, timeout=timeout)
    headers = {}
    data = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if raw is not None:
        data = raw
        headers["Content-Type"] = ctype or "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    out = Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    conn.close()
    return out


def error_code(r):
    try:
        return r.json["error"]["code"]
    except (TypeError, KeyError):
        return None


def expect(name, r, status, code=None):
    ok = r.status == status and (code is None or error_code(r) == code)
    if ok and status >= 400:
        ok = isinstance(r.json, dict) and set(r.json) == {"error"} and \
            set(r.json["error"]) == {"code", "message"} and \
            bool(r.json["error"]["message"])
    return check(name, ok, "want %d %s, got %r" % (status, code or "", r))


# ---- golden files --------------------------------------------------------------


def mask(v, keys):
    if isinstance(v, dict):
        return {k: (MASK if k in keys else mask(x, keys)) for k, x in v.items()}
    if isinstance(v, list):
        return [mask(x, keys) for x in v]
    return v


def golden(name, value, keys=()):
    value = mask(value, set(keys))
    path = os.path.join(GOLDEN, name + ".json")
    text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE:
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return check("golden " + name, True)
    if not os.path.exists(path):
        return check("golden " + name, False, "missing %s (run with "
                     "TUTOR_UPDATE_GOLDEN=1)" % path)
    with open(path) as f:
        want = json.load(f)
    return check("golden " + name, want == value,
                 "differs from %s; got:\n%s" % (path, text))


# ---- helpers -------------------------------------------------------------------


def register(name):
    r = call("POST", "/api/register", {"username": name, "password": PASSWORD})
    check("register " + name, r.status == 201 and r.json["account"]["learner"]
          == name and len(r.json["token"]) >= 32, r)
    return r.json["token"]


def login(name):
    r = call("POST", "/api/login", {"username": name, "password": PASSWORD})
    check("login " + name, r.status == 200 and r.json.get("token"), r)
    return r.json["token"]


def source(item, wrong=False):
    d = os.path.join(COURSE, "problems", item)
    if wrong:
        files = sorted(glob.glob(os.path.join(d, "wrong", "*.py")))
        return open(files[0]).read()
    return open(os.path.join(d, "solution.py")).read()


def submit(token, learner, item, code, lang="python"):
    return call("POST", "/api/learners/%s/submissions" % learner,
                {"item": item, "lang": lang, "code": code}, token)


def wait_done(token, sid, limit=120):
    deadline = time.time() + limit
    r = None
    while time.time() < deadline:
        r = call("GET", "/api/submissions/" + sid, token=token)
        if r.status != 200 or r.json["status"] in ("done", "error"):
            return r
        time.sleep(0.2)
    return r


def hidden_values(item):
    """The JSON texts of the hidden cases' inputs and expected values."""
    with open(os.path.join(COURSE, "problems", item, "problem.json")) as f:
        p = json.load(f)
    out = []
    for c in p["cases"]:
        if c.get("hidden"):
            for k in ("input", "stdin", "expected", "expected_stdout"):
                if k in c:
                    out.append(json.dumps(c[k], separators=(",", ":")))
    return out


def no_hidden(name, text, item):
    leaks = [v for v in hidden_values(item) if len(v) >= 6 and v in text]
    return check(name + ": no hidden test data", not leaks, leaks[:3])


# ---- sections --------------------------------------------------------------------


def test_operations():
    r = call("GET", "/healthz")
    check("healthz", r.status == 200 and r.json == {"status": "ok"}, r)
    r = call("GET", "/metrics")
    check("metrics", r.status == 200 and "tutor_http_requests_total" in r.text,
          r)


def test_accounts(state):
    state["a"] = register("alice")
    state["b"] = register("bob")
    errs = {}
    r = call("POST", "/api/register", {"username": "alice",
                                       "password": PASSWORD})
    expect("register duplicate", r, 409)
    r = call("POST", "/api/register", {"username": "A!", "password": PASSWORD})
    expect("register bad username", r, 400)
    errs["register_bad_username"] = r
    r = call("POST", "/api/register", {"username": "shorty",
                                       "password": "short"})
    expect("register short password", r, 400)
    r = call("POST", "/api/login", {"username": "alice", "password": "wrong-pw"})
    expect("login wrong password", r, 401, "unauthenticated")
    r = call("POST", "/api/login", {"username": "nobody", "password": "x" * 9})
    expect("login unknown user", r, 401, "unauthenticated")
    r = call("GET", "/api/me", token=state["a"])
    check("me learner", r.status == 200 and r.json["account"] ==
          {"username": "alice", "role": "learner", "learner": "alice"}, r)
    for name in ("ins1", "ins2"):
        rc, out = SRV.account_add(name)
        check("account add --instructor " + name, rc == 0, out)
        state[name] = login(name)
    r = call("GET", "/api/me", token=state["ins1"])
    check("me instructor", r.status == 200 and r.json["account"]["role"] ==
          "instructor" and r.json["account"]["learner"] is None, r)
    # a session that ends
    t = login("bob")
    r = call("POST", "/api/logout", token=t)
    check("logout", r.status == 204, r)
    r = call("GET", "/api/me", token=t)
    expect("token after logout", r, 401, "unauthenticated")
    errs["after_logout"] = r
    return errs


def test_cohorts(state):
    r = call("POST", "/api/cohorts", {"name": "Monday group"}, state["ins1"])
    check("cohort create", r.status == 201 and r.json.get("join_code"), r)
    state["cid1"] = r.json["id"]
    code1 = r.json["join_code"]
    r = call("POST", "/api/cohorts", {"name": "Tuesday group"}, state["ins2"])
    state["cid2"] = r.json["id"]
    code2 = r.json["join_code"]
    r = call("POST", "/api/cohorts/join", {"code": code1}, state["a"])
    check("cohort join A", r.status == 200 and r.json["cohort"]["id"] ==
          state["cid1"], r)
    r = call("POST", "/api/cohorts/join", {"code": code2}, state["b"])
    check("cohort join B", r.status == 200, r)
    r = call("POST", "/api/cohorts/join", {"code": "ZZZZ-ZZZZ"}, state["a"])
    expect("cohort join unknown code", r, 404)
    r = call("POST", "/api/cohorts/join", {"code": code1}, state["ins2"])
    expect("cohort join as instructor", r, 403, "forbidden")
    r = call("GET", "/api/cohorts", token=state["ins1"])
    check("cohort list", r.status == 200 and [c["id"] for c in r.json] ==
          [state["cid1"]] and r.json[0]["members"] == 1, r)
    r = call("POST", "/api/cohorts", {"name": "mine"}, state["a"])
    expect("cohort create as learner", r, 403, "forbidden")


def test_course(errs):
    r = call("GET", "/api/course")
    expect("course anonymous", r, 401, "unauthenticated")
    errs["anonymous"] = r
    t = login("alice")
    r = call("GET", "/api/course", token=t)
    check("course", r.status == 200 and r.json["id"] == "python" and
          r.json["languages"] == ["python"] and len(r.json["topics"]) > 10 and
          all(set(x) == {"id", "title", "summary", "requires"}
              for x in r.json["topics"]), r)
    r = call("GET", "/api/problems", token=t)
    check("problems", r.status == 200 and len(r.json) > 50 and
          set(r.json[0]) == {"id", "title", "difficulty", "topics",
                             "expected_minutes"}, r)
    n_all = len(r.json)
    r = call("GET", "/api/problems?topic=loops", token=t)
    check("problems ?topic", r.status == 200 and 0 < len(r.json) < n_all and
          all("loops" in p["topics"] for p in r.json), r)
    r = call("GET", "/api/problems?topic=nope", token=t)
    expect("problems unknown topic", r, 404, "not_found")
    r = call("GET", "/api/problems/collatz-steps", token=t)
    check("problem", r.status == 200, r)
    golden("problem_collatz-steps", r.json)
    no_hidden("problem", r.text, "collatz-steps")
    r = call("GET", "/api/problems/no-such-problem", token=t)
    expect("problem unknown", r, 404, "not_found")
    errs["problem_unknown"] = r
    r = call("DELETE", "/api/problems/collatz-steps", token=t)
    expect("problem DELETE", r, 405, "method_not_allowed")


def test_fresh_learner(state, errs):
    """Bob is fresh: his roadmap and next-item preview are stable."""
    b = state["b"]
    r = call("GET", "/api/learners/bob/roadmap", token=b)
    check("roadmap fresh", r.status == 200 and all(
        t["state"] in ("locked", "available") for t in r.json["topics"]) and
        any(t["state"] == "available" for t in r.json["topics"]), r)
    golden("roadmap_fresh", r.json)
    r = call("GET", "/api/learners/bob/next", token=b)
    check("next preview", r.status == 200 and len(r.json["picks"]) == 3, r)
    golden("next_fresh", r.json)
    r2 = call("GET", "/api/learners/bob/next", token=b)
    check("next preview is read-only", r2.json == r.json, r2)
    r = call("GET", "/api/learners/bob/state", token=b)
    check("next wrote no event", r.status == 200 and r.json["version"] == 1, r)
    r = call("GET", "/api/learners/bob/next?k=2", token=b)
    check("next ?k=2", r.status == 200 and len(r.json["picks"]) == 2, r)
    r = call("GET", "/api/learners/bob/next?k=0", token=b)
    expect("next ?k=0", r, 400, "bad_request")
    errs["next_bad_k"] = r
    r = call("GET", "/api/learners/nobody/state", token=b)
    expect("state of another id", r, 403, "forbidden")


def test_submission_errors(state, errs):
    b = state["b"]
    p = "/api/learners/bob/submissions"
    r = call("POST", p, {"item": "no-such", "lang": "python", "code": "x"}, b)
    expect("submit unknown item", r, 404, "not_found")
    r = call("POST", p, {"item": "collatz-steps", "lang": "java",
                         "code": "x"}, b)
    expect("submit bad lang", r, 400, "bad_request")
    errs["submit_bad_lang"] = r
    r = call("POST", p, {"item": "collatz-steps", "lang": "c", "code": "x"}, b)
    expect("submit lang not offered", r, 400, "bad_request")
    r = call("POST", p, {"item": "collatz-steps", "lang": "python",
                         "code": ""}, b)
    expect("submit empty code", r, 400, "bad_request")
    r = call("POST", p, {"item": "collatz-steps", "lang": "python"}, b)
    expect("submit missing code", r, 400, "bad_request")
    r = call("POST", p, {"item": "collatz-steps", "lang": "python",
                         "code": "x" * 70000}, b)
    expect("submit oversized code", r, 400, "bad_request")
    r = call("POST", p, {"item": "collatz-steps", "lang": "python",
                         "code": "x", "extra": 1}, b)
    expect("submit unknown field", r, 400, "bad_request")
    errs["submit_unknown_field"] = r
    r = call("POST", p, raw=b'{"item": ', token=b)
    expect("submit bad JSON", r, 400, "bad_json")
    r = call("POST", p, raw=b'{"item":"x"}', ctype="text/plain", token=b)
    expect("submit wrong content type", r, 415, "unsupported_media_type")
    r = call("GET", "/api/submissions/s0000000000000000", token=b)
    expect("submission unknown", r, 404, "not_found")
    errs["submission_unknown"] = r


def test_wrong_golden(state):
    """Bob's wrong submission on collatz-steps: the result is stable."""
    b = state["b"]
    r = submit(b, "bob", "collatz-steps",
               "def collatz_steps(n):\n    return 0\n")
    check("submit 202", r.status == 202 and r.json["status"] == "queued" and
          r.headers.get("location") == "/api/submissions/" + r.json["id"], r)
    done = wait_done(b, r.json["id"])
    check("wrong submission done", done.json["status"] == "done", done)
    golden("submission_wrong", done.json, ("id", "seq", "version"))
    no_hidden("wrong submission", done.text, "collatz-steps")
    hidden = [c for c in done.json["result"]["cases"] if c["hidden"]]
    check("hidden cases carry no values", hidden and all(
        set(c) == {"name", "hidden", "verdict", "message"} for c in hidden),
        hidden)


def read_stream(token, sid):
    conn = http.client.HTTPConnection("127.0.0.1", SRV.port, timeout=120)
    conn.request("GET", "/api/submissions/%s/events" % sid,
                 headers={"Authorization": "Bearer " + token})
    r = conn.getresponse()
    body = r.read().decode()
    ctype = r.getheader("content-type", "")
    conn.close()
    return r.status, ctype, body


def test_flow(state):
    """Alice: register (done), next, wrong, hint, right, mastery, review."""
    a = state["a"]
    base = "/api/learners/alice"
    r = call("POST", base + "/sessions", {}, a)
    check("session", r.status == 200 and len(r.json["picks"]) >= 1 and
          r.json["narrative"]["text"] and
          r.json["narrative"]["served_by"].startswith("fallback"), r)
    item = r.json["picks"][0]["item"]
    state["item"] = item
    r = call("GET", "/api/learners/alice/roadmap", token=a)
    before = {t["id"]: t["mastery"] for t in r.json["topics"]}
    # wrong
    r = submit(a, "alice", item, source(item, wrong=True))
    check("flow: wrong submitted", r.status == 202, r)
    state["sid_wrong"] = r.json["id"]
    st, ctype, body = read_stream(a, r.json["id"])
    check("flow: event stream", st == 200 and "text/event-stream" in ctype and
          "event: result" in body and "event: status" in body, body[:300])
    wrong = wait_done(a, r.json["id"])
    res = wrong.json.get("result") or {}
    check("flow: wrong is not AC", wrong.json["status"] == "done" and
          res.get("verdict") not in (None, "AC") and res["review"] is None and
          res["next_review"] is None, wrong)
    no_hidden("flow wrong", wrong.text, item)
    # hint
    r = call("POST", base + "/hints", {"item": item}, a)
    check("flow: hint", r.status == 200 and 1 <= r.json["level"] <= 5 and
          r.json["of"] == 5 and r.json["hints_used"] == 1 and r.json["text"]
          and r.json["level_name"] and r.json["served_by"], r)
    no_hidden("flow hint", r.text, item)
    # right
    r = submit(a, "alice", item, source(item))
    check("flow: right submitted", r.status == 202, r)
    state["sid"] = r.json["id"]
    right = wait_done(a, r.json["id"])
    res = right.json.get("result") or {}
    check("flow: right is AC", right.json["status"] == "done" and
          res.get("verdict") == "AC" and res["passed"] == res["total"] and
          res["review"] and res["review"]["text"], right)
    rises = [m for m in res.get("mastery", []) if m["after"] > m["before"]]
    check("flow: mastery rises in the result", rises, res.get("mastery"))
    nr = res.get("next_review")
    check("flow: review scheduled", nr and nr["item"] == item and
          nr["due"] > time.time(), nr)
    r = call("GET", "/api/learners/alice/roadmap", token=a)
    after = {t["id"]: t["mastery"] for t in r.json["topics"]}
    check("flow: roadmap mastery rose", any(after[t] > before[t]
                                            for t in after), (before, after))
    check("flow: roadmap in_progress", any(t["state"] in ("in_progress",
                                                          "mastered")
                                           for t in r.json["topics"]), r)
    r = call("GET", base + "/reviews", token=a)
    check("flow: review queue", r.status == 200 and [x["item"] for x in
          r.json["upcoming"] + r.json["due"]] == [item], r)
    r = call("GET", base + "/trajectory", token=a)
    pts = [p for t in r.json["topics"] for p in t["points"]]
    check("flow: trajectory", r.status == 200 and len(pts) >= 2 and
          max(p["mastery"] for p in pts) > 0, r)
    r = call("GET", base + "/history", token=a)
    types = [e["type"] for e in reversed(r.json["events"])]
    check("flow: history in order", types == [
        "learner_created", "session_check", "assist", "submission",
        "hint_request", "assist", "submission", "assist"], types)
    golden("history_flow", r.json, ("at", "seq", "version", "next_before"))


def test_learner_endpoints(state, errs):
    a = state["a"]
    base = "/api/learners/alice"
    r = call("GET", base + "/state", token=a)
    check("state", r.status == 200 and r.json["learner_id"] == "alice" and
          r.json["format"] == 1, r)
    r = call("POST", base + "/sessions", {"k": "x"}, a)
    expect("session bad k", r, 400, "bad_request")
    r = call("POST", base + "/sessions", {"bogus": 1}, a)
    expect("session unknown field", r, 400, "bad_request")
    r = call("POST", base + "/hints", {}, a)
    expect("hint missing item", r, 400, "bad_request")
    errs["hint_missing_item"] = r
    r = call("POST", base + "/hints", {"item": "no-such"}, a)
    expect("hint unknown item", r, 404, "not_found")
    r = call("GET", base + "/history?limit=1", token=a)
    check("history limit", r.status == 200 and len(r.json["events"]) == 1 and
          r.json["next_before"] == r.json["events"][0]["seq"], r)
    r2 = call("GET", base + "/history?limit=2&before=%d" %
              r.json["next_before"], token=a)
    check("history before", r2.status == 200 and all(
        e["seq"] < r.json["next_before"] for e in r2.json["events"]) and
        len(r2.json["events"]) == 2, r2)
    r = call("GET", base + "/history?limit=0", token=a)
    expect("history bad limit", r, 400, "bad_request")
    errs["history_bad_limit"] = r
    r = call("POST", base + "/ask", {"question": "how do loops end?"}, a)
    check("ask", r.status == 200 and r.json["text"] and
          r.json["served_by"].startswith("fallback"), r)
    r = call("POST", base + "/ask", {"question": "  "}, a)
    expect("ask empty", r, 400, "bad_request")
    r = call("POST", base + "/ask", {"question": "x", "item": "no-such"}, a)
    expect("ask unknown item", r, 404, "not_found")
    r = call("POST", base + "/ask", {"question": "q" * 2001}, a)
    expect("ask too long", r, 400, "bad_request")
    r = call("POST", base + "/goals", {"text": "I want to get better at "
                                       "loops, 20 minutes a day"}, a)
    check("goals", r.status == 200 and len(r.json["goals"]) >= 1 and
          r.json["text"], r)
    r = call("GET", base + "/state", token=a)
    check("goals merged into the state", len(r.json["goals"]) >= 1, r)
    r = call("GET", base + "/profile", token=a)
    check("profile", r.status == 200 and r.json["learner"] == "alice" and
          r.json["semantic"]["questions"] >= 1 and
          r.json["semantic"]["messages"] >= 1 and
          len(r.json["behaviour"]["items"]) >= 1 and
          r.json["synthesis"]["persona"] in (
              "none", "momentum", "consolidator", "explorer", "struggler"),
          r)
    r = call("GET", "/api/learners/bob/profile", token=a)
    expect("profile of another id", r, 403, "forbidden")
    r = call("POST", base + "/goals", {}, a)
    expect("goals missing text", r, 400, "bad_request")
    r = call("GET", base + "/export?format=xapi", token=a)
    check("export xapi", r.status == 200 and isinstance(r.json, list) and
          len(r.json) >= 5 and all("verb" in x for x in r.json), r)
    no_hidden("export xapi", r.text, state["item"])
    r = call("GET", base + "/export?format=progsnap2", token=a)
    check("export progsnap2", r.status == 200 and
          r.headers["content-type"].startswith("text/csv") and
          r.text.startswith("EventID,") and "alice" in r.text, r)
    r = call("GET", base + "/export?format=pdf", token=a)
    expect("export bad format", r, 400, "bad_request")
    errs["export_bad_format"] = r
    r = call("GET", "/api/submissions/" + state["sid"], token=a)
    check("submission get", r.status == 200 and r.json["id"] == state["sid"]
          and r.json["item"] == state["item"], r)
    r = call("GET", "/api/cohorts/%d" % state["cid1"], token=state["ins1"])
    check("cohort view", r.status == 200 and [m["learner"] for m in
          r.json["members"]] == ["alice"], r)
    r = call("GET", "/api/cohorts/999999", token=state["ins1"])
    expect("cohort unknown", r, 404, "not_found")


# ---- the authorisation matrix --------------------------------------------------

ROLES = ["anon", "A", "B", "insA", "insOther"]


def matrix_cells(state):
    """(label, method, path, body, allowed roles) for every endpoint that
    names a learner (alice), a submission (alice's) or a cohort (ins1's)."""
    item = state["item"]
    L = "/api/learners/alice"
    read = {"A", "insA"}
    self_only = {"A"}
    return [
        ("state", "GET", L + "/state", None, read),
        ("profile", "GET", L + "/profile", None, read),
        ("roadmap", "GET", L + "/roadmap", None, read),
        ("next", "GET", L + "/next", None, self_only),
        ("sessions", "POST", L + "/sessions", {}, self_only),
        ("submit", "POST", L + "/submissions",
         {"item": item, "lang": "python", "code": source(item)}, self_only),
        ("submission", "GET", "/api/submissions/" + state["sid"], None, read),
        ("events", "GET", "/api/submissions/%s/events" % state["sid"], None,
         self_only),
        ("hints", "POST", L + "/hints", {"item": item}, self_only),
        ("reviews", "GET", L + "/reviews", None, read),
        ("history", "GET", L + "/history", None, read),
        ("trajectory", "GET", L + "/trajectory", None, read),
        ("ask", "POST", L + "/ask", {"question": "why?"}, self_only),
        ("goals", "POST", L + "/goals", {"text": "get better at loops"},
         self_only),
        ("export", "GET", L + "/export?format=xapi", None, read),
        ("cohort", "GET", "/api/cohorts/%d" % state["cid1"], None, {"insA"}),
    ]


def test_matrix(state):
    tokens = {"anon": None, "A": state["a"], "B": state["b"],
              "insA": state["ins1"], "insOther": state["ins2"]}
    rows = []
    for label, method, path, body, allowed in matrix_cells(state):
        row = [label]
        for role in ROLES:
            if method == "POST":
                r = call(method, path, body if body is not None else {},
                         tokens[role], timeout=120)
            else:
                r = call(method, path, None, tokens[role], timeout=120)
            ok_status = 200 <= r.status < 300
            if role in allowed:
                good = ok_status
            elif role == "anon":
                good = r.status == 401 and error_code(r) == "unauthenticated"
            else:
                good = r.status == 403 and error_code(r) == "forbidden"
            check("matrix %s x %s" % (label, role), good,
                  "%s %s: %r" % (method, path, r))
            mark = ("ok " if role in allowed else "no ") + str(r.status)
            row.append(mark + ("" if good else " !!"))
            if label == "submit" and role in allowed and r.status == 202:
                wait_done(tokens[role], r.json["id"])
        rows.append(row)
    width = [max(len(x[i]) for x in rows + [["endpoint"] + ROLES])
             for i in range(len(ROLES) + 1)]
    print("authorisation matrix (ok = allowed, no = refused; status seen):")
    print("  ".join(h.ljust(w) for h, w in zip(["endpoint"] + ROLES, width)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, width)))


def test_errors_golden(errs):
    golden("errors", {k: {"status": r.status, "body": r.json}
                      for k, r in errs.items()})


def main():
    global SRV
    if not BIN or not os.access(BIN, os.X_OK):
        sys.exit("api_test.py: no tutor binary (pass it or set TUTOR_BIN)")
    tmp = tempfile.mkdtemp(prefix="tutor-api-test-")
    SRV = Server(tmp)
    state = {}
    try:
        test_operations()
        errs = test_accounts(state)
        test_cohorts(state)
        test_course(errs)
        test_fresh_learner(state, errs)
        test_submission_errors(state, errs)
        test_wrong_golden(state)
        test_flow(state)
        test_learner_endpoints(state, errs)
        test_matrix(state)
        test_errors_golden(errs)
    finally:
        rc = SRV.stop()
        check("serve exits 0 on SIGTERM", rc == 0, rc)
        with open(SRV.out.name) as f:
            log = f.read()
        check("no sanitizer report from serve", "runtime error" not in log
              and "Sanitizer" not in log, log[-2000:])
        if failed:
            with open(SRV.out.name) as f:
                sys.stderr.write("--- serve output ---\n" + f.read()[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
