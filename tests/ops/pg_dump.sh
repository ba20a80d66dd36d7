#!/usr/bin/env bash
# pg_dump.sh - backup and restore of a PostgreSQL store with pg_dump -Fc
# and pg_restore while a server writes (docs/operations.md, "Backups").
# Run through tests/store/with_pg.sh (TUTOR_TEST_STORE = the throwaway
# cluster's URI; without it a cluster is started here).
#
# One `tutor serve` on the database takes write-heavy traffic; meanwhile
# pg_dump -Fc runs (one repeatable-read snapshot).  The dump is restored
# with pg_restore into a new database.  Checks: the dump succeeds while
# writes go on and no request fails; the restored events are exactly the
# live events up to the dump's highest seq; a server starts on the
# restored database; every learner's state there equals the replay of its
# log.
. "$(dirname "$0")/common.sh"
if [ "$LONG" = 1 ]; then N=100 D=60; else N=15 D=15; fi
if [ -z "${TUTOR_TEST_STORE:-}" ]; then
	pg_start "$WORK/pg"
	rc=$?
	[ $rc -eq 77 ] && { echo "PostgreSQL not installed: ops_pg_dump SKIPPED"; exit 77; }
	[ $rc -eq 0 ] || exit 1
	URL=$PG_URL
else
	URL=$TUTOR_TEST_STORE
	PG_BIN=$(pg_find_bin) || { echo "PostgreSQL not installed: ops_pg_dump SKIPPED"; exit 77; }
fi
HOST=${URL##*host=}
port=$(free_port)
start_server s "$URL" "$port" --threads 4 --judge-workers 2 || exit 1
PIDS+=("$SERVER_PID")
U=http://127.0.0.1:$port
args=(--servers "$U" --learners "$N" --duration "$D" --think 0.3
	--mix next=10,session=35,hint=35,review=10,submit=10
	--threads 16 --accounts "$WORK/acc.json" --acklog "$WORK/ack.jsonl"
	--out "$WORK/load.json" --retries 0 --drain 20)
python3 "$LOADGEN" "${args[@]}" --register-only >/dev/null || exit 1
python3 "$LOADGEN" "${args[@]}" >"$WORK/load.txt" 2>&1 &
GEN=$!
sleep $((D / 2))
t=$(date +%s.%N)
check "pg_dump -Fc while writing" "$PG_BIN/pg_dump" -Fc -h "$HOST" -U tutor \
	-d postgres -f "$WORK/tutor.dump"
echo "pg_dump took $(python3 -c "print('%.0f ms' % (($(date +%s.%N) - $t) * 1000))"), $(du -k "$WORK/tutor.dump" | cut -f1) KiB"
wait "$GEN"
cat "$WORK/load.txt"
n_err=$(json "$WORK/load.json" "len(d['final_errors'])")
check "no request failed during the dump ($n_err)" [ "$n_err" -eq 0 ]
stop_server "$SERVER_PID"

psql_() { "$PG_BIN/psql" -X -q -h "$HOST" -U tutor -v ON_ERROR_STOP=1 "$@"; }
check "createdb restored" psql_ -d postgres -c "CREATE DATABASE restored"
check "pg_restore into restored" "$PG_BIN/pg_restore" -h "$HOST" -U tutor \
	-d restored --exit-on-error "$WORK/tutor.dump"
Q="SELECT seq, learner, version, type, checksum FROM events ORDER BY seq"
psql_ -d postgres -At -c "$Q" >"$WORK/live.txt"
psql_ -d restored -At -c "$Q" >"$WORK/restored.txt"
# seq comes from a sequence: concurrent commits may take seqs out of
# commit order, so the check is per learner: the restored events are
# rows of the live log, and each learner's are a prefix (by version) of
# its live events
consistent() {
	python3 - "$WORK/live.txt" "$WORK/restored.txt" <<'PY'
import sys
from collections import defaultdict
def rows(p):
    return [tuple(l.rstrip("\n").split("|")) for l in open(p) if l.strip()]
live, rest = rows(sys.argv[1]), rows(sys.argv[2])
per = defaultdict(list)
for r in live:
    per[r[1]].append(r)
rper = defaultdict(list)
for r in rest:
    rper[r[1]].append(r)
bad = [l for l in rper if sorted(rper[l], key=lambda r: int(r[2])) !=
       sorted(per[l], key=lambda r: int(r[2]))[:len(rper[l])]]
print("restored %d of %d live events; %d learners; %d not a prefix" %
      (len(rest), len(live), len(rper), len(bad)))
sys.exit(0 if rest and not bad and set(rest) <= set(live) else 1)
PY
}
check "the restored log is a consistent cut of the live log" consistent
RURL="postgresql://tutor@/restored?host=$HOST"
start_server r "$RURL" "$port" --threads 2 || exit 1
PIDS+=("$SERVER_PID")
check "a server runs on the restored database" curl -fs -o /dev/null "$U/healthz"
names=$(psql_ -d restored -At -c "SELECT id FROM learners ORDER BY id")
bad=0
for n in $names; do
	"$TUTOR" state replay --db "$RURL" --learner "$n" >/dev/null 2>"$WORK/replay.err" ||
		{ bad=$((bad + 1)); head -1 "$WORK/replay.err"; }
done
check "restored: every learner's state = replay of its log ($(echo $names | wc -w) learners, $bad differ)" [ "$bad" -eq 0 ]
finish
