#!/usr/bin/env bash
# faults.sh - `tutor content check` catches each kind of fault.  Each case
# copies the fixture course tests/check/data/good, breaks it in one way,
# runs the checker and asserts the exit status and the finding it prints.
# Needs TUTOR_BIN (the tutor program) and TUTOR_SOURCE (the repo root).
set -uo pipefail
bin=${TUTOR_BIN:?}
src=${TUTOR_SOURCE:?}/tests/check/data/good
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME WANT_STATUS PATTERN [checker options...]: runs the checker on
# $tmp/c and checks status and that PATTERN (grep -E) is in its output.
expect() {
  local name=$1 want=$2 pat=$3 out st
  shift 3
  out=$("$bin" content check "$@" "$tmp/c" 2>&1)
  st=$?
  if [ "$st" = "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$pat"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: status $st (want $want), pattern '$pat'"
    printf '%s\n' "$out" | sed 's/^/     | /' | head -20
  fi
}
fresh() { rm -rf "$tmp/c"; cp -r "$src" "$tmp/c"; }

fresh
expect "clean course passes" 0 "^0 errors, 2 gaps"
expect "clean course counts" 0 "judged: 3/3 reference solutions AC, 3/3 known-wrong solutions rejected"
expect "gaps fail under --strict" 1 "topic-few-problems" --strict

fresh
printf 'def add(a, b):\n    return a * b\n' > "$tmp/c/problems/add/solution.py"
expect "failing reference" 1 "ERROR problems/add/solution.py: reference-fails: the reference solution is WA"

fresh
cp "$tmp/c/problems/largest/solution.py" "$tmp/c/problems/largest/wrong/zero_start.py"
expect "passing wrong solution" 1 "ERROR problems/largest/wrong/zero_start.py: wrong-passes"

fresh
printf 'def add(a, b) return a - b\n' > "$tmp/c/problems/add/wrong/minus.py"
expect "wrong solution that does not compile" 1 "wrong-does-not-compile"

fresh
sed -i 's/^4 = .*/4 = Write `for x in xs[1:]: if x > best: best = x` and return best./' \
  "$tmp/c/problems/largest/meta.ini"
expect "leaking hint" 1 "ERROR problems/largest/meta.ini \[hints\] 4: hint-leak: the hint gives the code of solution.py away: 'for x in xs"

fresh
sed -i 's/^2 = .*/2 = Look at ```python and more```./' "$tmp/c/problems/add/meta.ini"
expect "hint with a code block" 1 "hint-code-block"

fresh
sed -i 's/^3 = .*/3 = What should add(2, 3) give? Work it out before writing anything./' \
  "$tmp/c/problems/add/meta.ini"
expect "identical hint levels" 1 "hints\] 3: hint-duplicate: level 3 repeats level 1"

fresh
sed -i 's/^summary = Numbers, comparisons and loops over a list./&\nrequires = more/' "$tmp/c/course.ini"
expect "prerequisite cycle" 1 "prerequisite cycle: basics -> more -> basics"

fresh
python3 - "$tmp/c/problems/add/problem.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["cases"] = p["cases"][:5]
json.dump(p, open(sys.argv[1], "w"))
PY
expect "too few tests is a gap" 0 "GAP   problems/add/problem.json: few-tests: 5 tests; the standard is at least 8"
expect "too few tests fails under --strict" 1 "few-tests" --strict

fresh
rm "$tmp/c/problems/count-evens/wrong/skip_last.py"
sed -i '/^\[wrong skip_last.py\]/,$d' "$tmp/c/problems/count-evens/meta.ini"
expect "no known-wrong solution is a gap" 0 "few-wrong: 0 known-wrong solutions"

fresh
expect "JSON report" 0 '"reference_ac": 3' --json

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
