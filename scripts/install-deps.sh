#!/usr/bin/env bash
# Installs the Debian 12 packages tutor needs to build and test, skipping
# those already present.  Needs root (or sudo) only when something is missing.
set -euo pipefail

PKGS=(
  gcc clang libclang-rt-14-dev meson ninja-build pkg-config python3
  libjansson-dev libcmocka-dev libseccomp-dev libsodium-dev libsqlite3-dev
  libcurl4-openssl-dev libmicrohttpd-dev
  libpq-dev postgresql
)
# The web UI: node + npm build it (scripts/build-web.sh; any Node >= 18 that
# is already there is kept), Debian's Chromium runs its browser test.
command -v node >/dev/null && command -v npm >/dev/null || PKGS+=(nodejs npm)
PKGS+=(chromium fonts-dejavu-core)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
