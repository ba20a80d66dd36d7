#!/usr/bin/env bash
# serve.sh [BUILD_DIR] - load test of `tutor serve` with wrk on loopback
# (docs/benchmarks.md): the next-item preview (GET /api/learners/:id/next)
# and the hint endpoint (POST /api/learners/:id/hints), each for
# $DURATION seconds (default 15) with $CONNS connections (default 64) on
# 2 wrk threads, against a fresh SQLite store and the built-in Python
# course.  Prints wrk's latency distribution and a summary line per
# endpoint: requests/s and p99.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
bin=$build/cli/tutor
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
command -v wrk >/dev/null || { echo "serve.sh: wrk is not installed (apt-get install wrk)"; exit 2; }
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$tmp/t.db" --port "$port" --rate 0 --anon-rate 0 --no-web >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
api() { curl -fs -H 'Content-Type: application/json' "$@"; }
token=$(api -d '{"username":"bench","password":"benchmark-pass"}' \
  "http://127.0.0.1:$port/api/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cat > "$tmp/hint.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"item": "pizza-slices-each"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
run() { # name, wrk args...
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" | tee "$tmp/$name.txt"
  python3 - "$tmp/$name.txt" "$name" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
v, u = float(p99.group(1)), p99.group(2)
ms = v / 1000 if u == "us" else v * 1000 if u == "s" else v
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{sys.argv[2]}: {float(rps):.0f} requests/s, p99 {ms:.2f} ms, non-2xx {errs.group(1) if errs else 0}")
PY
}
run next -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/learners/bench/next"
run hint -s "$tmp/hint.lua" "http://127.0.0.1:$port/api/learners/bench/hints"
