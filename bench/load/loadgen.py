#!/usr/bin/env python3
"""loadgen.py - simulated learners against one or more `tutor serve`.

N learners (accounts registered through the API on the first run and kept
in --accounts, a JSON file {username: token}) each loop with an
exponential think time (mean --think seconds) over mixed traffic:

  next     GET  /api/learners/:id/next            (preview, no event)
  session  POST /api/learners/:id/sessions        (on_session_check, an event)
  hint     POST /api/learners/:id/hints           (an event)
  submit   POST /api/learners/:id/submissions     (correct code from the
           course's solution.py or a wrong/*.py), then the submission is
           polled (GET /api/submissions/:sid every --poll s) until judged
  review   GET  /api/learners/:id/reviews

A pool of --threads worker threads serves the learners from a time-ordered
queue (a learner is one pending step, not one thread), each worker keeping
one keep-alive connection per server.  Learner i talks to server i mod S
(--servers, round-robin over learners; --rr request: over requests).

A request that fails at the connection level (server killed, refused,
reset) is retried on the next server, up to --retries times, with the
same Idempotency-Key header when --idempotency is on (POST hint and
submission); without it a retry may apply the request twice (which the
fault tests look for).

Every acknowledged event goes to --acklog (one JSON object per line):
{"learner", "kind": "session"|"hint"|"submission", "seq" (when the answer
has one), "key" (the idempotency key, when sent), "t"}; every POST that
may have changed state is logged first as {"sent": true, ...}.

Prints per endpoint: requests, requests/s, p50/p99 latency (ms), and the
answers by status ("conn" = no answer); --out writes the same as JSON.
Python 3 standard library only.
"""
import argparse
import glob
import heapq
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from urllib.parse import urlparse

PASSWORD = "load-test-password"
ENDPOINTS = ("register", "next", "session", "hint", "submit", "poll",
             "review", "submit_e2e")


class Stats:
    """Latencies and statuses per endpoint (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lat = defaultdict(list)
        self.status = defaultdict(Counter)
        self.errors = []          # (t, endpoint, status) of failures
        self.final_errors = []    # (t, endpoint, status) after retries
        self.bodies = Counter()   # "status code: message" of 5xx answers
        self.timeline = defaultdict(lambda: [0, 0])   # second -> [ok, bad]

    def add(self, ep, status, ms, t, js=None):
        with self.lock:
            self.status[ep][str(status)] += 1
            ok = isinstance(status, int) and status < 400
            self.timeline[int(t)][0 if ok else 1] += 1
            if ok:
                self.lat[ep].append(ms)
                return
            self.errors.append((round(t, 3), ep, str(status)))
            if isinstance(status, int) and status >= 500:
                e = (js or {}).get("error") if isinstance(js, dict) else None
                self.bodies["%d %s: %s" % (
                    status, (e or {}).get("code", "-"),
                    str((e or {}).get("message", "no JSON error body"))[:90]
                )] += 1

    def final(self, ep, status, t):
        """A request that failed after its retries."""
        with self.lock:
            self.final_errors.append((round(t, 3), ep, str(status)))

    def add_latency(self, ep, ms):
        with self.lock:
            self.lat[ep].append(ms)
            self.status[ep]["done"] += 1


def pct(v, p):
    if not v:
        return None
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


class Client:
    """Per-thread keep-alive connections to every server."""

    def __init__(self, servers, timeout):
        self.servers = servers
        self.timeout = timeout
        self.local = threading.local()

    def conn(self, i):
        d = getattr(self.local, "c", None)
        if d is None:
            d = self.local.c = {}
        c = d.get(i)
        if c is None:
            u = self.servers[i]
            c = d[i] = http.client.HTTPConnection(u.hostname, u.port,
                                                  timeout=self.timeout)
        return c

    def drop(self, i):
        c = self.local.c.pop(i, None)
        if c:
            c.close()

    def call(self, i, method, path, body=None, token=None, key=None):
        """One request to server i: (status or "conn", json or None)."""
        h = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            h["Authorization"] = "Bearer " + token
        if key:
            h["Idempotency-Key"] = key
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (0, 1):     # a stale keep-alive connection: once more
            c = self.conn(i)
            try:
                c.request(method, path, body=data, headers=h)
                r = c.getresponse()
                raw = r.read()
            except (OSError, http.client.HTTPException):
                self.drop(i)
                if attempt == 0 and method == "GET":
                    continue
                return "conn", None
            if r.getheader("Connection", "").lower() == "close":
                self.drop(i)
            try:
                return r.status, json.loads(raw) if raw else None
            except ValueError:
                return r.status, None
        return "conn", None


class Course:
    def __init__(self, d):
        self.problems = sorted(os.path.basename(os.path.dirname(p)) for p in
                               glob.glob(os.path.join(d, "problems", "*",
                                                      "solution.py")))
        self.pset = set(self.problems)
        self.dir = d
        self.cache = {}

    def code(self, item, right):
        k = (item, right)
        if k not in self.cache:
            pd = os.path.join(self.dir, "problems", item)
            wrong = sorted(glob.glob(os.path.join(pd, "wrong", "*.py")))
            f = (os.path.join(pd, "solution.py") if right or not wrong
                 else random.choice(wrong))
            self.cache[k] = open(f).read()
        return self.cache[k]


class Learner:
    __slots__ = ("name", "token", "server", "item", "sid", "sub_t0",
                 "sub_server", "polls")

    def __init__(self, name, token, server):
        self.name, self.token, self.server = name, token, server
        self.item = None
        self.sid = None
        self.sub_t0 = 0.0
        self.sub_server = server
        self.polls = 0


class Gen:
    def __init__(self, a, learners, course):
        self.a = a
        self.servers = [urlparse(u) for u in a.servers.split(",")]
        self.client = Client(self.servers, a.timeout)
        self.learners = learners
        self.course = course
        self.stats = Stats()
        self.heap = []
        self.busy = 0                 # steps being run now
        self.cv = threading.Condition()
        self.seqno = 0
        self.rr = 0
        self.rng = random.Random(a.seed)
        self.rng_lock = threading.Lock()
        mix = dict(kv.split("=") for kv in a.mix.split(","))
        self.actions = list(mix.keys())
        self.weights = [float(v) for v in mix.values()]
        self.ack = open(a.acklog, "a") if a.acklog else None
        self.ack_lock = threading.Lock()
        self.t0 = time.time()
        self.end = self.t0 + a.duration
        self.drain_end = self.end + (a.drain if a.drain else 0)

    # ---- helpers ----------------------------------------------------------

    def rand(self):
        with self.rng_lock:
            return self.rng.random()

    def log(self, rec):
        if not self.ack:
            return
        rec["t"] = round(time.time() - self.t0, 3)
        with self.ack_lock:
            self.ack.write(json.dumps(rec) + "\n")
            self.ack.flush()

    def pick_server(self, l):
        if self.a.rr == "request":
            with self.rng_lock:
                self.rr += 1
                return self.rr % len(self.servers)
        return l.server

    def request(self, l, ep, method, path, body=None, key=None, server=None):
        """Sends with failover on connection errors; records stats."""
        i = self.pick_server(l) if server is None else server
        for attempt in range(self.a.retries + 1):
            t = time.time()
            st, js = self.client.call(i, method, path, body, l.token,
                                      key if self.a.idempotency else None)
            ms = (time.time() - t) * 1000.0
            if t <= self.end:
                self.stats.add(ep if attempt == 0 else ep + "_retry", st,
                               ms, t - self.t0, js)
            if st != "conn" and not (st == 503 and self.a.retry_503):
                if attempt > 0 and server is None:
                    l.server = i      # like a balancer: drop the dead one
                break
            if attempt < self.a.retries:
                time.sleep(self.a.retry_wait)
                i = (i + 1) % len(self.servers)
        if not isinstance(st, int) or st >= 500:
            self.stats.final(ep, st, time.time() - self.t0)
        return st, js, i

    def item_for(self, l):
        if l.item in self.course.pset and self.rand() < 0.8:
            return l.item
        with self.rng_lock:
            l.item = self.rng.choice(self.course.problems)
        return l.item

    def take_picks(self, l, js):
        for p in (js or {}).get("picks", []):
            if p.get("item") in self.course.pset:
                l.item = p["item"]
                return

    # ---- the learner's steps -----------------------------------------------

    def base(self, l):
        return "/api/learners/%s" % l.name

    def do_next(self, l):
        st, js, _ = self.request(l, "next", "GET", self.base(l) + "/next?k=3")
        if st == 200:
            self.take_picks(l, js)

    def do_session(self, l):
        self.log({"sent": True, "learner": l.name, "kind": "session"})
        st, js, _ = self.request(l, "session", "POST",
                                 self.base(l) + "/sessions", {})
        if st == 200 and js:
            self.log({"learner": l.name, "kind": "session",
                      "seq": js.get("seq")})
            self.take_picks(l, js)

    def do_hint(self, l):
        key = "h-" + uuid.uuid4().hex
        item = self.item_for(l)
        self.log({"sent": True, "learner": l.name, "kind": "hint",
                  "key": key})
        st, js, _ = self.request(l, "hint", "POST", self.base(l) + "/hints",
                                 {"item": item}, key)
        if st == 200:
            self.log({"learner": l.name, "kind": "hint", "key": key,
                      "item": item, "hints_used": (js or {}).get(
                          "hints_used")})

    def do_submit(self, l):
        key = "s-" + uuid.uuid4().hex
        item = self.item_for(l)
        code = self.course.code(item, self.rand() < self.a.correct)
        self.log({"sent": True, "learner": l.name, "kind": "submission",
                  "key": key})
        t = time.time()
        st, js, i = self.request(l, "submit", "POST",
                                 self.base(l) + "/submissions",
                                 {"item": item, "lang": "python",
                                  "code": code}, key)
        if st == 202 and js and js.get("id"):
            l.sid, l.sub_t0, l.sub_server, l.polls = js["id"], t, i, 0
            self.log({"learner": l.name, "kind": "submission_queued",
                      "key": key, "id": l.sid})
            return self.a.poll
        return None

    def do_poll(self, l):
        server = l.sub_server if self.a.rr != "request" else None
        st, js, i = self.request(l, "poll", "GET",
                                 "/api/submissions/" + l.sid, server=server)
        l.sub_server = i
        l.polls += 1
        status = (js or {}).get("status")
        if st == 200 and status in ("done", "error"):
            if time.time() <= self.end:
                self.stats.add_latency("submit_e2e",
                                       (time.time() - l.sub_t0) * 1000.0)
            if status == "done":
                self.log({"learner": l.name, "kind": "submission",
                          "id": l.sid,
                          "seq": (js.get("result") or {}).get("seq")})
            else:
                self.stats.add("submit_judged", "job_error", 0,
                               time.time() - self.t0)
            l.sid = None
            return None
        if st == 404 or l.polls > self.a.max_polls:
            self.stats.add("submit_judged", "lost" if st == 404 else
                           "timeout", 0, time.time() - self.t0)
            l.sid = None
            return None
        return self.a.poll

    def do_review(self, l):
        self.request(l, "review", "GET", self.base(l) + "/reviews")

    def step(self, l):
        """One step of learner l; the delay before its next step."""
        if l.sid:
            d = self.do_poll(l)
        else:
            with self.rng_lock:
                act = self.rng.choices(self.actions, self.weights)[0]
            d = getattr(self, "do_" + act)(l)
        if d is not None:
            return d
        with self.rng_lock:
            return self.rng.expovariate(1.0 / self.a.think)

    # ---- the scheduler ------------------------------------------------------

    def push(self, due, l):
        with self.cv:
            self.seqno += 1
            heapq.heappush(self.heap, (due, self.seqno, l))
            self.cv.notify()

    def pop(self):
        with self.cv:
            while True:
                now = time.time()
                if now > self.drain_end:
                    return None
                if self.heap:
                    due, _, l = self.heap[0]
                    if due <= now:
                        heapq.heappop(self.heap)
                        return l
                    self.cv.wait(min(due - now, 0.5))
                elif now > self.end and self.busy == 0:
                    return None       # drained: nothing queued or running
                else:
                    self.cv.wait(0.5)

    def worker(self):
        while True:
            l = self.pop()
            if l is None:
                return
            with self.cv:
                self.busy += 1
            try:
                d = self.step(l)
            except Exception as e:     # keep the run going; count it
                self.stats.add("generator", type(e).__name__, 0,
                               time.time() - self.t0)
                d = self.a.think
            nxt = time.time() + d
            if nxt <= self.end or (l.sid and nxt <= self.drain_end):
                self.push(nxt, l)
            with self.cv:
                self.busy -= 1
                self.cv.notify_all()

    def run(self):
        for l in self.learners:     # spread the first steps over a think
            self.push(self.t0 + self.rand() * self.a.think, l)
        ts = [threading.Thread(target=self.worker, daemon=True)
              for _ in range(self.a.threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        if self.ack:
            self.ack.close()


# ---- accounts -------------------------------------------------------------


def register_all(a, names, servers):
    """Registers the missing accounts (a --threads pool); {name: token}."""
    toks = {}
    if a.accounts and os.path.exists(a.accounts):
        toks = json.load(open(a.accounts))
    todo = [n for n in names if n not in toks]
    client = Client([urlparse(u) for u in servers.split(",")], 120)
    lock = threading.Lock()
    stats = Stats()

    def work():
        while True:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            for _ in range(20):
                t = time.time()
                st, js = client.call(0, "POST", "/api/register",
                                     {"username": n, "password": PASSWORD})
                stats.add("register", st, (time.time() - t) * 1000, 0)
                if st == 409:
                    st, js = client.call(0, "POST", "/api/login",
                                         {"username": n,
                                          "password": PASSWORD})
                if st in (200, 201) and js and js.get("token"):
                    with lock:
                        toks[n] = js["token"]
                    break
                time.sleep(0.5)

    t0 = time.time()
    n_todo = len(todo)
    ts = [threading.Thread(target=work) for _ in range(min(a.threads, 16))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if n_todo:
        v = stats.lat["register"]
        print("registered %d accounts in %.1f s (p50 %.0f ms)" %
              (n_todo, time.time() - t0, pct(v, 50) or 0), flush=True)
    if a.accounts:
        with open(a.accounts + ".tmp", "w") as f:
            json.dump(toks, f)
        os.replace(a.accounts + ".tmp", a.accounts)
    missing = [n for n in names if n not in toks]
    if missing:
        sys.exit("loadgen: %d accounts could not be registered (first: %s)"
                 % (len(missing), missing[0]))
    return toks


# ---- report ---------------------------------------------------------------


def report(g, a):
    dur = a.duration
    rows = []
    for ep in sorted(set(g.stats.status) | set(g.stats.lat)):
        v = g.stats.lat.get(ep, [])
        n = sum(g.stats.status[ep].values())
        ok = len(v)
        rows.append({"endpoint": ep, "requests": n, "ok": ok,
                     "rps": round(n / dur, 1),
                     "p50_ms": round(pct(v, 50), 2) if v else None,
                     "p99_ms": round(pct(v, 99), 2) if v else None,
                     "status": dict(g.stats.status[ep])})
    total = sum(r["requests"] for r in rows if r["endpoint"] != "submit_e2e")
    out = {"servers": a.servers, "learners": a.learners,
           "duration_s": dur, "think_s": a.think, "mix": a.mix,
           "threads": a.threads, "requests": total,
           "rps": round(total / dur, 1), "endpoints": rows,
           "errors": len(g.stats.errors),
           "first_error_s": g.stats.errors[0][0] if g.stats.errors else None,
           "last_error_s": g.stats.errors[-1][0] if g.stats.errors else None,
           "error_samples": g.stats.errors[:5000],
           "final_errors": g.stats.final_errors[:5000],
           "error_bodies": dict(g.stats.bodies.most_common(20)),
           "timeline": {k: v for k, v in sorted(g.stats.timeline.items())}}
    print("%-14s %8s %8s %9s %9s  %s" % ("endpoint", "requests", "req/s",
                                          "p50 ms", "p99 ms", "answers"))
    for r in rows:
        print("%-14s %8d %8.1f %9s %9s  %s" % (
            r["endpoint"], r["requests"], r["rps"],
            "-" if r["p50_ms"] is None else "%.2f" % r["p50_ms"],
            "-" if r["p99_ms"] is None else "%.2f" % r["p99_ms"],
            " ".join("%s:%d" % kv for kv in sorted(r["status"].items()))))
    print("total %d requests in %d s: %.1f req/s; %d failed answers, %d "
          "requests failed after retries" % (total, dur, total / dur,
                                             len(g.stats.errors),
                                             len(g.stats.final_errors)),
          flush=True)
    for b, n in g.stats.bodies.most_common(5):
        print("  %dx %s" % (n, b))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--servers", required=True,
                   help="comma-separated base URLs")
    p.add_argument("--learners", type=int, default=1000)
    p.add_argument("--duration", type=int, default=120)
    p.add_argument("--think", type=float, default=10.0,
                   help="mean think time between steps, seconds")
    p.add_argument("--mix", default="next=30,session=10,hint=20,review=30,"
                   "submit=10")
    p.add_argument("--correct", type=float, default=0.6,
                   help="share of correct submissions")
    p.add_argument("--threads", type=int, default=48)
    p.add_argument("--prefix", default="ld")
    p.add_argument("--accounts", help="JSON file of tokens (made if absent)")
    p.add_argument("--course", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "courses",
        "python"))
    p.add_argument("--acklog")
    p.add_argument("--out")
    p.add_argument("--rr", choices=("learner", "request"), default="learner")
    p.add_argument("--idempotency", action="store_true")
    p.add_argument("--retries", type=int, default=3)
    p.add_argument("--retry-wait", type=float, default=0.2)
    p.add_argument("--retry-503", action="store_true",
                   help="also retry 503 answers on the next server")
    p.add_argument("--poll", type=float, default=0.25)
    p.add_argument("--max-polls", type=int, default=240)
    p.add_argument("--drain", type=float, default=0.0,
                   help="after --duration, keep polling queued "
                   "submissions for up to this many seconds")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--register-only", action="store_true")
    a = p.parse_args()
    names = ["%s%04d" % (a.prefix, i) for i in range(a.learners)]
    toks = register_all(a, names, a.servers)
    if a.register_only:
        return 0
    nserv = len(a.servers.split(","))
    learners = [Learner(n, toks[n], i % nserv) for i, n in enumerate(names)]
    course = Course(os.path.abspath(a.course))
    g = Gen(a, learners, course)
    print("load: %d learners, %d s, think %.1f s, mix %s, servers %s" %
          (a.learners, a.duration, a.think, a.mix, a.servers), flush=True)
    g.run()
    report(g, a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
