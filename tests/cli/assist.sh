#!/usr/bin/env bash
# assist.sh - the text assistant through the command line: hint, submit
# (review after AC), next (narrative), ask, goals set/show, llm
# status/test; first with no LLM configured (the deterministic texts, every
# text recorded as an "assist" event), then against the scripted fake
# OpenAI-compatible server (tests/llm/fake_openai.py): a hint served by
# the model, a leaking answer refused, the event recorded with path and
# prompt version, state = replay(log) after assist and goals_stated events,
# and the API key in no output, export or store file.
# Prints "N passed, N failed".
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
export TUTOR_DB=$tmp/t.db TUTOR_NOW=2026-01-05T09:00 TUTOR_PROGRESS=0
export XDG_CONFIG_HOME=$tmp/config HOME=$tmp
unset TUTOR_LEARNER TUTOR_COURSE TUTOR_LLM_BASE_URL TUTOR_LLM_MODEL \
  TUTOR_LLM_API_KEY TUTOR_LLM_TIMEOUT_S
KEY=sk-test-SECRET-4f9a2b7c11
log=$tmp/all-output.log

# expect NAME STATUS PATTERN -- CMD...: runs CMD, checks the exit status and
# that stdout+stderr contain PATTERN (a fixed string).  Output is kept in
# $out and appended to $log (searched for the key at the end).
expect() {
  local name=$1 want=$2 pattern=$3; shift 4
  local rc
  out=$("$@" 2>&1); rc=$?
  printf '%s\n' "$out" >>"$log"
  if [ "$rc" = "$want" ] && grep -qF -- "$pattern" <<<"$out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s: status %s (want %s, pattern %s), output:\n%s\n' \
      "$name" "$rc" "$want" "$pattern" "$out" >&2
  fi
}
# check NAME COMMAND...: a condition (exit 0 passes).
check() {
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $name" >&2; fi
}
# sql QUERY: one value from the store.
sql() {
  python3 - "$TUTOR_DB" "$1" <<'EOF'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("" if row is None else row[0])
EOF
}
# last_assist FIELD: a field of the latest assist event's payload.
last_assist() {
  python3 - "$TUTOR_DB" "$1" <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT payload FROM events WHERE type = 'assist' "
                 "ORDER BY seq DESC LIMIT 1").fetchone()
v = json.loads(bytes(row[0]) if not isinstance(row[0], str) else row[0])[sys.argv[2]]
print(json.dumps(v) if not isinstance(v, str) else v)
EOF
}
count_type() { sql "SELECT count(*) FROM events WHERE type = '$1'"; }

expect init 0 "course 'sample'" -- "$bin" init --course "$src/courses/sample"
expect learner 0 "learner 'ada' added" -- "$bin" learner add ada --skill beginner

# ---- no LLM: every use works deterministically and is recorded ----------
expect status_none 0 "LLM: not configured" -- "$bin" llm status
expect status_none_usage 0 "usage today, learner ada: 0 requests" -- "$bin" llm status
expect test_none 1 "no LLM configured" -- "$bin" llm test
expect next_none 0 "(served by: fallback: " -- "$bin" next
check next_assist_event [ "$(last_assist use)" = narrative ]
check next_assist_path [ "$(last_assist path)" = fallback ]
expect hint_none 0 "hint (level " -- "$bin" hint --item add
check hint_served_line grep -q '^(served by: fallback: ' <<<"$out"
check hint_assist_event [ "$(last_assist use)" = hint ]
check hint_assist_item [ "$(last_assist item)" = add ]
check hint_assist_version [ "$(last_assist prompt_version)" = 0 ]
expect hint_json 0 '"assist":{"use":"hint","item":"add"' -- \
  "$bin" hint --item add --json
check hint_json_valid python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["assist"]["path"]=="fallback" and d["outputs"]["pedagogical_feedback"]["level"]>=1' "$out"
cp "$src/courses/sample/problems/add/wrong/subtract.py" "$tmp/wrong.py"
n_before=$(count_type assist)
expect submit_wrong 0 "result: WA" -- "$bin" submit --item add "$tmp/wrong.py"
check no_review_on_wa [ "$(count_type assist)" = "$n_before" ]
expect hint_after_wa 0 "(served by: fallback: " -- "$bin" hint --item add
expect submit_right 0 "review: " -- "$bin" submit --item add \
  "$src/courses/sample/problems/add/solution.py"
check review_event [ "$(last_assist use)" = review ]
expect submit_json 0 '"assist":{"use":"review","item":"add"' -- "$bin" submit \
  --item add --json "$src/courses/sample/problems/add/solution.py"
expect next_json 0 '"assist":{"use":"narrative"' -- "$bin" next --json
check next_json_valid python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["assist"]["item"]==d["outputs"]["content_curator"]["picks"][0]["item"]' "$out"
expect ask_none 0 "(served by: fallback: " -- "$bin" ask how do I add two numbers
check ask_event [ "$(last_assist use)" = ask ]
expect goals_set_none 0 "dimension" -- "$bin" goals set \
  "I want to get better at loops for a job interview, 20 minutes every day"
check goals_event [ "$(count_type goals_stated)" = 1 ]
check goals_assist [ "$(last_assist use)" = goals ]
expect goals_show 0 "description" -- "$bin" goals show
expect goals_show_json 0 '{"goals":[{' -- "$bin" goals show --json
expect state_show_goal 0 "  goal " -- "$bin" state show
expect history 0 "assist" -- "$bin" state history
expect replay_none 0 "the state equals the stored snapshot" -- "$bin" state replay
expect learn_none 0 "(served by: fallback: " -- \
  bash -c "cd '$tmp' && printf 'h\nq\n' | '$bin' learn --item add"

# ---- usage errors and bad input --------------------------------------------
expect ask_empty 2 "ask: no question given" -- "$bin" ask
expect ask_long 2 "longer than 2000 bytes" -- "$bin" ask "$(head -c 2100 /dev/zero | tr '\0' x)"
expect ask_bad_item 1 "no problem 'nosuch' in course 'sample'" -- "$bin" ask --item nosuch why
expect goals_none 2 "expected 'set TEXT' or 'show'" -- "$bin" goals
expect goals_set_empty 2 "goals set: no text given" -- "$bin" goals set
expect llm_none 2 "expected 'status' or 'test'" -- "$bin" llm
expect llm_bad_url 1 "--llm-url: 'ftp://x' is not an http:// or https:// URL" -- \
  "$bin" llm status --llm-url ftp://x
expect llm_no_store 0 "usage: no store yet" -- "$bin" llm status --db "$tmp/none.db"
check no_store_created [ ! -e "$tmp/none.db" ]

# ---- with the fake server ----------------------------------------------------
python3 "$src/tests/llm/fake_openai.py" >"$tmp/fake.out" 2>"$tmp/fake.err" &
fake_pid=$!
for _ in $(seq 100); do grep -q '^PORT ' "$tmp/fake.out" && break; sleep 0.1; done
port=$(awk '/^PORT /{print $2; exit}' "$tmp/fake.out")
[ -n "$port" ] || { echo "fake server did not start" >&2; cat "$tmp/fake.err" >&2; exit 1; }
root=http://127.0.0.1:$port
export TUTOR_LLM_BASE_URL=$root/v1 TUTOR_LLM_MODEL=fake-model TUTOR_LLM_API_KEY=$KEY

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

expect status_llm 0 "server: answers (GET $root/v1/models: HTTP 200)" -- "$bin" llm status
check status_no_key_shown bash -c '! grep -qF "$0" <<<"$1"' "$KEY" "$out"
check status_key_set grep -q '^API key: set' <<<"$out"
script '{"ok": true, "says": "hello there"}'
expect test_llm 0 "the model answered via json_schema" -- "$bin" llm test

script '{"hint": "Think about what the plus operator does with two numbers."}'
expect hint_llm 0 "Think about what the plus operator does with two numbers." -- \
  "$bin" hint --item add
check hint_llm_served grep -qx '(served by: json_schema)' <<<"$out"
check hint_llm_path [ "$(last_assist path)" = json_schema ]
check hint_llm_prompt [ "$(last_assist prompt)" = hint ]
check hint_llm_version [ "$(last_assist prompt_version)" -ge 1 ]
check hint_llm_model [ "$(last_assist model)" = fake-model ]
check hint_llm_tokens [ "$(last_assist prompt_tokens)" = 50 ]

# (another item: the same prompt again would be served from the cache)
script '{"hint": "Easy: just return celsius * 9 / 5 + 32 and you are done."}'
expect hint_leak 0 "(served by: fallback: " -- "$bin" hint --item to-fahrenheit
check hint_leak_hidden bash -c '! grep -qF "celsius * 9 / 5 + 32" <<<"$0"' "$out"
check hint_leak_refused [ "$(last_assist refused)" = true ]
check hint_leak_path [ "$(last_assist path)" = fallback ]
check hint_leak_reason bash -c 'grep -q "^refused" <<<"$0"' "$(last_assist reason)"
expect hint_cache 0 "(served by: cache)" -- "$bin" hint --item add
check hint_cache_path [ "$(last_assist path)" = cache ]

script '{"narrative": "Next, a fresh problem to stretch what you know."}'
expect next_llm 0 "Next, a fresh problem to stretch what you know." -- "$bin" next
check next_llm_path [ "$(last_assist path)" = json_schema ]

script '{"answer": "Look at the learning action on addition first."}'
expect ask_llm 0 "Look at the learning action on addition first." -- \
  "$bin" ask --item add what does plus do
check ask_llm_served grep -qx '(served by: json_schema)' <<<"$out"

script '{"goals": [{"dimension": "long_term_objective", "description": "become a software developer", "metric": "", "cmp": ">=", "threshold": 0, "confidence": 0.8, "evidence": "I want to become a developer"}]}'
expect goals_llm 0 "become a software developer" -- "$bin" goals set \
  I want to become a developer
check goals_llm_two [ "$(count_type goals_stated)" = 2 ]

script '{"review": "Clean and direct: the function returns the sum."}'
expect review_llm 0 "review: Clean and direct: the function returns the sum." -- \
  "$bin" submit --item add "$src/courses/sample/problems/add/solution.py"

expect replay_llm 0 "the state equals the stored snapshot" -- "$bin" state replay
check key_sent python3 - "$root" "$KEY" <<'EOF'
import json, sys, urllib.request
reqs = json.load(urllib.request.urlopen(sys.argv[1] + "/_requests"))
chat = [r for r in reqs if r["path"].endswith("/chat/completions")]
assert chat, "no chat requests"
for r in chat:
    auth = {k.lower(): v for k, v in r["headers"].items()}.get("authorization")
    assert auth == "Bearer " + sys.argv[2], auth
    assert sys.argv[2] not in r["body"], "key in a request body"
EOF

# ---- the key is nowhere: outputs, exports, the store's files -----------------
expect export_ps2 0 "" -- "$bin" export progsnap2 --out "$tmp/ps2"
check ps2_has_assist grep -q 'X-Assist:json_schema:hint@v' "$tmp/ps2/MainTable.csv"
expect export_xapi 0 "" -- "$bin" export xapi --out "$tmp/x.json"
check xapi_has_assist grep -q 'verbs/experienced' "$tmp/x.json"
expect history_llm 0 "assist" -- "$bin" state history --audit
check key_not_in_output bash -c '! grep -qF "$0" "$1"' "$KEY" "$log"
check key_not_in_exports bash -c '! grep -rqF "$0" "$1/ps2" "$1/x.json"' "$KEY" "$tmp"
check key_not_in_store bash -c '! grep -qaF "$0" "$1"*' "$KEY" "$TUTOR_DB"

# ---- config file: api_key_env names the variable; a bad file is named -------
mkdir -p "$XDG_CONFIG_HOME/tutor"
printf '[llm]\nbase_url = %s/v1\nmodel = m2\napi_key_env = MY_TUTOR_KEY\n' "$root" \
  >"$XDG_CONFIG_HOME/tutor/config.ini"
unset TUTOR_LLM_BASE_URL TUTOR_LLM_MODEL TUTOR_LLM_API_KEY
MY_TUTOR_KEY=$KEY expect config_file 0 "model: m2" -- "$bin" llm status
check config_key_set grep -q '^API key: set' <<<"$out"
expect config_override 0 "model: m3" -- "$bin" llm status --llm-model m3
printf '[llm]\nbase_url = %s/v1\nbogus line\n' "$root" >"$XDG_CONFIG_HOME/tutor/config.ini"
expect config_bad 1 "config.ini:3" -- "$bin" llm status
expect config_bad_hint 0 "continuing without an LLM" -- "$bin" hint --item add
check config_bad_fallback grep -q '^(served by: fallback: ' <<<"$out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
