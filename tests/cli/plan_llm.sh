#!/usr/bin/env bash
# plan_llm.sh - `tutor plan --planner auto|rules|llm` and `tutor eval plans
# --planner`: without an LLM the rules plan (stderr "planner: rules (no
# LLM configured)"), --planner llm refused (exit 1), a bad --planner a
# usage error (exit 2); against the scripted fake OpenAI-compatible server
# (tests/llm/fake_openai.py): the LLM's two-stage plan printed and valid
# ("planner: llm (json_schema, prompt plan_steps v1, ...)"), an invalid
# plan repaired, one still invalid after the repair replaced by the rules
# plan with the reason, and `tutor eval plans --planner llm` counting the
# plans each planner served.  Prints "N passed, N failed".
set -u
bin=${TUTOR_BIN:?TUTOR_BIN not set}
src=${TUTOR_SOURCE:?TUTOR_SOURCE not set}
tmp=$(mktemp -d)
fake_pid=
cleanup() {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
export XDG_CONFIG_HOME=$tmp/config HOME=$tmp
unset TUTOR_LLM_BASE_URL TUTOR_LLM_MODEL TUTOR_LLM_API_KEY TUTOR_LLM_TIMEOUT_S
Q="Why does my for loop over range(1, 5) stop at 4?"

# expect NAME STATUS PATTERN -- CMD...: runs CMD (stdout to $tmp/NAME.out,
# stderr to $tmp/NAME.err), checks the exit status and that stderr holds
# PATTERN (a fixed string).
expect() {
  local name=$1 want=$2 pat=$3
  shift 4
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$pat" "$tmp/$name.err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $rc (want $want), stderr:"; cat "$tmp/$name.err"
  fi
}
# check NAME CMD...: passes when CMD succeeds.
check() {
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}

# ---- without an LLM ----------------------------------------------------------
expect auto 0 "planner: rules (no LLM configured)" -- "$bin" plan --json "$Q"
expect rules 0 "planner: rules (--planner rules)" -- \
  "$bin" plan --json --planner rules "$Q"
check rules_same cmp -s "$tmp/auto.out" "$tmp/rules.out"
expect llm_none 1 "plan: --planner llm: no LLM configured" -- \
  "$bin" plan --planner llm "$Q"
expect bad_planner 2 "--planner must be auto, rules or llm" -- \
  "$bin" plan --planner magic "$Q"
check help grep -q -- "--planner P" <("$bin" plan --help)

# ---- with the fake server ----------------------------------------------------
python3 "$src/tests/llm/fake_openai.py" >"$tmp/fake.out" 2>"$tmp/fake.err" &
fake_pid=$!
for _ in $(seq 100); do grep -q '^PORT ' "$tmp/fake.out" && break; sleep 0.1; done
port=$(awk '/^PORT /{print $2; exit}' "$tmp/fake.out")
[ -n "$port" ] || { echo "fake server did not start" >&2; cat "$tmp/fake.err" >&2; exit 1; }
root=http://127.0.0.1:$port
export TUTOR_LLM_BASE_URL=$root/v1 TUTOR_LLM_MODEL=fake-model

# script CONTENT...: queues one chat completion per CONTENT (its text).
script() {
  python3 - "$@" <<'EOF' | curl -sf -X POST --data-binary @- "$root/_script" >/dev/null
import json, sys
print(json.dumps([{"json": {"id": "x", "object": "chat.completion",
    "created": 0, "model": "fake-model", "choices": [{"index": 0,
    "finish_reason": "stop", "message": {"role": "assistant",
    "content": c}}], "usage": {"prompt_tokens": 50,
    "completion_tokens": 10, "total_tokens": 60}}} for c in sys.argv[1:]]))
EOF
}
reset() { curl -sf -X POST "$root/_reset" >/dev/null; }

stage1='{"agents": [
 {"agent_role": "loop_tutor", "goal": "Help the learner see why the loop stops one short.",
  "backstory": "You are a tutor who lets learners predict first.", "tools": []},
 {"agent_role": "runner", "goal": "Run and check the learner code.",
  "backstory": "You are a careful runner of small programs.", "tools": ["CodeInterpreterTool"]}],
 "subtasks": [
 {"id": "S1", "name": "Predict the range", "subtask_objective": "The learner predicts range(1, 5)."},
 {"id": "S2", "name": "Practice with feedback", "subtask_objective": "The learner writes a loop."}]}'
# stage2 DEPS_OF_S1-1: a stage-2 answer (valid with "", a cycle with "S1-2").
stage2() {
  printf '%s' '{"subtasks": [{"id": "S1", "steps": [
 {"id": "S1-1", "agent": "loop_tutor", "objective": "Predict the numbers",
  "instruction": "Ask the learner what range(1, 5) prints.", "tool": null,
  "requires_human_input": true, "expected_output": "A prediction", "depends_on": ['"$1"']},
 {"id": "S1-2", "agent": "loop_tutor", "objective": "Explain the end bound",
  "instruction": "Explain that range stops before its end.", "tool": null,
  "requires_human_input": false, "expected_output": "An explanation", "depends_on": ["S1-1"]}]},
 {"id": "S2", "steps": [
 {"id": "S2-1", "agent": "loop_tutor", "objective": "Write the loop",
  "instruction": "Ask the learner to write a loop printing 1 to 5.", "tool": null,
  "requires_human_input": true, "expected_output": "Code", "depends_on": ["S1-2"]},
 {"id": "S2-2", "agent": "runner", "objective": "Run the code",
  "instruction": "Run the learner loop and check its output.", "tool": "CodeInterpreterTool",
  "requires_human_input": false, "expected_output": "A verdict", "depends_on": ["S2-1"]},
 {"id": "S2-3", "agent": "loop_tutor", "objective": "Give feedback",
  "instruction": "Give feedback on the output.", "tool": null,
  "requires_human_input": true, "expected_output": "Feedback", "depends_on": ["S2-2"]},
 {"id": "S2-4", "agent": "loop_tutor", "objective": "Summarize",
  "instruction": "Summarize why the loop needs range(1, 6).", "tool": null,
  "requires_human_input": true, "expected_output": "A summary", "depends_on": ["S2-2"]}]}],
 "execution_order": ["S1-1", "S1-2", {"loop": {"steps": ["S2-1", "S2-2", "S2-3"],
  "condition": "S2-2.passed == false", "max_iterations": 3}}, "S2-4"]}'
}

script "$stage1" "$(stage2 '')"
expect llm_plan 0 "planner: llm (json_schema, prompt plan_steps v1, model fake-model)" -- \
  "$bin" plan --json --planner llm "$Q"
check llm_plan_agents grep -q '"agent_role": "loop_tutor"' "$tmp/llm_plan.out"
check llm_plan_valid "$bin" plan validate -q "$tmp/llm_plan.out"

reset
script "$stage1" "$(stage2 '"S1-2"')" "$(stage2 '')"
expect repaired 0 "planner: llm (json_schema" -- "$bin" plan "$Q"
check repaired_text grep -q '^  S2-2 \[runner, CodeInterpreterTool\]' "$tmp/repaired.out"

reset
script "$stage1" "$(stage2 '"S1-2"')" "$(stage2 '"S1-2"')"
expect fallback 0 "planner: rules (fallback: invalid after 1 repair: P11 dependency cycle" -- \
  "$bin" plan --json "$Q"
check fallback_is_rules cmp -s "$tmp/fallback.out" "$tmp/rules.out"

reset
expect url_off 0 "planner: rules (no LLM configured)" -- "$bin" plan --llm-url '' "$Q"

# eval plans --planner llm: nothing scripted, so every stage-1 answer is
# the fake's plain text and every plan falls back to the rules.
rows=$tmp/rows.jsonl
plan='{"agents": [{"agent_role": "t", "goal": "g", "backstory": "You are t.", "tools": []}], "subtasks": [{"id": "S1", "name": "n", "subtask_objective": "o", "steps": [{"id": "S1-1", "agent": "t", "objective": "o", "instruction": "Ask it.", "tool": null, "requires_human_input": true, "expected_output": "e", "depends_on": []}]}], "execution_order": ["S1-1"]}'
printf '{"question_id": "q1", "profile_index": 0, "plan": {"input": {"query": "Why?", "learner": {"about_me": "I like loops", "top_tags": ["python"]}}, "output": %s}}\n' "$plan" >"$rows"
reset
"$bin" eval plans --planner llm --data "$rows" --out "$tmp/r" >"$tmp/eval.out" 2>"$tmp/eval.err"
check eval_rc [ $? = 0 ]
check eval_line grep -q '^llm planner: 0 plans from the LLM, 1 from the rules; first fallback: stage 1: llm: ' "$tmp/eval.out"
check eval_report grep -q '^LLM planner: 0 plans from the LLM, 1 from the rules' "$tmp/r/report.md"
unset TUTOR_LLM_BASE_URL
expect eval_llm_none 1 "eval plans: --planner llm: no LLM configured" -- \
  "$bin" eval plans --planner llm --data "$rows" --out "$tmp/r"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
