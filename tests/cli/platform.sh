#!/usr/bin/env bash
# platform.sh - the learning-loop commands end to end against a real store
# in a temporary directory: bad courses are refused with file and line,
# unknown learners and problems are clear errors, a scripted session runs
# (judge included), the state replays to the snapshot, a corrupted state
# row is reported and never used.  Prints "N passed, N failed".
set -u
bin=${TUTOR_BIN:?TUTOR_BIN not set}
src=${TUTOR_SOURCE:?TUTOR_SOURCE not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export TUTOR_DB=$tmp/t.db TUTOR_NOW=2026-01-05T09:00 TUTOR_PROGRESS=0
unset TUTOR_LEARNER TUTOR_COURSE

# expect NAME STATUS PATTERN -- CMD...: runs CMD, checks the exit status and
# that stdout+stderr contain PATTERN (a fixed string).
expect() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" = "$want" ] && grep -qF -- "$pattern" <<<"$out"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s: status %s (want %s), output:\n%s\n' "$name" "$rc" \
      "$want" "$out" >&2
  fi
}

course_copy() { # NAME -> a fresh copy of the loader's fixture course
  rm -rf "$tmp/$1"
  cp -r "$src/tests/content/data/valid" "$tmp/$1"
  echo "$tmp/$1"
}

# ---- bad courses: refused with file and line, no store created ----------
c=$(course_copy cycle)
sed -i 's/^summary = Values and names.$/summary = Values and names.\nrequires = loops/' \
  "$c/course.ini"
expect cycle 1 "$c/course.ini:13: topic 'basics': prerequisite cycle: basics -> loops -> basics" \
  -- "$bin" init --course "$c" --db "$tmp/none.db"
[ -e "$tmp/none.db" ] && { echo "FAIL: store created" >&2; fail=$((fail + 1)); }

c=$(course_copy unknown-topic)
sed -i 's/^topics = arith, basics$/topics = arith, heaps/' "$c/problems/add/meta.ini"
expect unknown_topic 1 "$c/problems/add/meta.ini:3: topics: unknown topic 'heaps'" \
  -- "$bin" init --course "$c" --db "$tmp/none.db"

c=$(course_copy missing-test)
python3 - "$c/problems/mean/problem.json" <<'EOF'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
for case in d["cases"]: case.pop("hidden", None)
json.dump(d, open(p, "w"), indent=1)
EOF
expect missing_test 1 "$c/problems/mean/meta.ini:1: problem 'mean': problem.json has no hidden tests" \
  -- "$bin" init --course "$c" --db "$tmp/none.db"

# ---- no store, unknown learner, unknown problem --------------------------
expect no_store 1 "no store at $tmp/t.db; run 'tutor init' first" -- "$bin" next
expect init 0 "course 'sample'" -- "$bin" init --course "$src/courses/sample"
expect no_learner 1 "no learner chosen" -- "$bin" next
expect learner_add 0 "learner 'ada' added" -- "$bin" learner add ada --skill beginner
expect learner_dup 1 "ada" -- "$bin" learner add ada
expect bad_id 1 "" -- "$bin" learner add "a b"
expect unknown_learner 1 "no learner 'nobody'" -- "$bin" next --learner nobody
expect unknown_problem 1 "no problem 'nosuch' in course 'sample'" -- "$bin" hint --item nosuch

# ---- the loop ------------------------------------------------------------
expect next 0 '"trigger":"on_session_check"' -- "$bin" next --json
expect hint 0 "hint (level" -- "$bin" hint --item add
cp "$src/courses/sample/problems/add/wrong/subtract.py" "$tmp/wrong.py"
expect submit_wrong 0 "result: WA" -- "$bin" submit --item add "$tmp/wrong.py"
expect submit_right 0 "next review of add" -- "$bin" submit --item add \
  "$src/courses/sample/problems/add/solution.py"
expect reviews 0 "add" -- "$bin" reviews
TUTOR_NOW=2026-01-08T09:00 expect review_due 0 '"bucket":"review"' -- \
  "$bin" reviews --trigger --json
expect daily 0 '"trigger":"on_daily_generation"' -- "$bin" daily --json
expect learn 0 "hint (level" -- bash -c "cd '$tmp' && printf 'h\nq\n' | '$bin' learn"
expect history 0 "learner_profiler" -- "$bin" state history --audit
expect replay 0 "the state equals the stored snapshot" -- "$bin" state replay
expect export_ps2 0 "" -- "$bin" export progsnap2 --out "$tmp/ps2"
[ -s "$tmp/ps2/MainTable.csv" ] || { echo "FAIL: no MainTable.csv" >&2; fail=$((fail + 1)); }

# ---- a corrupted state row is reported, never used -----------------------
python3 - "$tmp/t.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(s,) = db.execute("SELECT state FROM snapshots WHERE learner = 'ada'").fetchone()
s = bytes(s).replace(b'"streak_days":1', b'"streak_days":7', 1)
db.execute("UPDATE snapshots SET state = ? WHERE learner = 'ada'", (s,))
db.commit()
EOF
expect corrupt_show 1 "checksum" -- "$bin" state show
expect corrupt_next 1 "checksum" -- "$bin" next

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
