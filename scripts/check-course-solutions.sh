#!/usr/bin/env bash
# check-course-solutions.sh [COURSE_DIR] - judges a course's known answers
# with the real judge (sandboxed, like a learner's submission):
#   - every reference solution (problems/*/solution.py, solution.c) must be AC;
#   - every known-wrong solution (problems/*/wrong/*.py, *.c) must NOT be AC.
# Prints one line per failure, then "N solutions AC, M wrong rejected" and
# exits 1 when anything failed (2 on usage errors, e.g. no tutor binary).
#
# COURSE_DIR defaults to courses/sample.  The judge binary is $TUTOR_BIN,
# else the first of build/cli/tutor and build-*/cli/tutor that exists.
# It checks verdicts only: the course's structure (meta.ini, hints,
# actions) is validated by the content loader, not here.
set -uo pipefail
cd "$(dirname "$0")/.."

course=${1:-courses/sample}
bin=${TUTOR_BIN:-}
if [ -z "$bin" ]; then
  for b in build/cli/tutor build-*/cli/tutor; do
    if [ -x "$b" ]; then bin=$b; break; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "check-course-solutions: no tutor binary (build it or set TUTOR_BIN)" >&2
  exit 2
fi
if [ ! -d "$course/problems" ]; then
  echo "check-course-solutions: $course/problems: no such directory" >&2
  exit 2
fi

n_ac=0 n_rejected=0 n_bad=0

verdict() { # problem_dir, file -> prints the verdict (AC, WA, ...) or "ERROR"
  local lang=python out
  [ "${2##*.}" = c ] && lang=c
  if ! out=$("$bin" judge --problem "$1" --lang "$lang" "$2" 2>&1); then
    echo ERROR
    return
  fi
  # First line: "<id>: <VERDICT> (<passed>/<total> cases passed, ...)"
  out=$(printf '%s\n' "$out" | sed -n '1s/^[^:]*: \([A-Z][A-Z]*\).*/\1/p')
  echo "${out:-ERROR}"
}

check_problem() { # problem_dir
  local dir=$1 f v found=0
  for f in "$dir"/solution.py "$dir"/solution.c; do
    [ -f "$f" ] || continue
    found=1
    v=$(verdict "$dir" "$f")
    if [ "$v" = AC ]; then
      n_ac=$((n_ac + 1))
    else
      echo "FAIL $f: reference solution is $v, not AC"
      n_bad=$((n_bad + 1))
    fi
  done
  if [ $found = 0 ]; then
    echo "FAIL $dir: no solution.py or solution.c"
    n_bad=$((n_bad + 1))
  fi
  for f in "$dir"/wrong/*; do
    [ -f "$f" ] || continue
    case $f in
      *.py|*.c) ;;
      *) echo "FAIL $f: not a .py or .c file"; n_bad=$((n_bad + 1)); continue ;;
    esac
    v=$(verdict "$dir" "$f")
    if [ "$v" = AC ] || [ "$v" = ERROR ]; then
      echo "FAIL $f: known-wrong solution is $v"
      n_bad=$((n_bad + 1))
    else
      n_rejected=$((n_rejected + 1))
    fi
  done
}

for dir in "$course"/problems/*/; do
  check_problem "${dir%/}"
done
echo "$n_ac solutions AC, $n_rejected wrong rejected"
if [ $n_bad -gt 0 ]; then
  echo "$n_bad failed"
  exit 1
fi
exit 0
