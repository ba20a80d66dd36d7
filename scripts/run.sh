#!/usr/bin/env bash
# Installs what is missing, builds tutor (release build in build/) and
# the web UI (web/dist), and runs it.  With no arguments it starts the
# product on the embedded default: `tutor serve` on http://127.0.0.1:8080/
# with the store (SQLite, $TUTOR_DB or ~/.local/share/tutor/tutor.db)
# created and the built-in Python course registered if needed; it prints
# the URL and, on a first run, how to create an instructor account.
# With arguments, they go to `tutor` instead (e.g. `scripts/run.sh learn`
# for a session in the terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release -Dtests=false >/dev/null
ninja -C build >/dev/null
tutor=build/cli/tutor
[ $# -gt 0 ] && exec "$tutor" "$@"
scripts/build-web.sh
exec "$tutor" serve
