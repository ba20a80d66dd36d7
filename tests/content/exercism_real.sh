#!/usr/bin/env bash
# exercism_real.sh BUILD_DIR - `tutor content import exercism` on the real
# Exercism data (../shared/data/exercism relative to the repo root: the
# Python track and problem-specifications, see its SOURCES.md).  Checks
# that the import succeeds, that the printed counts and the report's
# counts are exactly the numbers below, that the course loads with
# `tutor init` (which also rejects prerequisite cycles), and the output
# directory rules.  Skips (77) when the data is absent or the command is
# not wired in.
#
# The numbers were computed independently of the C code, by a short
# Python script that follows docs/import-exercism.md over the same data
# (config.json practice exercises, canonical-data.json leaf cases,
# reimplements, union of input keys, int64 range, instructions.append.md
# exception classes, >= 2 cases per property, topic contraction, the
# 8-requires cap, cycles).  If the data changes, recompute them that way,
# never by copying the importer's output.
set -u
build=${1:?usage: exercism_real.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$root/../shared/data/exercism"
track="$data/python"
specs="$data/problem-specifications"
bin="$build/cli/tutor"
fail() { echo "exercism_real.sh: $*" >&2; exit 1; }

if [ ! -f "$track/config.json" ] || [ ! -d "$specs/exercises" ]; then
  echo "no Exercism data in $data: skipped"
  exit 77
fi
[ -x "$bin" ] || fail "no tutor binary at $bin"
if ! "$bin" content import exercism --help >/dev/null 2>&1; then
  echo "'tutor content import exercism' is not wired in: skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out="$tmp/course"

"$bin" content import exercism --track "$track" --specs "$specs" \
  --out "$out" >"$tmp/stdout" 2>"$tmp/stderr" ||
  { cat "$tmp/stderr" >&2; fail "import failed"; }

cat >"$tmp/want" <<'EOF'
exercises in track: 140
skipped deprecated: 11
with canonical data: 126
imported exercises: 124
problems: 178
source cases: 2111
imported cases: 1972
unsupported cases: 139
unsupported exercises: 5
topics: 37
dropped edges: 3
EOF
head -n 11 "$tmp/stdout" | diff -u "$tmp/want" - >&2 ||
  fail "printed counts differ from the reference"
sed -n '/^```$/,/^```$/p' "$out/IMPORT-REPORT.md" | sed '1d;$d' |
  diff -u "$tmp/want" - >&2 || fail "report counts differ from the reference"

# Per reason, from the same reference count.
for line in \
  '- superseded by <uuid>: 63' \
  '- error case: exception class not stated: 46' \
  '- fewer than 2 cases: 19' \
  '- input keys differ: 7' \
  '- integer outside the 64-bit range: 4' \
  '- `hello-world`: all cases unsupported' \
  '- `zebra-puzzle`: all cases unsupported' \
  '- `paasio`: no canonical-data.json' \
  '- `resistor-color-expert`: no canonical-data.json' \
  '- `robot-name`: no canonical-data.json' \
  '- `enums` requires `comprehensions`: unknown concept' \
  '- `classes` requires `strings`: more than 8 requires' \
  '- `classes` requires `tuples`: more than 8 requires'; do
  grep -qxF -- "$line" "$out/IMPORT-REPORT.md" || fail "report lacks: $line"
done
[ "$(find "$out/problems" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 178 ] ||
  fail "not 178 problem directories"
[ -s "$out/LICENSE" ] || fail "no LICENSE"

# The course loads (the loader rejects cycles, unknown topics, ...).
"$bin" init --db "$tmp/t.db" --course "$out" >"$tmp/init" 2>&1 ||
  { cat "$tmp/init" >&2; fail "tutor init refused the course"; }

# Output rules: not over a non-empty directory without --force (exit 1,
# course untouched), replaced with --force, usage errors exit 2.
"$bin" content import exercism --track "$track" --specs "$specs" \
  --out "$out" >/dev/null 2>"$tmp/stderr"
[ $? = 1 ] || fail "second import without --force did not fail"
grep -q "not empty" "$tmp/stderr" || fail "no 'not empty' message"
"$bin" content import exercism --track "$track" --specs "$specs" \
  --out "$out" --force >/dev/null 2>&1 || fail "--force import failed"
[ "$(ls -A "$tmp" | grep -c import-)" = 0 ] || fail "temporary dir left"
"$bin" content import exercism --track "$track" >/dev/null 2>&1
[ $? = 2 ] || fail "missing options are not a usage error"
exit 0
