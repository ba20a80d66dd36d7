#!/usr/bin/env bash
# plan_run.sh - the acceptance test of the study-plan executor (issue 10):
# a scripted learner runs `tutor plan run` on the sample course's "add"
# problem with the real judge (sandbox).  The first stdin ends after one
# turn (a clean exit that says how to resume); a resumed process gets a
# wrong solution (WA) and is killed with SIGKILL once the feedback turn's
# prompt is shown; a third process resumes, the loop's second iteration
# passes with the reference solution and the plan completes.  Asserts on
# `tutor plan status --json`: 2 loop iterations, the loop done, the
# feedback step skipped in the end, every step resolved; and the learner's
# state equals the replay of the log.  Prints "N passed, N failed".
set -u
bin=${TUTOR_BIN:?TUTOR_BIN not set}
src=${TUTOR_SOURCE:?TUTOR_SOURCE not set}
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
export TUTOR_DB=$tmp/t.db TUTOR_NOW=2026-01-05T09:00 TUTOR_PROGRESS=0
unset TUTOR_LEARNER TUTOR_COURSE TUTOR_LLM_BASE_URL
add=$src/courses/sample/problems/add
question="How do I write a function that adds two numbers"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*" >&2; }

# expect NAME STATUS PATTERN -- CMD...: the exit status and a fixed string
# in stdout+stderr.
expect() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$pattern" <<<"$out"; then ok
  else bad "$name: status $rc (want $want), output:"; printf '%s\n' "$out" >&2
  fi
}

# check NAME PYTHON-EXPR: evaluates EXPR on the JSON in $tmp/status.json
# (as j) and counts a pass when it is true.
check() {
  if python3 - "$tmp/status.json" "$2" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
step = {s["id"]: s for s in j["steps"]}
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
  then ok; else bad "$1: $2"; fi
}

status_json() {
  "$bin" plan status --learner ada --json "$id" >"$tmp/status.json" 2>&1 ||
    bad "plan status --json: $(cat "$tmp/status.json")"
}

# wait_for FILE COUNT PATTERN: until PATTERN occurs COUNT times (30 s).
wait_for() {
  for _ in $(seq 300); do
    [ "$(grep -cF -- "$3" "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

expect init 0 "course 'sample'" -- "$bin" init --course "$src/courses/sample"
expect learner 0 "learner 'ada' added" -- "$bin" learner add ada --skill beginner
cp "$add/wrong/subtract.py" "$tmp/wrong.py"

# ---- usage ---------------------------------------------------------------
for sub in run status list abandon; do
  expect "help_$sub" 0 "usage: tutor plan $sub" -- "$bin" plan "$sub" --help
done
expect run_no_question 2 "give one QUESTION" -- "$bin" plan run --learner ada
expect run_two_sources 2 "give one QUESTION" -- \
  "$bin" plan run --learner ada --resume plan-x "$question"
expect abandon_no_id 2 "give the PLAN_ID" -- "$bin" plan abandon --learner ada
expect status_none 1 "has no plans" -- "$bin" plan status --learner ada
expect run_bad_item 1 "no problem 'nosuch'" -- \
  "$bin" plan run --learner ada --item nosuch "$question"
expect resume_unknown 1 "has no plan 'plan-0000000000000000'" -- \
  "$bin" plan run --learner ada --resume plan-0000000000000000

# ---- 1: stdin ends after the first turn: a clean exit ---------------------
printf 'I think it adds them\n' |
  "$bin" plan run --learner ada --item add "$question" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
id=$(grep -o 'plan-[0-9a-f]\{16\}' "$tmp/err1" | head -1)
if [ "$rc" = 0 ] && [ -n "$id" ] && grep -qF -- "--resume $id" "$tmp/err1" &&
   grep -qF "[S1-2]" "$tmp/out1"; then ok
else bad "first run (status $rc):"; cat "$tmp/out1" "$tmp/err1" >&2
fi
status_json
check eof_status 'j["status"] == "active" and j["turn"]["id"] == "S2-2"'
check eof_s1 'step["S1-1"]["status"] == "done" and step["S1-1"]["input"] == "I think it adds them"'

# ---- 2: resumed; a wrong solution; killed at the feedback prompt -----------
mkfifo "$tmp/in"
"$bin" plan run --learner ada --resume "$id" <"$tmp/in" >"$tmp/out2" 2>&1 &
pid=$!
exec 3>"$tmp/in"
printf 'it returns the sum of its parameters\n' >&3
if wait_for "$tmp/out2" 1 "your code"; then ok; else bad "no code prompt"; fi
printf '@%s\n' "$tmp/wrong.py" >&3
# the feedback turn (S3-3) asks for the second answer line of this process
if wait_for "$tmp/out2" 2 "your answer (one line)"; then ok
else bad "no feedback prompt:"; cat "$tmp/out2" >&2
fi
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
exec 3>&-
grep -qF "first failing public test" "$tmp/out2" && ok ||
  bad "the judge step did not show the failing test"
status_json
check killed_turn 'j["status"] == "active" and j["turn"]["id"] == "S3-3"'
check killed_judge 'step["S3-2"]["flags"] == {"passed": "false", "verdict": "WA"}'
check killed_loop 'j["loops"][0]["iteration"] == 1 and j["loops"][0]["state"] == "running"'
check killed_sub 'step["S3-1"]["submission"] is not None'
expect replay_mid 0 "the state equals the stored snapshot" -- \
  "$bin" state replay --learner ada

# ---- 3: a new process finishes: attempt 2 passes, the plan completes -------
printf 'I subtracted instead of adding\n@%s\nreturn the value, do not print it\n' \
  "$add/solution.py" |
  "$bin" plan run --learner ada --resume "$id" >"$tmp/out3" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -qF "plan $id completed: 10 of 10 steps" "$tmp/out3" &&
   grep -qF "AC: " "$tmp/out3"; then ok
else bad "third run (status $rc):"; cat "$tmp/out3" >&2
fi
status_json
check done_status 'j["status"] == "completed" and j["turn"] is None'
check done_progress 'j["progress"] == {"resolved": 10, "steps": 10}'
check done_loop 'j["loops"][0]["iteration"] == 2 and j["loops"][0]["state"] == "done"'
check done_iters 'step["S3-1"]["iteration"] == 2 and step["S3-2"]["iteration"] == 2'
check done_judge 'step["S3-2"]["flags"]["passed"] == "true"'
check done_skip 'step["S3-3"]["status"] == "skipped"'
check done_kinds 'step["S3-1"]["kind"] == "code_turn" and step["S3-2"]["kind"] == "judge" and step["S1-2"]["kind"] == "search"'
expect replay_end 0 "the state equals the stored snapshot" -- \
  "$bin" state replay --learner ada
expect list 0 "$id  completed 10/10" -- "$bin" plan list --learner ada
expect status_text 0 "loop 1: while S3-2.passed == false: iteration 2 of 3, done" -- \
  "$bin" plan status --learner ada
expect abandon_done 1 "only an active plan can be abandoned" -- \
  "$bin" plan abandon --learner ada "$id"
expect resume_done 0 "plan $id completed" -- \
  "$bin" plan run --learner ada --resume "$id"

# ---- a second plan, abandoned -----------------------------------------------
: | "$bin" plan run --learner ada "$question" >/dev/null 2>"$tmp/err4"
id2=$(grep -o 'plan-[0-9a-f]\{16\}' "$tmp/err4" | head -1)
expect abandon 0 "plan $id2 abandoned" -- "$bin" plan abandon --learner ada "$id2"
expect list_two 0 "$id2  abandoned" -- "$bin" plan list --learner ada

# ---- `tutor plan --learner`: the learner's state conditions the plan ---------
# (ada's language is the technology; the beginner level gives explain-first)
expect plan_learner 0 "S2 Explain, then check understanding" -- \
  "$bin" plan --planner rules --learner ada "$question please"
expect plan_learner_tech 0 "[python_explainer]" -- \
  "$bin" plan --planner rules --learner ada "$question please"
expect plan_learner_level 0 "S2 Predict, then explain" -- \
  "$bin" plan --planner rules --learner ada --level advanced "$question please"
expect plan_learner_unknown 1 "no learner 'nobody'" -- \
  "$bin" plan --planner rules --learner nobody "$question please"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
