#!/bin/sh
# `tutor plan validate` and `tutor eval plans`: a valid hand-written plan
# passes (exit 0), a cycle, an unknown agent, invalid JSON and a missing
# file are refused (exit 1) with every violation as FILE: $.path: reason,
# usage errors exit 2; `tutor eval plans` writes its report on rows of our
# own, and on ../shared's MAP-PPL sample when present (0 gold errors).
set -eu
bin=${TUTOR_BIN:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# the rules planner only: no LLM from the environment or a config file
unset TUTOR_LLM_BASE_URL TUTOR_LLM_MODEL TUTOR_LLM_API_KEY 2>/dev/null || true
export XDG_CONFIG_HOME="$tmp/cfg" HOME="$tmp"

cat > "$tmp/ok.json" <<'JSON'
{"agents": [
  {"agent_role": "loop_tutor", "goal": "Help the learner see why the loop stops one short.",
   "backstory": "You are a tutor who lets learners predict before explaining.", "tools": []},
  {"agent_role": "runner", "goal": "Run the learner's code.",
   "backstory": "You are a careful runner of small programs.", "tools": ["CodeInterpreterTool"]}],
 "subtasks": [
  {"id": "S1", "name": "Predict the range", "subtask_objective": "The learner predicts range(1, 5).",
   "steps": [
    {"id": "S1-1", "agent": "loop_tutor", "objective": "Predict the printed numbers",
     "instruction": "Ask the learner what range(1, 5) prints.", "tool": null,
     "requires_human_input": true, "expected_output": "A prediction", "depends_on": []},
    {"id": "S1-2", "agent": "runner", "objective": "Run the loop",
     "instruction": "Run the loop and show the output.", "tool": "CodeInterpreterTool",
     "requires_human_input": false, "expected_output": "Output", "depends_on": ["S1-1"]},
    {"id": "S1-3", "agent": "loop_tutor", "objective": "Compare with the prediction",
     "instruction": "Compare the output with the prediction.", "tool": null,
     "requires_human_input": true, "expected_output": "A comparison", "depends_on": ["S1-2"]}]}],
 "execution_order": ["S1-1", {"loop": {"steps": ["S1-2"], "condition": "S1-2.ran == false",
   "max_iterations": 2}}, "S1-3"]}
JSON

out=$("$bin" plan validate "$tmp/ok.json") || fail "valid plan refused: $out"
[ "$out" = "$tmp/ok.json: ok (0 warnings)" ] || fail "ok line: $out"

# a cycle (S1-1 depends on S1-3) and an unknown agent: both listed
sed -e 's/"depends_on": \[\]}/"depends_on": ["S1-3"]}/' \
    -e 's/"agent": "runner"/"agent": "ghost"/' "$tmp/ok.json" > "$tmp/bad.json"
set +e
"$bin" plan validate "$tmp/ok.json" "$tmp/bad.json" > "$tmp/out" 2>&1
rc=$?
set -e
[ $rc = 1 ] || fail "bad plan: exit $rc"
grep -q "^$tmp/bad.json: \$.subtasks\[0\].steps\[0\].depends_on: dependency cycle: S1-1 -> S1-3 -> S1-2 -> S1-1 \[P11\]$" "$tmp/out" ||
	fail "cycle line: $(cat "$tmp/out")"
grep -q "^$tmp/bad.json: \$.subtasks\[0\].steps\[1\].agent: agent \"ghost\" is not declared in agents \[P06\]$" "$tmp/out" ||
	fail "unknown agent line"
grep -q "^$tmp/bad.json: \$.agents\[1\]: agent \"runner\" runs no step \[P07\]$" "$tmp/out" ||
	fail "unused agent line"
grep -q "^$tmp/ok.json: ok" "$tmp/out" || fail "the good file still reported"

printf '{"agents": [' > "$tmp/broken.json"
set +e
out=$("$bin" plan validate "$tmp/broken.json")
rc=$?
set -e
[ $rc = 1 ] || fail "invalid JSON: exit $rc"
echo "$out" | grep -q "^$tmp/broken.json: \$: invalid JSON.*\[P01\]$" || fail "json line: $out"

set +e
"$bin" plan validate "$tmp/none.json" 2> "$tmp/err"; rc=$?
"$bin" plan validate 2>/dev/null; rc2=$?
"$bin" plan frobnicate 2>/dev/null; rc3=$?
set -e
[ $rc = 1 ] && grep -q "none.json" "$tmp/err" || fail "missing file: $rc"
[ $rc2 = 2 ] && [ $rc3 = 2 ] || fail "usage errors: $rc2 $rc3"
"$bin" plan --help | grep -q validate || fail "plan --help"

# eval plans on two rows of our own (one question, two profiles)
tr -d '\n' < "$tmp/ok.json" > "$tmp/out1"
for i in 0 1; do
	printf '{"question_id": "q1", "profile_index": %s, "plan": {"input": {"query": "Why?", "learner": {"about_me": "I like loops", "top_tags": ["python"]}}, "output": %s}}\n' \
		"$i" "$(cat "$tmp/out1")"
done > "$tmp/rows.jsonl"
"$bin" eval plans --data "$tmp/rows.jsonl" --out "$tmp/r" > "$tmp/eval.out" ||
	fail "eval plans: $(cat "$tmp/eval.out")"
grep -q "^plans: 2 (0 not plans), questions 1 (1 with >= 2 profiles)$" "$tmp/eval.out" ||
	fail "eval summary: $(cat "$tmp/eval.out")"
grep -q "^| validity rate | 1.000 |$" "$tmp/r/report.md" || fail "report planner line"
grep -q "^planner: 2 plans (0 failed), validity 100.0 %" "$tmp/eval.out" ||
	fail "planner summary: $(cat "$tmp/eval.out")"
grep -q "^| P11 | cycle | error | 0 | 0 | 0 |$" "$tmp/r/report.md" || fail "report rule table"
set +e
"$bin" eval plans --out "$tmp/r" 2>/dev/null; rc=$?
set -e
[ $rc = 2 ] || fail "eval plans without --data: $rc"

data=${TUTOR_SHARED:-../shared}/data/map-ppl/sample-train-dev.jsonl
if [ -r "$data" ]; then
	"$bin" eval plans --data "$data" --out "$tmp/g" > "$tmp/g.out" ||
		fail "eval plans on the sample"
	grep -q "^Plans with at least one error: 0 of 87;" "$tmp/g/report.md" ||
		fail "gold plans with errors: $(grep 'Plans with' "$tmp/g/report.md")"
	grep -q "^planner: 87 plans (0 failed), validity 100.0 %" "$tmp/g.out" ||
		fail "planner on the sample: $(grep planner "$tmp/g.out")"
else
	echo "skip: $data absent (data part)"
fi
# the planner: `tutor plan "QUESTION"` prints a validated plan (text and
# JSON, the same bytes twice); no question is a usage error
"$bin" plan --tags python,pandas --about "Senior data engineer" \
	"Why does my python dict raise KeyError?" > "$tmp/p.out" ||
	fail "tutor plan: $(cat "$tmp/p.out")"
grep -q "^S3 Practice with feedback:" "$tmp/p.out" || fail "plan text view"
grep -q "^  S2-1 \[python_diagnostician\] (learner) Ask the learner to predict" \
	"$tmp/p.out" || fail "plan predict-first: $(cat "$tmp/p.out")"
"$bin" plan --json --level beginner "What is recursion?" > "$tmp/p1.json"
"$bin" plan --json --level beginner "What is recursion?" > "$tmp/p2.json"
cmp -s "$tmp/p1.json" "$tmp/p2.json" || fail "plan JSON not deterministic"
"$bin" plan validate "$tmp/p1.json" > /dev/null || fail "plan JSON invalid"
set +e
"$bin" plan --json 2>/dev/null; rc=$?
set -e
[ $rc = 2 ] || fail "plan without a question: $rc"
echo ok
