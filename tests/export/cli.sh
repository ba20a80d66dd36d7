#!/usr/bin/env bash
# cli.sh - `tutor export` end to end: a store made with `tutor init`,
# `tutor learner add`, `tutor next` and `tutor hint` (no sandbox needed),
# then both formats, the refusals to overwrite and the exit statuses.
# Skips (77) while the binary has no export command.
set -u
bin=${TUTOR_BIN:?TUTOR_BIN not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TUTOR_DB="$tmp/t.db" TUTOR_PROGRESS=0 TUTOR_NOW=1700000000
unset TUTOR_LEARNER
fail() { echo "cli.sh: $*" >&2; exit 1; }
# expect STATUS CMD...: runs CMD, checks its exit status.
expect() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "$* -> $got, want $want"; }
}

"$bin" export --help >/dev/null 2>&1 || { echo "no export command yet"; exit 77; }
expect 1 "$bin" export xapi                       # no store yet
grep -q "run 'tutor init' first" "$tmp/err" || fail "no-store message"
[ -e "$TUTOR_DB" ] && fail "export created a store"
expect 0 "$bin" init
expect 0 "$bin" learner add ada
expect 0 "$bin" next
expect 0 "$bin" hint

expect 0 "$bin" export progsnap2 --out "$tmp/ps2"
grep -q "^tutor: wrote .* rows" "$tmp/err" || fail "progsnap2 summary"
for f in MainTable.csv DatasetMetadata.csv README.md; do
  [ -s "$tmp/ps2/$f" ] || fail "missing $f"
done
grep -q ',Session.Start,' "$tmp/ps2/MainTable.csv" || fail "no Session.Start"
grep -q ',Intervention,ToolReaction,.*,Hint,level-' "$tmp/ps2/MainTable.csv" ||
  fail "no hint row"
cp "$tmp/ps2/MainTable.csv" "$tmp/main.before"
expect 1 "$bin" export progsnap2 --out "$tmp/ps2"   # not empty: refused
grep -q "refusing to overwrite" "$tmp/err" || fail "refusal message"
cmp -s "$tmp/ps2/MainTable.csv" "$tmp/main.before" || fail "ps2 changed"
ls -a "$tmp" | grep -q '\.tmp-' && fail "temporary directory left behind"

expect 0 "$bin" export xapi --out "$tmp/x.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) >= 2, d' \
  "$tmp/x.json" || fail "x.json is not a JSON array of statements"
expect 1 "$bin" export xapi --out "$tmp/x.json"     # exists: refused
expect 0 "$bin" export xapi                         # stdout
cmp -s "$tmp/out" "$tmp/x.json" || fail "stdout differs from --out"
expect 0 "$bin" export xapi --learner ada --course other
grep -q 'https://tutor.invalid/course/other/' "$tmp/out" || fail "--course"

expect 1 "$bin" export xapi --learner nobody
expect 1 "$bin" export xapi --course 'a b'
expect 2 "$bin" export
expect 2 "$bin" export csv
expect 2 "$bin" export progsnap2
expect 2 "$bin" export xapi --bogus
expect 0 "$bin" export --help
grep -q '^usage: tutor export progsnap2' "$tmp/out" || fail "help text"
echo ok
