#!/usr/bin/env bash
# backup.sh - `tutor backup` of a live SQLite store, and its restore
# (issue 11 part 4; docs/operations.md, "Backups").
#
# One `tutor serve` takes write-heavy traffic from the load generator;
# meanwhile `tutor backup --out` runs three times.  Checks:
#   - every backup succeeds while the server writes, and no request fails
#     (the backup does not block writers);
#   - each backup is a consistent snapshot: its events are exactly the
#     live store's events up to its highest seq (same rows, same
#     checksums), and it passes PRAGMA integrity_check;
#   - `tutor backup --restore` refuses to replace an existing store
#     without --force, and restores the last backup into a new store;
#   - in the restored store every learner's state equals the replay of
#     its log (`tutor state replay`), and a server runs on it.
# Short: 20 learners, 20 s; TUTOR_OPS_LONG=1: 200 learners, 120 s.
. "$(dirname "$0")/common.sh"
if [ "$LONG" = 1 ]; then N=200 D=120; else N=20 D=20; fi
DB=$WORK/live.db
port=$(free_port)
start_server s "$DB" "$port" --threads 4 --judge-workers 2 || exit 1
PIDS+=("$SERVER_PID")
U=http://127.0.0.1:$port
args=(--servers "$U" --learners "$N" --duration "$D" --think 0.3
	--mix next=10,session=35,hint=35,review=10,submit=10
	--threads 16 --accounts "$WORK/acc.json" --acklog "$WORK/ack.jsonl"
	--out "$WORK/load.json" --retries 0 --drain 20)
python3 "$LOADGEN" "${args[@]}" --register-only >/dev/null || exit 1
python3 "$LOADGEN" "${args[@]}" >"$WORK/load.txt" 2>&1 &
GEN=$!
for i in 1 2 3; do
	sleep $((D / 4))
	t=$(date +%s.%N)
	if "$TUTOR" backup --db "$DB" --out "$WORK/b$i.db"; then
		ok "backup $i while writing ($(python3 -c "print('%.0f ms' % (($(date +%s.%N) - $t) * 1000))"))"
	else
		fail "backup $i while writing"
	fi
done
wait "$GEN"
cat "$WORK/load.txt"
n_err=$(json "$WORK/load.json" "len(d['final_errors'])")
check "no request failed during the backups ($n_err)" [ "$n_err" -eq 0 ]
stop_server "$SERVER_PID"

# a backup = the live log up to its highest seq, row for row
prefix_check() {
	python3 - "$DB" "$1" <<'PY'
import sqlite3, sys
q = "SELECT seq, learner, version, type, checksum FROM events ORDER BY seq"
live = sqlite3.connect(sys.argv[1]).execute(q).fetchall()
b = sqlite3.connect(sys.argv[2])
snap = b.execute(q).fetchall()
top = snap[-1][0] if snap else 0
want = [r for r in live if r[0] <= top]
ok = snap == want and b.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
print("%s: %d events up to seq %d of %d live: %s" %
      (sys.argv[2].rsplit("/", 1)[-1], len(snap), top, len(live),
       "a prefix of the live log" if ok else "DIFFERS"))
sys.exit(0 if ok and snap else 1)
PY
}
for i in 1 2 3; do
	[ -f "$WORK/b$i.db" ] && check "backup $i is a consistent snapshot" prefix_check "$WORK/b$i.db"
done

check "restore refuses an existing store without --force" \
	bash -c "! '$TUTOR' backup --db '$DB' --restore '$WORK/b3.db' 2>/dev/null"
R=$WORK/restored.db
check "restore into a new store" "$TUTOR" backup --db "$R" --restore "$WORK/b3.db"
names=$(python3 -c "import sqlite3,sys; print(' '.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT id FROM learners ORDER BY id')))" "$R")
bad=0
for n in $names; do
	"$TUTOR" state replay --db "$R" --learner "$n" >/dev/null 2>"$WORK/replay.err" ||
		{ bad=$((bad + 1)); head -1 "$WORK/replay.err"; }
done
check "restored store: every learner's state = replay of its log ($(echo $names | wc -w) learners, $bad differ)" [ "$bad" -eq 0 ]
start_server r "$R" "$port" --threads 2 || exit 1
PIDS+=("$SERVER_PID")
check "a server runs on the restored store" curl -fs -o /dev/null "$U/healthz"
check "restore over a store with --force" "$TUTOR" backup --db "$WORK/b1.db" --restore "$WORK/b2.db" --force
finish
