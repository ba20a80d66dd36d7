# shellcheck shell=bash disable=SC2034
# lib.sh - shell helpers shared by bench/load.sh, bench/soak.sh and
# tests/ops/*.sh (sourced, bash): free ports, starting and stopping
# `tutor serve`, health waits, process samples, and a PostgreSQL cluster
# in a temporary directory.
#
# Expects: $TUTOR (the tutor binary), $SRC (the source tree), $WORK (a
# scratch directory that the caller removes).

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_healthy PORT [SECONDS]: 0 once /healthz answers 200.
wait_healthy() {
	local port=$1 n=$(( ${2:-30} * 10 ))
	for _ in $(seq "$n"); do
		curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
		sleep 0.1
	done
	return 1
}

# start_server NAME DB PORT [serve options...]: starts `tutor serve` in
# the background (log $WORK/NAME.log), sets SERVER_PID, waits for health.
start_server() {
	local name=$1 db=$2 port=$3
	shift 3
	(cd "$WORK" && exec "$TUTOR" serve --db "$db" --port "$port" \
		--course "$SRC/courses/python" --no-web --rate 0 --anon-rate 0 \
		"$@" >>"$WORK/$name.log" 2>&1) &
	SERVER_PID=$!
	if ! wait_healthy "$port" 60; then
		echo "lib.sh: server $name did not become healthy:" >&2
		tail -n 20 "$WORK/$name.log" >&2
		return 1
	fi
}

# stop_server PID: SIGTERM, then wait (at most 30 s) and SIGKILL.
stop_server() {
	local pid=$1
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# rss_kb PID: resident set size in KiB (0 when gone).
rss_kb() {
	awk '/^VmRSS:/ { print $2; f = 1 } END { if (!f) print 0 }' \
		"/proc/$1/status" 2>/dev/null || echo 0
}

# cpu_s PID: user + system CPU seconds of PID and its waited-for children.
cpu_s() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / hz }' \
		"/proc/$1/stat" 2>/dev/null || echo 0
}

# busy_jiffies: "busy total" jiffies of the whole machine (/proc/stat).
busy_jiffies() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}

# busy_report "BUSY0 TOTAL0" SECONDS: the machine's CPU use since then.
busy_report() {
	local now
	now=$(busy_jiffies)
	echo "$1 $now $2" | awk -v n="$(nproc)" '{ b = $3 - $1; t = $4 - $2;
		printf "machine CPU: %.0f%% busy of %d cores over %d s (server, judge, generator and database together)\n", 100 * b / t, n, $5 }'
}

# ---- PostgreSQL in a temporary directory --------------------------------
# pg_start DIR: initdb + start (as nobody when root), unix socket in DIR,
# fsync on (durable, comparable with SQLite's synchronous=FULL); sets
# PG_URL, PG_DIR, PG_BIN.  pg_stop / pg_restart / pg_kill act on it.

pg_find_bin() {
	local d
	for d in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	return 1
}

pg_as() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_start() {
	PG_DIR=$1
	PG_BIN=$(pg_find_bin) || { echo "PostgreSQL not installed"; return 77; }
	mkdir -p "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U tutor --auth=trust -E UTF8 \
		--no-locale >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
	pg_up
	PG_URL="postgresql://tutor@/postgres?host=$PG_DIR"
}

pg_up() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-k $PG_DIR -c listen_addresses='' -c max_connections=100 \
		-c shared_buffers=256MB -c fsync=${PG_FSYNC:-on} \
		-c synchronous_commit=on" start >/dev/null
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ] &&
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w stop >/dev/null 2>&1
	return 0
}
