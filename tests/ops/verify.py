#!/usr/bin/env python3
"""verify.py - after a load or fault run: no acknowledged event lost, none
applied twice, every learner's state equals the replay of its log.

  verify.py --server URL --accounts FILE [--acklog FILE] [--tutor BIN
            --db LOCATION] [--learners a,b,...] [--jobs N]
            [--idempotent yes|no|auto]

For every learner of --accounts (or --learners) it reads the whole event
log through the API (GET /api/learners/:id/history, pages of 500) and
checks against the generator's --acklog (bench/load/loadgen.py):

  * lost: every acknowledged session and submission seq is in the log
    with that type; the log holds at least as many hint_request events as
    hints were acknowledged;
  * twice: with idempotency keys, the log holds at most one hint_request
    per distinct hint key sent, and at most one submission event per
    distinct submission job (a retried key must give one job);
  * replay: `tutor state replay --db LOCATION --learner ID` exits 0 (the
    snapshot equals the replay of the log), --jobs at a time.

Prints one line per check and "verify: N learners, M events: ok" or the
failures; exit 1 on any failure.  Python 3 standard library only.
"""
import argparse
import http.client
import json
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse


def history(u, token, learner):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    events, before = [], None
    while True:
        q = "?limit=500" + ("&before=%d" % before if before else "")
        c.request("GET", "/api/learners/%s/history%s" % (learner, q),
                  headers={"Authorization": "Bearer " + token})
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError("history of %s: HTTP %d %s" %
                               (learner, r.status, body[:200]))
        js = json.loads(body)
        events += js["events"]
        before = js.get("next_before")
        if not before or not js["events"]:
            break
    c.close()
    return events


def read_acks(path):
    acked = defaultdict(list)      # learner -> [records]
    sent = defaultdict(lambda: defaultdict(set))   # learner -> kind -> keys
    jobs = defaultdict(set)        # learner -> submission job ids
    if not path:
        return acked, sent, jobs
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r.get("sent"):
                sent[r["learner"]][r["kind"]].add(r.get("key"))
            elif r["kind"] == "submission_queued":
                jobs[r["learner"]].add(r["id"])
            else:
                acked[r["learner"]].append(r)
    return acked, sent, jobs


def check_learner(name, events, acks, sent, jobs, idem):
    """The failures for one learner (a list of strings)."""
    bad = []
    by_seq = {e["seq"]: e["type"] for e in events}
    types = Counter(e["type"] for e in events)
    kind_type = {"session": "session_check", "submission": "submission"}
    hints = 0
    for r in acks:
        if r["kind"] == "hint":
            hints += 1
            continue
        seq = r.get("seq")
        if seq is None:
            continue
        want = kind_type.get(r["kind"])
        if by_seq.get(seq) is None:
            bad.append("%s: acknowledged %s seq %d not in the log" %
                       (name, r["kind"], seq))
        elif want and by_seq[seq] != want:
            bad.append("%s: seq %d is a %s, acknowledged as %s" %
                       (name, seq, by_seq[seq], want))
    if types["hint_request"] < hints:
        bad.append("%s: %d hints acknowledged, %d hint_request events" %
                   (name, hints, types["hint_request"]))
    if idem:
        n_keys = len(sent.get("hint", ()))
        if types["hint_request"] > n_keys:
            bad.append("%s: %d hint_request events for %d distinct keys "
                       "(applied twice)" % (name, types["hint_request"],
                                            n_keys))
        n_jobs = len(jobs)
        if jobs and types["submission"] > n_jobs:
            bad.append("%s: %d submission events for %d jobs (applied "
                       "twice)" % (name, types["submission"], n_jobs))
    return bad, types


def replay(tutor, db, name):
    p = subprocess.run([tutor, "state", "replay", "--db", db, "--learner",
                        name], capture_output=True, text=True)
    return None if p.returncode == 0 else "%s: replay: %s" % (
        name, (p.stdout + p.stderr).strip()[:300])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--acklog")
    p.add_argument("--tutor")
    p.add_argument("--db")
    p.add_argument("--learners")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--idempotent", choices=("yes", "no"), default="no")
    a = p.parse_args()
    u = urlparse(a.server)
    toks = json.load(open(a.accounts))
    names = a.learners.split(",") if a.learners else sorted(toks)
    acked, sent, jobs = read_acks(a.acklog)
    idem = a.idempotent == "yes"
    failures, total = [], Counter()
    n_acked = 0

    def one(n):
        ev = history(u, toks[n], n)
        return n, ev

    with ThreadPoolExecutor(4) as ex:
        for n, ev in ex.map(one, names):
            bad, types = check_learner(n, ev, acked.get(n, []),
                                       sent.get(n, {}), jobs.get(n, set()),
                                       idem)
            failures += bad
            total.update(types)
            n_acked += len(acked.get(n, []))
    print("verify: lost/twice: %d learners, %d events in their logs, %d "
          "acknowledged, %s: %s" % (len(names), sum(total.values()), n_acked,
                                    "with keys" if idem else "no keys",
                                    "ok" if not failures else
                                    "%d failures" % len(failures)))
    if a.tutor and a.db:
        with ThreadPoolExecutor(a.jobs) as ex:
            rep = [r for r in ex.map(lambda n: replay(a.tutor, a.db, n),
                                     names) if r]
        print("verify: replay: %d learners: %s" % (
            len(names), "ok" if not rep else "%d differ" % len(rep)))
        failures += rep
    for f in failures[:30]:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
