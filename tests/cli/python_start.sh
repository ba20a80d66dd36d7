#!/usr/bin/env bash
# python_start.sh - a new learner on the built-in Python course (the
# default course of `tutor init`): the first problem offered is an easy
# problem of the course's first topic, and the hints a learner is given
# on it, level after level, are distinct.  Needs TUTOR_BIN, TUTOR_SOURCE.
set -uo pipefail
bin=${TUTOR_BIN:?}
src=${TUTOR_SOURCE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TUTOR_DB=$tmp/t.db TUTOR_NOW=2026-03-02T09:00 TUTOR_COURSE=
unset TUTOR_LEARNER
fail=0 pass=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

"$bin" init >"$tmp/init" 2>&1 && grep -q "course 'python'" "$tmp/init" \
  && ok "init registers the Python course by default" || { bad "init"; cat "$tmp/init"; }
"$bin" learner add ada --skill beginner >/dev/null 2>&1 || bad "learner add"
"$bin" next --json >"$tmp/next.json" 2>"$tmp/err" || { bad "next"; cat "$tmp/err"; }
first=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(d["outputs"]["content_curator"]["picks"][0]["item"])' "$tmp/next.json")
meta=$src/courses/python/problems/$first/meta.ini
if [ -f "$meta" ] && grep -q '^difficulty = easy' "$meta" && grep -q '^topics = values$' "$meta"; then
  ok "first problem '$first' is an easy problem of topic values"
else
  bad "first problem '$first' is not an easy values problem"; cat "$tmp/next.json"
fi
# Ask for hints until level 5 is given (level 5 needs a failed attempt:
# submit the starter, which is not a solution).
"$bin" submit --item "$first" "$src/courses/python/problems/$first/starter.py" \
  >/dev/null 2>&1 || bad "submit starter"
: >"$tmp/hints"
for _ in 1 2 3 4 5 6; do
  "$bin" hint --item "$first" >>"$tmp/hints" 2>&1 || break
done
levels=$(sed -n 's/^hint (level \([1-5]\),.*/\1/p' "$tmp/hints" | sort -u | tr -d '\n')
texts=$(sed -n 's/^hint (level [1-5], [a-z]*): //p' "$tmp/hints" | sort -u | wc -l)
nlev=${#levels}
if [ "$nlev" -ge 3 ] && [ "$texts" -eq "$nlev" ] && [ "${levels: -1}" = 5 ]; then
  ok "hints reach level 5 through $nlev distinct levels with $texts distinct texts"
else
  bad "hint ladder: levels '$levels', $texts distinct texts"; cat "$tmp/hints"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
