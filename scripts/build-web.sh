#!/usr/bin/env bash
# Builds the web UI: installs the npm packages pinned in web/package-lock.json
# (`npm ci`, from the local npm cache when it has them) and bundles
# web/src/main.js with esbuild into web/dist (index.html + assets/app-HASH.js
# and .css).  Idempotent: npm ci runs only when the lock file changed since
# the last install; the bundle is rebuilt every time, replacing dist/'s files
# without a moment where index.html names a missing asset (web/build.mjs).
# Prints what it built.
# Needs node and npm (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../web"

for t in node npm; do
  command -v "$t" >/dev/null || { echo "build-web: $t is missing (run scripts/install-deps.sh)" >&2; exit 1; }
done

# One build at a time per checkout (tests in several build dirs may start
# it together); npm ci must not run twice at once on one node_modules.
if command -v flock >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/tutor-build-web-$(pwd | sha256sum | cut -c1-16).lock"
  flock 9
fi

stamp=node_modules/.tutor-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "build-web: npm ci (web/package-lock.json)"
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error 2>&1 |
    grep -v -e 'Unknown user config' -e 'install-scripts' >&2 || true
  [ -x node_modules/.bin/esbuild ] || { echo "build-web: npm ci failed" >&2; exit 1; }
  echo "$want" >"$stamp"
fi
node build.mjs
