#!/bin/sh
# with_pg.sh - runs a command against a throwaway PostgreSQL cluster.
#
#   with_pg.sh PROGRAM [ARGS...]
#
# Creates a cluster in a fresh temporary directory (initdb, trust auth for
# the local superuser "tutor", UTF8), starts it listening on a unix socket
# in that directory only (no TCP: listen_addresses=''), exports
# TUTOR_TEST_STORE=postgresql://tutor@/postgres?host=DIR and runs PROGRAM.
# The cluster is stopped and the directory removed on every path (trap).
# As root, the server runs as the user "nobody" (initdb refuses root).
# Without PostgreSQL's server binaries it prints a clear line and exits 77,
# which Meson reports as SKIPPED (CI installs them: scripts/install-deps.sh).
# PG_BINDIR overrides where initdb/pg_ctl/postgres are looked for.
set -u

name=${TUTOR_PG_TEST_NAME:-store_conf_pg}

find_bindir() {
	for d in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null |
			sort -t/ -k4 -n -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d" && return 0
	return 1
}

if [ $# -lt 1 ]; then
	echo "usage: with_pg.sh PROGRAM [ARGS...]" >&2
	exit 2
fi
bindir=$(find_bindir) || {
	echo "PostgreSQL not installed: $name SKIPPED"
	exit 77
}

run_as=""
base=${TMPDIR:-/tmp}
if [ "$(id -u)" -eq 0 ]; then
	run_as="runuser -u nobody --"
	base=/tmp                      # nobody must reach the directory
fi
dir=$(mktemp -d "$base/tu-pg-XXXXXX") || exit 1

cleanup() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		$run_as "$bindir/pg_ctl" -D "$dir/data" -m immediate -w \
			stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -n "$run_as" ] && chown nobody "$dir"
if ! $run_as "$bindir/initdb" -D "$dir/data" -U tutor --auth=trust \
		-E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
	echo "with_pg.sh: initdb failed:" >&2
	cat "$dir/initdb.log" >&2
	exit 1
fi
if ! $run_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -c listen_addresses='' -c fsync=off \
		-c max_connections=60" start >/dev/null 2>&1; then
	echo "with_pg.sh: the PostgreSQL server did not start:" >&2
	cat "$dir/server.log" >&2
	exit 1
fi

export TUTOR_TEST_STORE="postgresql://tutor@/postgres?host=$dir"
echo "with_pg.sh: PostgreSQL $("$bindir/postgres" --version | \
	sed 's/.* //') at $dir"
"$@"
rc=$?
if [ $rc -ne 0 ] && [ -f "$dir/server.log" ]; then
	echo "---- server log (tail) ----" >&2
	tail -n 30 "$dir/server.log" >&2
fi
exit $rc
