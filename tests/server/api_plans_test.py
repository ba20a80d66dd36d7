#!/usr/bin/env python3
"""api_plans_test.py - the study plan endpoints (docs/api.md "Study plans")
against a real `tutor serve`, in the style of api_test.py (whose server,
request and golden helpers it uses).

A learner makes a plan for a question on collatz-steps, answers its text
turns, submits a wrong solution through the submissions API and posts the
submission's seq to the code turn (the judge step fails, the feedback turn
comes, the practice loop starts its second iteration), then the right
solution (the loop ends, the feedback step is skipped), and answers the
last turn: the plan completes.  Bad bodies (missing, oversized, unknown
fields, an unknown step, the wrong turn, a text for a code turn, a
submission of another item) are refused and change nothing: the session
and the learner's state version are the same before and after.  A second
plan is abandoned.  The authorisation matrix of the five endpoints is
checked for {anonymous, the learner, another learner, the learner's
instructor, another instructor}.  The run's step statuses and the error
answers are compared with golden files (golden/plan_*.json).

Usage: api_plans_test.py [TUTOR_BIN]; prints "N passed, N failed".
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_test as T  # noqa: E402  (the server and helpers)
from api_test import call, check, expect, golden  # noqa: E402

ITEM = "collatz-steps"
QUERY = "How do I count the steps of a sequence with a while loop?"
L = "/api/learners/pat"


def stable(v):
    """v with plan ids and event seqs in messages masked."""
    text = json.dumps(v)
    text = re.sub(r"plan-[0-9a-f]{16}", "plan-<id>", text)
    text = re.sub(r"submission \d+", "submission <seq>", text)
    return json.loads(text)


def state_version(tok):
    r = call("GET", L + "/state", token=tok)
    return r.json["version"] if r.status == 200 else None


def unchanged(name, tok, pid, before_session, before_version):
    r = call("GET", "%s/plans/%s" % (L, pid), token=tok)
    check(name + ": session unchanged", r.status == 200 and
          r.json == before_session, r)
    v = state_version(tok)
    check(name + ": state version unchanged", v == before_version,
          (before_version, v))


def step(session, sid):
    return next(s for s in session["steps"] if s["id"] == sid)


def summary(session):
    """The stable part of a session: statuses, iterations, loops."""
    return {
        "status": session["status"],
        "planner": session["planner"],
        "item": session["item"],
        "progress": session["progress"],
        "turn": session["turn"]["id"] if session["turn"] else None,
        "steps": [{k: s.get(k) for k in ("id", "subtask", "kind", "status",
                                         "iteration", "loop", "depends_on",
                                         "flags")}
                  for s in session["steps"]],
        "loops": session["loops"],
    }


def judged_seq(tok, code, item=ITEM):
    r = T.submit(tok, "pat", item, code)
    if not check("submit %s 202" % item, r.status == 202, r):
        return None
    done = T.wait_done(tok, r.json["id"])
    res = (done.json or {}).get("result") or {}
    check("submission judged with a seq", done.json["status"] == "done" and
          isinstance(res.get("seq"), int) and res["seq"] > 0, done)
    return res.get("seq"), res.get("verdict")


def answer_text_turns(tok, pid, session):
    """Answers text turns until a code turn or the end; returns the session."""
    n = 0
    while session["turn"] and not session["turn"]["code"] and n < 10:
        t = session["turn"]
        r = call("POST", "%s/plans/%s/turn" % (L, pid),
                 {"step": t["id"], "text": "My answer to %s: a loop runs "
                  "while its condition holds." % t["id"]}, tok)
        # the turn moves on (a loop's last step may start the loop's next
        # iteration: then the step is pending again)
        if not check("text turn %s" % t["id"], r.status == 200 and
                     (r.json["turn"] is None or
                      r.json["turn"]["id"] != t["id"]) and
                     (step(r.json, t["id"])["status"] == "done" or
                      step(r.json, t["id"])["loop"] is not None), r):
            return session
        session = r.json
        n += 1
    return session


def bad_create(tok, errs):
    base = L + "/plans"
    before = call("GET", base, token=tok).json
    v = state_version(tok)
    cases = [
        ("create missing query", {}, 400, "plan_create_missing_query"),
        ("create blank query", {"query": " \n "}, 400, None),
        ("create long query", {"query": "q" * 2001}, 400,
         "plan_create_long_query"),
        ("create unknown field", {"query": QUERY, "level": "x"}, 400,
         "plan_create_unknown_field"),
        ("create unknown item", {"query": QUERY, "item": "no-such"}, 404,
         "plan_create_unknown_item"),
        ("create tags not a list", {"query": QUERY, "tags": "a,b"}, 400,
         None),
        ("create too many tags", {"query": QUERY,
                                  "tags": ["t%d" % i for i in range(17)]},
         400, "plan_create_many_tags"),
        ("create bad tag", {"query": QUERY, "tags": ["ok", "a\nb"]}, 400,
         None),
        ("create control tag", {"query": QUERY, "tags": ["x\u0001y"]}, 400,
         None),
        ("create comma tag", {"query": QUERY, "tags": ["a,b"]}, 400, None),
    ]
    for name, body, status, key in cases:
        r = call("POST", base, body, tok)
        expect(name, r, status)
        if key:
            errs[key] = r
    r = call("POST", base, raw=b'{"query": "' + b"x" * 300000 + b'"}',
             token=tok)
    expect("create oversized body", r, 413)
    r = call("POST", base, raw=b'{"query": ', token=tok)
    expect("create bad JSON", r, 400, "bad_json")
    after = call("GET", base, token=tok).json
    check("refused creates made no plan", after == before, (before, after))
    check("refused creates changed no state", state_version(tok) == v)


def bad_turns(tok, pid, session, errs):
    """Every refused answer leaves the session and state as they were."""
    turn = session["turn"]["id"]
    url = "%s/plans/%s/turn" % (L, pid)
    v = state_version(tok)
    cases = [
        ("turn unknown step", {"step": "S9-9", "text": "x"}, 400,
         "plan_turn_unknown_step"),
        ("turn wrong turn", {"step": "S4-2", "text": "x"}, 409,
         "plan_turn_wrong_turn"),
        ("turn no answer", {"step": turn}, 400, "plan_turn_no_answer"),
        ("turn text and submission", {"step": turn, "text": "x",
                                      "submission": 1}, 400, None),
        ("turn long text", {"step": turn, "text": "t" * 4097}, 400, None),
        ("turn blank text", {"step": turn, "text": "  "}, 400, None),
        ("turn bad submission", {"step": turn, "submission": "7"}, 400,
         None),
        ("turn unknown field", {"step": turn, "text": "x", "x": 1}, 400,
         None),
        ("turn submission for a text turn", {"step": turn,
                                             "submission": 1}, 400,
         "plan_turn_submission_for_text"),
        ("turn missing step", {"text": "x"}, 400, None),
    ]
    for name, body, status, key in cases:
        r = call("POST", url, body, tok)
        expect(name, r, status)
        if key:
            errs[key] = r
    r = call("POST", url, raw=b'{"step": "S1-1", "text": "' + b"y" * 300000 +
             b'"}', token=tok)
    expect("turn oversized body", r, 413)
    r = call("POST", "%s/plans/plan-0000000000000000/turn" % L,
             {"step": turn, "text": "x"}, tok)
    expect("turn unknown plan", r, 404, "not_found")
    errs["plan_turn_unknown_plan"] = r
    unchanged("refused turns", tok, pid, session, v)


def run_flow(state, errs):
    tok = state["pat"]
    r = call("GET", L + "/plans", token=tok)
    check("no plans at first", r.status == 200 and r.json == {"plans": []}, r)
    bad_create(tok, errs)
    r = call("POST", L + "/plans", {"query": QUERY, "item": ITEM}, tok)
    ok = check("create 201", r.status == 201 and r.json["status"] ==
               "active" and re.fullmatch(r"plan-[0-9a-f]{16}",
                                         r.json["plan_id"]) and
               r.json["item"] == ITEM and r.json["planner"] == "rules" and
               len(r.json["steps"]) == 10 and r.json["turn"] and
               r.json["turn"]["id"] == "S1-1" and r.json["turn"]["text"], r)
    if not ok:
        return
    session = r.json
    pid = session["plan_id"]
    state["pid"] = pid
    check("the plan's question", session["plan"]["input"]["query"] == QUERY,
          session["plan"].get("input"))
    r = call("GET", "%s/plans/%s" % (L, pid), token=tok)
    check("get = create answer", r.status == 200 and r.json == session, r)
    r = call("GET", L + "/plans", token=tok)
    check("list", r.status == 200 and len(r.json["plans"]) == 1 and
          r.json["plans"][0]["plan_id"] == pid and
          r.json["plans"][0]["status"] == "active" and
          r.json["plans"][0]["steps"] == 10 and
          r.json["plans"][0]["query"] == QUERY, r)
    r = call("GET", "%s/plans/plan-0000000000000000" % L, token=tok)
    expect("get unknown plan", r, 404, "not_found")
    bad_turns(tok, pid, session, errs)
    golden("plan_created", summary(session))

    session = answer_text_turns(tok, pid, session)
    check("a code turn comes", session["turn"] and session["turn"]["code"] and
          step(session, session["turn"]["id"])["kind"] == "code_turn",
          session.get("turn"))
    code_turn = session["turn"]["id"]
    url = "%s/plans/%s/turn" % (L, pid)
    v = state_version(tok)
    r = call("POST", url, {"step": code_turn, "text": "print(1)"}, tok)
    expect("text for a code turn", r, 400, "bad_request")
    errs["plan_turn_text_for_code"] = r
    other = "digit-sum-recursive"
    if os.path.isdir(os.path.join(T.COURSE, "problems", other)):
        seq, _ = judged_seq(tok, T.source(other), other)
        v = state_version(tok)
        r = call("POST", url, {"step": code_turn, "submission": seq}, tok)
        expect("a submission of another item", r, 400, "bad_request")
        errs["plan_turn_other_item"] = r
    unchanged("refused code answers", tok, pid, session, v)

    # wrong solution: the judge step fails, the feedback turn comes
    seq, verdict = judged_seq(tok, T.source(ITEM, wrong=True))
    check("wrong solution is not AC", verdict != "AC", verdict)
    r = call("POST", url, {"step": code_turn, "submission": seq}, tok)
    ok = check("code turn (wrong)", r.status == 200, r)
    if not ok:
        return
    session = r.json
    judge = next(s for s in session["steps"] if s["kind"] == "judge")
    check("judge step failed", judge["status"] == "done" and
          judge["output"], judge)
    check("code turn records the submission",
          step(session, code_turn)["submission"] == seq,
          step(session, code_turn))
    loop = session["loops"][0]
    check("loop running, iteration 1", loop["iteration"] == 1 and
          loop["state"] == "running", loop)
    check("the feedback turn comes", session["turn"] and
          not session["turn"]["code"], session["turn"])
    golden("plan_after_wrong", summary(session))
    session = answer_text_turns(tok, pid, session)
    loop = session["loops"][0]
    check("loop iterates: iteration 2, the code turn again",
          loop["iteration"] == 2 and session["turn"] and
          session["turn"]["id"] == code_turn, (loop, session["turn"]))
    v = state_version(tok)
    r = call("POST", url, {"step": code_turn, "submission": seq}, tok)
    expect("the first iteration's submission again", r, 400, "bad_request")
    errs["plan_turn_same_submission"] = r
    unchanged("a reused submission", tok, pid, session, v)

    # right solution: the loop ends, feedback skipped
    seq, verdict = judged_seq(tok, T.source(ITEM))
    check("right solution is AC", verdict == "AC", verdict)
    r = call("POST", url, {"step": code_turn, "submission": seq}, tok)
    if not check("code turn (right)", r.status == 200, r):
        return
    session = r.json
    loop = session["loops"][0]
    check("loop done after a pass", loop["state"] == "done", loop)
    fb = [s for s in session["steps"] if s["loop"] == 0 and s["kind"] ==
          "turn"]
    check("feedback skipped in the last iteration", fb and
          fb[-1]["status"] == "skipped", fb)
    session = answer_text_turns(tok, pid, session)
    check("plan completed", session["status"] == "completed" and
          session["turn"] is None and session["ended"] and
          session["progress"]["resolved"] == session["progress"]["steps"],
          summary(session))
    golden("plan_completed", summary(session))
    r = call("POST", url, {"step": code_turn, "text": "again"}, tok)
    expect("turn after the end", r, 409, "conflict")
    errs["plan_turn_after_end"] = r
    r = call("POST", "%s/plans/%s/abandon" % (L, pid), {}, tok)
    expect("abandon a completed plan", r, 409, "conflict")
    r = call("GET", L + "/plans", token=tok)
    check("list: completed", r.status == 200 and
          r.json["plans"][0]["status"] == "completed" and
          r.json["plans"][0]["resolved"] == 10, r)


def run_abandon(state):
    tok = state["pat"]
    r = call("POST", L + "/plans", {"query": "What is the difference between "
                                    "a list and a tuple?",
                                    "tags": ["lists", "tuples"]}, tok)
    if not check("second plan 201", r.status == 201, r):
        return
    pid = r.json["plan_id"]
    state["pid2"] = pid
    learner = r.json["plan"]["input"].get("learner") or {}
    check("body tags replace the state's", learner.get("top_tags") ==
          ["lists", "tuples"], learner)
    r = call("POST", "%s/plans/%s/abandon" % (L, pid), {"why": 1}, tok)
    expect("abandon with an unknown field", r, 400, "bad_request")
    r = call("POST", "%s/plans/%s/abandon" % (L, pid), {}, tok)
    check("abandon", r.status == 200 and r.json["status"] == "abandoned" and
          r.json["turn"] is None, r)
    r = call("POST", "%s/plans/%s/turn" % (L, pid),
             {"step": "S1-1", "text": "x"}, tok)
    expect("turn on an abandoned plan", r, 409, "conflict")
    r = call("GET", L + "/plans", token=tok)
    check("list: two plans, oldest first", r.status == 200 and
          [p["status"] for p in r.json["plans"]] == ["completed",
                                                     "abandoned"], r)


def run_state_tags(state):
    """Without tags the plan takes the practised topics from the state."""
    tok = state["pat"]
    topics = {t["id"] for t in call("GET", "/api/course", token=tok)
              .json["topics"]}
    r = call("POST", L + "/plans", {"query": "Why does my loop never end?",
                                    "about": "I am a nurse learning "
                                    "Python."}, tok)
    if not check("plan from the state 201", r.status == 201, r):
        return
    learner = r.json["plan"]["input"].get("learner") or {}
    tags = learner.get("top_tags") or []
    check("state tags: practised course topics", tags and
          all(t in topics or t in ("python", "c") for t in tags) and
          len(tags) <= 6, (tags, sorted(topics)[:5]))
    check("about is the bio", learner.get("about_me") ==
          "I am a nurse learning Python.", learner)
    r = call("POST", "%s/plans/%s/abandon" % (L, r.json["plan_id"]), {}, tok)
    check("abandon the third plan", r.status == 200, r)


def run_matrix(state):
    tokens = {"anon": None, "A": state["pat"], "B": state["quinn"],
              "insA": state["ins1"], "insOther": state["ins2"]}
    pid = state.get("pid2") or "plan-0000000000000000"
    read = {"A", "insA"}
    cells = [
        ("plan list", "GET", L + "/plans", None, read),
        ("plan get", "GET", "%s/plans/%s" % (L, pid), None, read),
        ("plan create", "POST", L + "/plans", {"query": "?"}, {"A"}),
        ("plan turn", "POST", "%s/plans/%s/turn" % (L, pid),
         {"step": "S1-1", "text": "x"}, {"A"}),
        ("plan abandon", "POST", "%s/plans/%s/abandon" % (L, pid), {},
         {"A"}),
    ]
    for label, method, path, body, allowed in cells:
        for role in T.ROLES:
            r = call(method, path, body, tokens[role])
            if role in allowed:
                # the learner's own writes reach the handler: a 409 on the
                # abandoned plan is its answer, not a refusal
                good = r.status < 400 or (r.status == 409 and
                                          label != "plan create")
            elif role == "anon":
                good = r.status == 401
            else:
                good = r.status == 403 and T.error_code(r) == "forbidden"
            check("matrix %s x %s" % (label, role), good,
                  "%s %s: %r" % (method, path, r))


def setup(state):
    state["pat"] = T.register("pat")
    state["quinn"] = T.register("quinn")
    for name in ("ins1", "ins2"):
        rc, out = T.SRV.account_add(name)
        check("account add " + name, rc == 0, out)
        state[name] = T.login(name)
    r = call("POST", "/api/cohorts", {"name": "Plans"}, state["ins1"])
    code = r.json["join_code"]
    r = call("POST", "/api/cohorts/join", {"code": code}, state["pat"])
    check("pat joins ins1's cohort", r.status == 200, r)
    r = call("POST", "/api/cohorts", {"name": "Other"}, state["ins2"])


def main():
    if not T.BIN or not os.access(T.BIN, os.X_OK):
        sys.exit("api_plans_test.py: no tutor binary (pass it or set "
                 "TUTOR_BIN)")
    tmp = tempfile.mkdtemp(prefix="tutor-plans-test-")
    T.SRV = T.Server(tmp)
    state, errs = {}, {}
    try:
        setup(state)
        run_flow(state, errs)
        run_abandon(state)
        run_state_tags(state)
        run_matrix(state)
        golden("plan_errors", {k: {"status": r.status,
                                   "body": stable(r.json)}
                               for k, r in errs.items()})
    finally:
        rc = T.SRV.stop()
        check("serve exits 0 on SIGTERM", rc == 0, rc)
        with open(T.SRV.out.name) as f:
            log = f.read()
        check("no sanitizer report from serve", "runtime error" not in log
              and "Sanitizer" not in log, log[-2000:])
        if T.failed:
            sys.stderr.write("--- serve output ---\n" + log[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (T.passed, T.failed))
    return 1 if T.failed else 0


if __name__ == "__main__":
    sys.exit(main())
