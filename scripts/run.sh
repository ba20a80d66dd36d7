#!/usr/bin/env bash
# Installs what is missing, builds tutor (release build in build/), and
# runs it: with no arguments it shows the commands; otherwise the arguments
# are passed to `tutor`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -d build ] || meson setup build --buildtype=release -Dtests=false >/dev/null
ninja -C build >/dev/null
[ $# -eq 0 ] && set -- --help
exec build/cli/tutor "$@"
