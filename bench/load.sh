#!/usr/bin/env bash
# load.sh [BUILD_DIR] [sqlite|pg|both] - the issue-11 load test on
# loopback (docs/benchmarks.md, "Load: simulated learners"):
#
#   sqlite: one `tutor serve` on a fresh SQLite store;
#   pg:     two `tutor serve` on one PostgreSQL (a throwaway cluster in a
#           temporary directory, fsync on), the generator spreading the
#           learners over both (round-robin);
#
# each with $LEARNERS simulated learners (default 1000) for $DURATION
# seconds (default 120) of mixed traffic (bench/load/loadgen.py: next
# item, session checks, hints, submissions polled to their verdict,
# reviews).  The accounts are registered first (not timed).  Prints the
# per-endpoint table and the servers' CPU seconds and RSS; results go to
# $OUT (default /tmp/tutor-load-<time>/): <mode>.json, <mode>.txt.
#
# Knobs: LEARNERS, DURATION, THINK (mean think time, s; default 10), MIX,
# GEN_THREADS (48), SERVER_THREADS (HTTP threads per server, 4),
# JUDGE_WORKERS (per server, 2), VERIFY (replay the first N learners
# afterwards, default 0), KEEP=1 keeps the scratch directory.
set -euo pipefail
build=${1:-build}
mode=${2:-both}
cd "$(dirname "$0")/.."
SRC=$(pwd)
TUTOR=${TUTOR:-$SRC/$build/cli/tutor}
[ -x "$TUTOR" ] || { echo "load.sh: no $TUTOR (build first)"; exit 2; }
LEARNERS=${LEARNERS:-1000}
DURATION=${DURATION:-120}
THINK=${THINK:-10}
MIX=${MIX:-next=30,session=10,hint=20,review=30,submit=10}
GEN_THREADS=${GEN_THREADS:-48}
SERVER_THREADS=${SERVER_THREADS:-4}
JUDGE_WORKERS=${JUDGE_WORKERS:-2}
VERIFY=${VERIFY:-0}
OUT=${OUT:-/tmp/tutor-load-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/tu-load-XXXXXX)
chmod 755 "$WORK"
. "$SRC/bench/load/lib.sh"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do stop_server "$p"; done
	pg_stop immediate
	[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine() {
	echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -r)"
	echo "tutor: $("$TUTOR" version 2>/dev/null || echo '?'); learners $LEARNERS, $DURATION s, think $THINK s, mix $MIX"
	echo "servers: --threads $SERVER_THREADS --judge-workers $JUDGE_WORKERS; generator: $GEN_THREADS threads"
	echo "load before the run (other work on the machine):$(uptime | sed "s/.*load average//")"
}

# run_gen NAME URLS: registers, then the timed run, sampling the servers.
run_gen() {
	local name=$1 urls=$2 t0 p
	python3 "$SRC/bench/load/loadgen.py" --servers "$urls" \
		--learners "$LEARNERS" --accounts "$WORK/$name-accounts.json" \
		--threads "$GEN_THREADS" --register-only
	declare -A cpu0
	for p in "${PIDS[@]}"; do cpu0[$p]=$(cpu_s "$p"); done
	t0=$(date +%s)
	local busy0
	busy0=$(busy_jiffies)
	python3 "$SRC/bench/load/loadgen.py" --servers "$urls" \
		--learners "$LEARNERS" --duration "$DURATION" --think "$THINK" \
		--mix "$MIX" --threads "$GEN_THREADS" \
		--accounts "$WORK/$name-accounts.json" --out "$OUT/$name.json" \
		--course "$SRC/courses/python" | tee "$OUT/$name.txt"
	for p in "${PIDS[@]}"; do
		echo "server pid $p: $(python3 -c "print('%.1f' % ($(cpu_s "$p") - ${cpu0[$p]}))") CPU s in $(( $(date +%s) - t0 )) s, RSS $(( $(rss_kb "$p") / 1024 )) MiB" | tee -a "$OUT/$name.txt"
	done
	busy_report "$busy0" "$(( $(date +%s) - t0 ))" | tee -a "$OUT/$name.txt"
}

verify() { # name url db
	[ "$VERIFY" -gt 0 ] || return 0
	local names
	names=$(python3 -c "import json,sys; print(','.join(sorted(json.load(open(sys.argv[1])))[:int(sys.argv[2])]))" \
		"$WORK/$1-accounts.json" "$VERIFY")
	python3 "$SRC/tests/ops/verify.py" --server "$2" --accounts "$WORK/$1-accounts.json" \
		--learners "$names" --tutor "$TUTOR" --db "$3" | tee -a "$OUT/$1.txt"
}

run_sqlite() {
	local port
	port=$(free_port)
	echo "== sqlite: one server, $LEARNERS learners, $DURATION s"
	start_server sqlite "$WORK/sqlite.db" "$port" --threads "$SERVER_THREADS" \
		--judge-workers "$JUDGE_WORKERS"
	PIDS=("$SERVER_PID")
	run_gen sqlite "http://127.0.0.1:$port"
	verify sqlite "http://127.0.0.1:$port" "$WORK/sqlite.db"
	stop_server "$SERVER_PID"
	PIDS=()
}

run_pg() {
	local p1 p2 rc=0
	pg_start "$WORK/pg" || rc=$?
	[ $rc -eq 0 ] || { echo "load.sh: pg: PostgreSQL not available: SKIPPED"; return 0; }
	echo "== pg: two servers on PostgreSQL $("$PG_BIN/postgres" --version | sed 's/.* //'), $LEARNERS learners, $DURATION s"
	p1=$(free_port)
	start_server pg1 "$PG_URL" "$p1" --threads "$SERVER_THREADS" --judge-workers "$JUDGE_WORKERS"
	PIDS=("$SERVER_PID")
	p2=$(free_port)
	start_server pg2 "$PG_URL" "$p2" --threads "$SERVER_THREADS" --judge-workers "$JUDGE_WORKERS"
	PIDS+=("$SERVER_PID")
	run_gen pg "http://127.0.0.1:$p1,http://127.0.0.1:$p2"
	verify pg "http://127.0.0.1:$p1" "$PG_URL"
	for p in "${PIDS[@]}"; do stop_server "$p"; done
	PIDS=()
	pg_stop
}

machine | tee "$OUT/machine.txt"
case $mode in
sqlite) run_sqlite ;;
pg) run_pg ;;
both) run_sqlite; run_pg ;;
*) echo "load.sh: mode is sqlite, pg or both"; exit 2 ;;
esac
echo "load.sh: results in $OUT"
