#!/usr/bin/env bash
# disk_full.sh - the SQLite store's file system fills up under load
# (issue 11, fault tests).
#
# The store lives on a small tmpfs (mount -t tmpfs -o size=...; needs
# root: SKIPPED with a clear line otherwise).  One `tutor serve` takes
# traffic from the load generator until writes fail, for a while, then
# the file system is grown (mount -o remount,size=...) and traffic goes
# on.  Checks:
#   - writes fail with a clear error: a 5xx JSON answer whose message
#     says the disk is full; reads keep working meanwhile;
#   - no corruption: PRAGMA integrity_check is "ok" while full and after;
#   - recovery once space returns, without a restart: requests succeed;
#   - no acknowledged event lost; every learner's state equals the
#     replay of its log.
# Short: 20 learners, 40 s; TUTOR_OPS_LONG=1: 100 learners, 120 s.
. "$(dirname "$0")/common.sh"
if [ "$LONG" = 1 ]; then N=100 D=120; else N=20 D=40; fi
SIZE=${SIZE:-3m}
if [ "$(id -u)" -ne 0 ]; then
	echo "disk_full.sh needs root to mount a small tmpfs: ops_disk_full SKIPPED"
	exit 77
fi
MNT=$WORK/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size="$SIZE",mode=755 tmpfs "$MNT"; then
	MNT=""
	echo "cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): ops_disk_full SKIPPED"
	exit 77
fi
DB=$MNT/t.db
port=$(free_port)
start_server s "$DB" "$port" --threads 4 --judge-workers 2 || exit 1
PIDS+=("$SERVER_PID")
U=http://127.0.0.1:$port

args=(--servers "$U" --learners "$N" --duration "$D" --think 0.3
	--mix next=10,session=35,hint=35,review=10,submit=10
	--threads 16 --accounts "$WORK/acc.json" --acklog "$WORK/ack.jsonl"
	--out "$WORK/load.json" --retries 0 --drain 30)
python3 "$LOADGEN" "${args[@]}" --register-only >/dev/null || exit 1
echo "store after registration: $(du -k "$DB" | cut -f1) KiB of $SIZE (wal: $(du -k "$DB-wal" 2>/dev/null | cut -f1) KiB)"
python3 "$LOADGEN" "${args[@]}" >"$WORK/load.txt" 2>&1 &
GEN=$!
T0=$(date +%s)
full_at=""
for _ in $(seq $((D * 10 / 2))); do       # wait for ENOSPC (at most D/2)
	if [ "$(df --output=avail "$MNT" | tail -1)" -le 16 ]; then full_at=$(( $(date +%s) - T0 )); break; fi
	sleep 0.1
done
[ -n "$full_at" ] && echo "file system full at t=$full_at s" || echo "file system did not fill up in $((D / 2)) s"
sleep 5
integ=$(python3 -c "import sqlite3,sys; c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True, timeout=30); print(c.execute('PRAGMA integrity_check').fetchone()[0])" "$DB" 2>&1)
echo "integrity_check while full: $integ"
check "no corruption while full" [ "$integ" = ok ]
mount -o remount,size=256m "$MNT"
T_FREE=$(( $(date +%s) - T0 ))
echo "space returned at t=$T_FREE s"
wait "$GEN"
cat "$WORK/load.txt"

check "the file system filled up under load" [ -n "$full_at" ]
n_err=$(json "$WORK/load.json" "len(d['final_errors'])")
check "writes failed while the disk was full ($n_err)" [ "$n_err" -gt 0 ]
unclear=$(json "$WORK/load.json" "sum(n for k, n in d['error_bodies'].items() if 'full' not in k.lower())")
json "$WORK/load.json" "'\n'.join('  %dx %s' % (n, k) for k, n in d['error_bodies'].items())"
check "every 5xx says the disk is full ($unclear others)" [ "$unclear" -eq 0 ]
non5xx=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['final_errors'] if not st.isdigit() or int(st) < 500)")
check "failures are 5xx answers, no dropped connection ($non5xx others)" [ "$non5xx" -eq 0 ]
reads=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['final_errors'] if ep in ('next', 'review', 'poll'))")
echo "read requests that failed: $reads"
late=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['final_errors'] if t > $T_FREE + 3)")
check "recovery without a restart: no failure later than 3 s after space returned ($late)" [ "$late" -eq 0 ]
ok_after=$(json "$WORK/load.json" "sum(v[0] for k, v in d['timeline'].items() if int(k) > $T_FREE + 3)")
check "requests succeed after space returned ($ok_after)" [ "$ok_after" -gt 0 ]
stop_server "$SERVER_PID"
integ=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA integrity_check').fetchone()[0])" "$DB" 2>&1)
check "no corruption after the run (integrity_check: $integ)" [ "$integ" = ok ]
start_server s2 "$DB" "$port" --threads 2 || exit 1
PIDS+=("$SERVER_PID")
check "no acknowledged event lost; every state = replay of its log" \
	python3 "$VERIFY" --server "$U" --accounts "$WORK/acc.json" \
	--acklog "$WORK/ack.jsonl" --tutor "$TUTOR" --db "$DB"
finish
