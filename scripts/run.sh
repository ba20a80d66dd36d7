#!/usr/bin/env bash
# Installs what is missing, builds tutor (release build in build/), and
# runs it.  With no arguments it starts the product on the embedded
# default: the store (SQLite, $TUTOR_DB or ~/.local/share/tutor/tutor.db)
# is created and the built-in Python course registered if needed, a first
# learner is added if there is none, and an interactive `tutor learn`
# session starts.  With arguments, they go to `tutor` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release -Dtests=false >/dev/null
ninja -C build >/dev/null
tutor=build/cli/tutor
[ $# -gt 0 ] && exec "$tutor" "$@"
"$tutor" init >/dev/null
if ! "$tutor" learner list | grep -q .; then
  "$tutor" learner add "${USER:-learner}" --skill beginner
fi
exec "$tutor" learn
