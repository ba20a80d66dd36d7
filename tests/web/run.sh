#!/usr/bin/env bash
# Runs one web test for meson: `run.sh unit` (node:test unit tests of the
# UI's pure modules) or `run.sh e2e` (the browser test, tests/web/e2e.mjs).
# Exits 77 (meson's skip) when node, or for e2e Chromium, is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "SKIP: node is missing (scripts/install-deps.sh)"; exit 77; }
case "${1:-}" in
unit) exec node --test "$here/unit.test.mjs" ;;
e2e)
  chromium=${TUTOR_CHROMIUM:-/usr/bin/chromium}
  [ -x "$chromium" ] || { echo "SKIP: $chromium is missing (apt-get install chromium)"; exit 77; }
  command -v npm >/dev/null || { echo "SKIP: npm is missing (scripts/install-deps.sh)"; exit 77; }
  exec node "$here/e2e.mjs" ;;
*) echo "usage: run.sh unit|e2e" >&2; exit 2 ;;
esac
