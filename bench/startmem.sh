#!/usr/bin/env bash
# startmem.sh [BUILD_DIR] [COURSE_DIR] - the memory of a `tutor serve` that
# has just started (docs/benchmarks.md, "Soak"): starts it on a fresh
# SQLite database in a temporary directory with the course (default: the
# built-in python course), waits until /metrics answers, prints its heap
# gauges (tutor_heap_bytes) and its RSS and peak RSS (VmRSS, VmHWM from
# /proc), then stops it with SIGTERM.  No traffic: what is left is mostly
# the course as loaded.  $PORT (default 18931) is the port it listens on.
set -euo pipefail
build=${1:-build}
course=${2:-}
bin="$build/cli/tutor"
port=${PORT:-18931}
[ -x "$bin" ] || { echo "startmem: no $bin (build first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(serve --port "$port" --db "$tmp/t.db" --no-web)
[ -n "$course" ] && args+=(--course "$course")
"$bin" "${args[@]}" > "$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
	curl -sf "http://127.0.0.1:$port/metrics" > "$tmp/m" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/log" >&2; exit 1; }
	sleep 0.2
done
[ -s "$tmp/m" ] || { echo "startmem: the server did not answer" >&2; kill "$pid"; exit 1; }
grep -E '^tutor_heap_bytes' "$tmp/m"
grep -E '^(VmRSS|VmHWM)' "/proc/$pid/status"
kill -TERM "$pid"
wait "$pid" || true
