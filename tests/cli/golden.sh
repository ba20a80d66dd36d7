#!/usr/bin/env bash
# golden.sh CASE - runs the tutor command line stored in cases/CASE.args
# (one argument per line) from tests/cli/fixtures, and compares stdout,
# stderr and the exit status with cases/CASE.{out,err,status}.
# A case without a .err file does not compare stderr (for output that
# carries timings).  With TUTOR_GOLDEN_UPDATE=1 it rewrites the expected
# files that exist (and .out/.status always) instead.
set -u
here=$(cd "$(dirname "$0")" && pwd)
case=$1
bin=${TUTOR_BIN:?TUTOR_BIN not set}
mapfile -t args <"$here/cases/$case.args"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/fixtures" && TUTOR_PROGRESS=0 "$bin" "${args[@]}" \
  >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status")
if [ "${TUTOR_GOLDEN_UPDATE:-0}" = 1 ]; then
  for f in out status; do cp "$tmp/$f" "$here/cases/$case.$f"; done
  [ -e "$here/cases/$case.err" ] && cp "$tmp/err" "$here/cases/$case.err"
  exit 0
fi
rc=0
for f in status out err; do
  [ "$f" = err ] && [ ! -e "$here/cases/$case.err" ] && continue
  if ! diff -u "$here/cases/$case.$f" "$tmp/$f"; then
    echo "golden $case: $f differs" >&2
    rc=1
  fi
done
exit $rc
