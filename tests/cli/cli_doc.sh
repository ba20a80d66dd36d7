#!/usr/bin/env bash
# Fails when docs/cli.md differs from what scripts/gen-cli-doc.sh makes.
set -u
src=${TUTOR_SOURCE:?}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$src/scripts/gen-cli-doc.sh" "${TUTOR_BIN:?}" >"$tmp" || exit 1
diff -u "$src/docs/cli.md" "$tmp" ||
  { echo "docs/cli.md is stale: run scripts/gen-cli-doc.sh build/cli/tutor > docs/cli.md" >&2; exit 1; }
