#!/usr/bin/env python3
"""multi_serve_test.py - two `tutor serve` processes on one store.

The store is $TUTOR_TEST_STORE when set (a postgresql:// URI: run through
tests/store/with_pg.sh, which starts a throwaway cluster), else one SQLite
file in a temporary directory.  Both servers run with one judge worker and
a short job lease (TUTOR_JOB_LEASE_MS=1500).  Checks:

  * a session made on server A works on server B;
  * a submission posted to A is visible (and finishes) through B;
  * an idempotent retry (same Idempotency-Key) of a submission sent to
    the OTHER server answers the same job, and one event is recorded;
    the same for a hint request (same level and text, one hint event);
    the same key sent to both servers at the same moment (3 times each
    for submissions and hints): one job / one hint event each;
  * a malformed Idempotency-Key is 400;
  * kill -9 of the server whose worker holds a running (slow) job: the
    other server claims it after the lease ran out and finishes it; the
    job was claimed twice, and every done job's submission is in the log
    exactly once (its seq is the event with the job id as request id);
  * afterwards every learner's state equals the replay of its log
    (`tutor state replay`), and the survivor stops cleanly on SIGTERM.

Python 3 standard library (+ psql for PostgreSQL row counts).  Usage:
multi_serve_test.py TUTOR_BIN.  Prints "N passed, N failed"; exit 1 on
any failure.
"""
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TUTOR_SOURCE") or os.path.dirname(os.path.dirname(HERE))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TUTOR_BIN")
COURSE = os.path.join(SRC, "courses", "python")
PASSWORD = "correct horse battery"
PG = os.environ.get("TUTOR_TEST_STORE", "")
SLOW = ("import time\n\ndef halfway(a, b):\n    time.sleep(0.6)\n"
        "    return (a + b) / 2\n")

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + str(detail)[:600]) if detail
                              else ""), file=sys.stderr)
    return cond


class Server:
    def __init__(self, name, db, tmp, env):
        self.name = name
        self.out = open(os.path.join(tmp, name + ".out"), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--port", "0", "--db", db, "--course", COURSE,
             "--no-web", "--rate", "0", "--anon-rate", "0",
             "--judge-workers", "1"],
            stdout=self.out, stderr=subprocess.STDOUT, env=env)
        self.port = None
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            with open(self.out.name) as f:
                m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.1)
        if not self.port:
            with open(self.out.name) as f:
                sys.exit("tutor serve %s did not start:\n%s" % (name,
                                                                f.read()))

    def call(self, method, path, body=None, token=None, key=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {}
        data = None
        if token:
            headers["Authorization"] = "Bearer " + token
        if key is not None:
            headers["Idempotency-Key"] = key
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        raw = r.read()
        conn.close()
        try:
            return r.status, json.loads(raw) if raw else None
        except ValueError:
            return r.status, raw


def sql(db, query):
    """One integer from query on the store, behind the servers' backs."""
    if PG:
        p = subprocess.run(["psql", "-XAt", PG, "-c", query],
                           capture_output=True, text=True, timeout=60)
        return int(p.stdout.strip() or -1)
    con = sqlite3.connect(db, timeout=30)
    try:
        return int(con.execute(query).fetchone()[0])
    finally:
        con.close()


def sql_text(db, query):
    if PG:
        p = subprocess.run(["psql", "-XAt", PG, "-c", query],
                           capture_output=True, text=True, timeout=60)
        return p.stdout.strip()
    con = sqlite3.connect(db, timeout=30)
    try:
        row = con.execute(query).fetchone()
        return str(row[0]) if row else ""
    finally:
        con.close()


def wait_done(srv, token, sid, limit=120):
    deadline = time.time() + limit
    st, body = None, None
    while time.time() < deadline:
        st, body = srv.call("GET", "/api/submissions/" + sid, token=token)
        if st != 200 or body["status"] in ("done", "error"):
            return st, body
        time.sleep(0.2)
    return st, body


def solution(item):
    with open(os.path.join(COURSE, "problems", item, "solution.py")) as f:
        return f.read()


def events(db, learner, typ):
    return sql(db, "SELECT count(*) FROM events WHERE learner = '%s' AND "
               "type = '%s'" % (learner, typ))


def test_sessions_and_submissions(a, b, db):
    st, body = a.call("POST", "/api/register",
                      {"username": "ann", "password": PASSWORD})
    check("register on A", st == 201, (st, body))
    tok = body["token"]
    st, body = b.call("GET", "/api/me", token=tok)
    check("A's session works on B", st == 200 and
          body["account"]["username"] == "ann", (st, body))
    sub = {"item": "halfway-point", "lang": "python",
           "code": solution("halfway-point")}
    st, first = a.call("POST", "/api/learners/ann/submissions", sub, tok,
                       key="sub-1")
    check("submit to A", st == 202 and first["id"].startswith("s"),
          (st, first))
    st, again = b.call("POST", "/api/learners/ann/submissions", sub, tok,
                       key="sub-1")
    check("retry to B: same job", st == 202 and again["id"] == first["id"],
          (st, again, first))
    st, done = wait_done(b, tok, first["id"])
    check("A's submission finishes, seen through B", st == 200 and
          done["status"] == "done" and done["result"]["verdict"] == "AC",
          (st, done))
    st, again = b.call("POST", "/api/learners/ann/submissions", sub, tok,
                       key="sub-1")
    check("retry after it finished: same job, done", st == 202 and
          again["id"] == first["id"] and again["status"] == "done",
          (st, again))
    check("one submission event", events(db, "ann", "submission") == 1,
          events(db, "ann", "submission"))
    check("one job", sql(db, "SELECT count(*) FROM jobs WHERE learner = "
                         "'ann'") == 1)
    st, body = a.call("POST", "/api/learners/ann/submissions", sub, tok,
                      key="bad key!")
    check("malformed Idempotency-Key is 400", st == 400, (st, body))
    return tok


def test_hints(a, b, db, tok):
    st, h1 = a.call("POST", "/api/learners/ann/hints",
                    {"item": "halfway-point"}, tok, key="hint-1")
    check("hint on A", st == 200 and "text" in h1, (st, h1))
    st, h2 = b.call("POST", "/api/learners/ann/hints",
                    {"item": "halfway-point"}, tok, key="hint-1")
    check("hint retry on B: same answer", st == 200 and
          h2["level"] == h1["level"] and h2["text"] == h1["text"] and
          h2["served_by"] == h1["served_by"], (st, h1, h2))
    check("one hint event", events(db, "ann", "hint_request") == 1,
          events(db, "ann", "hint_request"))
    st, h3 = b.call("POST", "/api/learners/ann/hints",
                    {"item": "halfway-point"}, tok, key="hint-2")
    check("a new key is a new hint", st == 200 and
          events(db, "ann", "hint_request") == 2, (st, h3))


def both_at_once(a, b, path, body, tok, key):
    """Sends the same request to A and B at the same moment."""
    out = [None, None]

    def go(i, srv):
        out[i] = srv.call("POST", path, body, tok, key=key)
    ts = [threading.Thread(target=go, args=(i, srv))
          for i, srv in enumerate((a, b))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def test_races(a, b, db, tok):
    sub = {"item": "halfway-point", "lang": "python",
           "code": solution("halfway-point")}
    for n in range(3):
        (s1, j1), (s2, j2) = both_at_once(
            a, b, "/api/learners/ann/submissions", sub, tok, "race-s%d" % n)
        check("same key to A and B at once: one job", s1 == 202 and
              s2 == 202 and j1["id"] == j2["id"], (s1, j1, s2, j2))
        wait_done(a, tok, j1["id"])
    check("three racing submissions, three jobs", sql(
        db, "SELECT count(*) FROM jobs WHERE learner = 'ann' AND "
        "request_id LIKE 'race-s%'") == 3)
    before = events(db, "ann", "hint_request")
    for n in range(3):
        (s1, h1), (s2, h2) = both_at_once(
            a, b, "/api/learners/ann/hints", {"item": "halfway-point"}, tok,
            "race-h%d" % n)
        check("same hint key to A and B at once: one answer", s1 == 200 and
              s2 == 200 and h1["level"] == h2["level"], (s1, h1, s2, h2))
    check("three racing hints, three hint events",
          events(db, "ann", "hint_request") == before + 3,
          events(db, "ann", "hint_request") - before)


def running_owner(db, sid, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        state = sql_text(db, "SELECT state FROM jobs WHERE id = '%s'" % sid)
        if state == "running":
            return sql_text(db, "SELECT owner FROM jobs WHERE id = '%s'"
                            % sid)
        if state in ("done", "error"):
            return None
        time.sleep(0.05)
    return None


def test_kill(a, b, db, tok):
    """Returns the surviving server."""
    st, body = a.call("POST", "/api/learners/ann/submissions",
                      {"item": "halfway-point", "lang": "python",
                       "code": SLOW}, tok, key="slow-1")
    check("slow submission queued", st == 202, (st, body))
    sid = body["id"]
    owner = running_owner(db, sid)
    check("the slow job runs", owner is not None, owner)
    if owner is None:
        return a
    pid = int(owner.split(":")[1])
    holder, other = (a, b) if pid == a.proc.pid else (b, a)
    check("the owner is one of the servers", pid in (a.proc.pid,
                                                     b.proc.pid), owner)
    os.kill(pid, signal.SIGKILL)
    holder.proc.wait(timeout=30)
    st, done = wait_done(other, tok, sid, limit=180)
    check("the other server finished the job", st == 200 and
          done["status"] == "done", (st, done))
    check("claimed twice", sql(db, "SELECT attempts FROM jobs WHERE id = "
                               "'%s'" % sid) == 2)
    check("now owned by the survivor", ":%d:" % other.proc.pid in
          sql_text(db, "SELECT owner FROM jobs WHERE id = '%s'" % sid))
    check("every job's submission in the log once, none lost",
          sql(db, "SELECT count(*) FROM events WHERE learner = 'ann' AND "
              "type = 'submission'") ==
          sql(db, "SELECT count(*) FROM jobs WHERE learner = 'ann' AND "
              "state = 'done'") and
          sql(db, "SELECT count(*) FROM jobs j WHERE learner = 'ann' AND "
              "state = 'done' AND seq = (SELECT seq FROM events e WHERE "
              "e.request_id = j.id)") ==
          sql(db, "SELECT count(*) FROM jobs WHERE learner = 'ann' AND "
              "state = 'done'"), events(db, "ann", "submission"))
    check("the slow job's event is its own request",
          sql(db, "SELECT count(*) FROM events WHERE request_id = '%s'"
              % sid) == 1)
    st, again = other.call("POST", "/api/learners/ann/submissions",
                           {"item": "halfway-point", "lang": "python",
                            "code": SLOW}, tok, key="slow-1")
    check("retry after the crash: same job", st == 202 and
          again["id"] == sid, (st, again))
    return other


def replay_all(db, env, learners):
    for name in learners:
        e = dict(env)
        e["TUTOR_DB"] = db
        e["TUTOR_LEARNER"] = name
        p = subprocess.run([BIN, "state", "replay"], capture_output=True,
                           text=True, env=e, timeout=120)
        check("replay %s equals the snapshot" % name, p.returncode == 0,
              p.stdout + p.stderr)


def main():
    if not BIN:
        sys.exit("usage: multi_serve_test.py TUTOR_BIN")
    tmp = tempfile.mkdtemp(prefix="tutor-multi-")
    db = PG or os.path.join(tmp, "t.db")
    env = dict(os.environ)
    for k in ("TUTOR_DB", "TUTOR_LEARNER", "TUTOR_LLM_BASE_URL",
              "TUTOR_LLM_MODEL", "TUTOR_LLM_API_KEY", "TUTOR_NOW"):
        env.pop(k, None)
    env["HOME"] = tmp
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["TUTOR_JOB_LEASE_MS"] = "1500"
    print("store: %s" % ("PostgreSQL" if PG else "SQLite " + db))
    a = Server("a", db, tmp, env)
    b = Server("b", db, tmp, env)
    servers = [a, b]
    try:
        tok = test_sessions_and_submissions(a, b, db)
        test_hints(a, b, db, tok)
        test_races(a, b, db, tok)
        survivor = test_kill(a, b, db, tok)
        replay_all(db, env, ["ann"])
        survivor.proc.send_signal(signal.SIGTERM)
        rc = survivor.proc.wait(timeout=60)
        check("the survivor exits 0 on SIGTERM", rc == 0, rc)
        for s in servers:
            with open(s.out.name) as f:
                log = f.read()
            check("no sanitizer report from server " + s.name,
                  "runtime error" not in log and "Sanitizer" not in log,
                  log[-2000:])
    finally:
        for s in servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
        if failed:
            for s in servers:
                with open(s.out.name) as f:
                    sys.stderr.write("--- %s ---\n%s\n" % (s.name,
                                                          f.read()[-3000:]))
        subprocess.run(["rm", "-rf", tmp])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
