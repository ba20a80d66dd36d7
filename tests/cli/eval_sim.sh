#!/usr/bin/env bash
# eval_sim.sh - `tutor eval suite` end to end on the built-in Python
# course: 60 learners, 30 days, 5 seeds with --check exits 0, writes a
# report with all eight sections and its charts, and a second run with
# the same seed writes byte-identical files; bad --set values exit 2 with
# an error naming the key.  Needs TUTOR_BIN, TUTOR_SOURCE.
set -uo pipefail
bin=${TUTOR_BIN:?}
src=${TUTOR_SOURCE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TUTOR_PROGRESS=0
fail=0 pass=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
course=$src/courses/python
run() { # out-dir
  "$bin" eval suite --course "$course" --learners 60 --days 30 --seeds 5 \
    --check --out "$1" >"$1.out" 2>"$1.err"
}

start=$SECONDS
run "$tmp/r"; rc=$?
if [ "$rc" = 0 ]; then
  ok "eval suite --check exits 0 ($((SECONDS - start)) s)"
else
  bad "eval suite --check exits $rc"; cat "$tmp/r.out" "$tmp/r.err"
fi
for claim in "curator beats random" "cohort topic coverage" "hints raise"; do
  grep -q "^PASS  $claim" "$tmp/r.out" && ok "claim PASS: $claim" ||
    bad "claim not PASS: $claim"
done
grep -q "^report: $tmp/r/report.md$" "$tmp/r.out" && ok "prints the report path" ||
  bad "no report path on stdout"
if [ -f "$tmp/r/report.md" ]; then
  missing=
  for s in "## 1. gain" "## 2. hints" "## 3. coverage" "## 4. policies" \
           "## 5. model" "## 6. recall" "## 7. fairness" "## 8. ablations"; do
    grep -q "^$s" "$tmp/r/report.md" || missing="$missing '$s'"
  done
  [ -z "$missing" ] && ok "report has all eight sections" ||
    bad "report lacks$missing"
  grep -q "$tmp" "$tmp/r/report.md" && bad "report contains a path" ||
    ok "report names no path"
else
  bad "no report.md"
fi
nsvg=$(ls "$tmp/r"/*.svg 2>/dev/null | wc -l)
[ "$nsvg" -ge 11 ] && ok "$nsvg charts written" || bad "only $nsvg charts"

run "$tmp/r2"
same=1
for f in "$tmp/r"/*; do
  cmp -s "$f" "$tmp/r2/$(basename "$f")" || { same=0; echo "differs: $(basename "$f")"; }
done
[ "$(ls "$tmp/r" | wc -l)" = "$(ls "$tmp/r2" | wc -l)" ] || same=0
[ "$same" = 1 ] && ok "same seed: byte-identical report and charts" ||
  bad "same seed gave different files"

# Threads do not change the results.
for t in 1 2; do
  "$bin" eval gain --course "$course" --learners 12 --days 5 --seeds 2 \
    --threads $t --quiet --out "$tmp/t$t" >/dev/null 2>&1 || bad "eval gain --threads $t"
done
cmp -s "$tmp/t1/report.md" "$tmp/t2/report.md" &&
  cmp -s "$tmp/t1/gain.svg" "$tmp/t2/gain.svg" &&
  ok "--threads 1 and 2 give identical files" || bad "--threads changes the report"

# Bad configurations: exit 2, one line naming the key.
bad_set() { # key=value key
  "$bin" eval suite --course "$course" --learners 4 --days 2 --seeds 2 \
    --out "$tmp/bad" --set "$1" >"$tmp/bad.out" 2>"$tmp/bad.err"
  local rc=$?
  if [ "$rc" = 2 ] && grep -q "$2" "$tmp/bad.err" &&
     [ "$(wc -l <"$tmp/bad.err")" = 1 ] && [ ! -e "$tmp/bad" ]; then
    ok "--set $1 exits 2 naming $2"
  else
    bad "--set $1: exit $rc"; cat "$tmp/bad.err"
  fi
}
bad_set drop_base=-1 drop_base
bad_set level=wizard level
bad_set hint_success=0.1,2,0.3,0.4,0.5 hint_success
bad_set nonsense=1 nonsense
"$bin" eval suite --seeds 1 >/dev/null 2>"$tmp/e" && bad "--seeds 1 accepted" ||
  { [ $? = 2 ] && grep -q seeds "$tmp/e" && ok "--seeds 1 exits 2" || bad "--seeds 1"; }
"$bin" eval gain --bogus >/dev/null 2>&1; [ $? = 2 ] && ok "unknown option exits 2" ||
  bad "unknown option"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
