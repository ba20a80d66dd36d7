#!/usr/bin/env bash
# soak.sh [BUILD_DIR] - steady traffic against one `tutor serve` on SQLite
# for $DURATION seconds (default 600), sampling the server's RSS every
# $EVERY seconds (default 10) (docs/benchmarks.md, "Soak").
#
# $LEARNERS simulated learners (default 200, think time $THINK s, default
# 2; bench/load/loadgen.py's mixed traffic) run the whole time.  Prints
# the RSS table, the trend after a warm-up ($SOAK_WARMUP seconds, default
# 60, not fitted: e.g. DURATION=1200 SOAK_WARMUP=600 measures the second
# ten minutes, once the caches have filled) and the verdict
# (bench/load/rss_report.py: growth beyond noise or flat), the traffic
# table, and writes $OUT/soak.csv, soak.svg (a plot), soak.txt.
#
# $STATE_CACHE (MiB, default: the server's 64) bounds the learner-state
# cache: a fresh population's states grow as the learners progress, so
# with the default the cache is still filling after ten minutes (the
# sampled state_cache_kib column shows by how much); STATE_CACHE=1 puts
# it at its bound within the warm-up, so what growth is left is not the
# caches' (docs/benchmarks.md, "Soak").
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
SRC=$(pwd)
TUTOR=${TUTOR:-$SRC/$build/cli/tutor}
[ -x "$TUTOR" ] || { echo "soak.sh: no $TUTOR (build first)"; exit 2; }
DURATION=${DURATION:-600}
EVERY=${EVERY:-10}
LEARNERS=${LEARNERS:-200}
THINK=${THINK:-2}
MIX=${MIX:-next=30,session=10,hint=20,review=30,submit=10}
OUT=${OUT:-/tmp/tutor-soak-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/tu-soak-XXXXXX)
. "$SRC/bench/load/lib.sh"
PID=""
cleanup() {
	[ -n "$PID" ] && stop_server "$PID"
	[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port)
start_server soak "$WORK/soak.db" "$port" --threads 4 --judge-workers 2 \
	${STATE_CACHE:+--state-cache "$STATE_CACHE"}
PID=$SERVER_PID
U=http://127.0.0.1:$port
echo "soak: $LEARNERS learners, think $THINK s, $DURATION s, RSS every $EVERY s, state cache ${STATE_CACHE:-64} MiB; load before:$(uptime | sed 's/.*load average//')" | tee "$OUT/soak.txt"
python3 "$SRC/bench/load/loadgen.py" --servers "$U" --learners "$LEARNERS" \
	--accounts "$WORK/acc.json" --register-only | tee -a "$OUT/soak.txt"
python3 "$SRC/bench/load/loadgen.py" --servers "$U" --learners "$LEARNERS" \
	--duration "$DURATION" --think "$THINK" --mix "$MIX" --threads 32 \
	--accounts "$WORK/acc.json" --out "$OUT/soak-load.json" \
	--course "$SRC/courses/python" >"$OUT/soak-load.txt" 2>&1 &
GEN=$!
t0=$(date +%s)
busy0=$(busy_jiffies)
echo "seconds,rss_kib,requests,heap_in_use_kib,heap_free_kib,sqlite_kib,state_cache_kib" >"$OUT/soak.csv"
# requests so far, heap in use and held free, SQLite's part and the
# learner-state cache (KiB), from one scrape
scrape() {
	curl -fs "$U/metrics" | awk '
		/^tutor_http_requests_total/ { s += $NF }
		/^tutor_heap_bytes\{kind="in_use"\}/ { u = $NF / 1024 }
		/^tutor_heap_bytes\{kind="free"\}/ { f = $NF / 1024 }
		/^tutor_heap_bytes\{kind="sqlite"\}/ { q = $NF / 1024 }
		/^tutor_state_cache_bytes/ { c = $NF / 1024 }
		END { printf "%d,%d,%d,%d,%d", s, u, f, q, c }'
}
sample() {
	echo "$(( $(date +%s) - t0 )),$(rss_kb "$PID"),$(scrape)" >>"$OUT/soak.csv"
}
while kill -0 "$GEN" 2>/dev/null; do
	sample
	sleep "$EVERY"
done
wait "$GEN" || true
sample
busy_report "$busy0" "$(( $(date +%s) - t0 ))" | tee -a "$OUT/soak.txt"
echo "server CPU: $(cpu_s "$PID") s; store $(du -k "$WORK/soak.db" | cut -f1) KiB + WAL $(du -k "$WORK/soak.db-wal" 2>/dev/null | cut -f1) KiB" | tee -a "$OUT/soak.txt"
cat "$OUT/soak-load.txt" | tee -a "$OUT/soak.txt"
python3 "$SRC/bench/load/rss_report.py" "$OUT/soak.csv" "$OUT/soak.svg" | tee -a "$OUT/soak.txt"
echo "soak.sh: results in $OUT"
