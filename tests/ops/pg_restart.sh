#!/usr/bin/env bash
# pg_restart.sh - PostgreSQL stopped and started again under load (issue
# 11, fault tests).
#
# Two `tutor serve` on one throwaway PostgreSQL cluster carry traffic
# from the load generator (no retries: every failure is seen).  A third
# of the way in the database is stopped (pg_ctl -m fast: connections are
# ended) for DOWN seconds (default 4), then started again.  Checks:
#   - while it is down, requests that need the store fail with a clear
#     error: a 5xx answer with a JSON {"error": {"code", "message"}} body
#     (no hung request, no connection dropped by the server);
#   - a submission that was accepted (202) is never answered 404 "no
#     submission" because its row could not be read;
#   - the servers recover by themselves: no failure later than 5 s after
#     the database is back, and requests succeed again;
#   - no acknowledged event lost; every learner's state equals the replay
#     of its log.
# Short: 20 learners, 30 s; TUTOR_OPS_LONG=1: 200 learners, 120 s.
. "$(dirname "$0")/common.sh"
if [ "$LONG" = 1 ]; then N=200 D=120; else N=20 D=30; fi
DOWN=${DOWN:-4}
pg_start "$WORK/pg"
rc=$?
[ $rc -eq 77 ] && { echo "PostgreSQL not installed: ops_pg_restart SKIPPED"; exit 77; }
[ $rc -eq 0 ] || { echo "cannot start PostgreSQL"; exit 1; }

pa=$(free_port)
start_server a "$PG_URL" "$pa" --threads 4 --judge-workers 2 || exit 1
PIDS+=("$SERVER_PID")
pb=$(free_port)
start_server b "$PG_URL" "$pb" --threads 4 --judge-workers 2 || exit 1
PIDS+=("$SERVER_PID")
UA=http://127.0.0.1:$pa
UB=http://127.0.0.1:$pb

args=(--servers "$UA,$UB" --learners "$N" --duration "$D" --think 1
	--mix next=25,session=15,hint=25,review=25,submit=10
	--threads 16 --accounts "$WORK/acc.json" --acklog "$WORK/ack.jsonl"
	--out "$WORK/load.json" --retries 0 --drain 30 --timeout 20)
python3 "$LOADGEN" "${args[@]}" --register-only >/dev/null || exit 1
python3 "$LOADGEN" "${args[@]}" >"$WORK/load.txt" 2>&1 &
GEN=$!
T0=$(date +%s.%N)
sleep $((D / 3))
pg_stop fast
T_DOWN=$(python3 -c "print($(date +%s.%N) - $T0)")
echo "PostgreSQL stopped at t=${T_DOWN%.*} s"
sleep "$DOWN"
pg_up
T_UP=$(python3 -c "print($(date +%s.%N) - $T0)")
echo "PostgreSQL running again at t=${T_UP%.*} s"
wait "$GEN"
cat "$WORK/load.txt"

n_err=$(json "$WORK/load.json" "len(d['final_errors'])")
check "requests failed while PostgreSQL was down ($n_err)" [ "$n_err" -gt 0 ]
non5xx=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['final_errors'] if not st.isdigit() or int(st) < 500)")
check "every failure is a 5xx answer, none a dropped connection ($non5xx others)" [ "$non5xx" -eq 0 ]
nobody=$(json "$WORK/load.json" "sum(n for k, n in d['error_bodies'].items() if 'no JSON error body' in k or ' -: ' in k)")
check "every 5xx has a JSON error with a message ($nobody without)" [ "$nobody" -eq 0 ]
json "$WORK/load.json" "'\n'.join('  %dx %s' % (n, k) for k, n in d['error_bodies'].items())"
lost=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['error_samples'] if ep == 'poll' and st == '404')")
check "an accepted submission is never answered 404 while the database is down ($lost)" [ "$lost" -eq 0 ]
late=$(json "$WORK/load.json" "sum(1 for t, ep, st in d['final_errors'] if t > $T_UP + 5)")
last=$(json "$WORK/load.json" "max([t for t, ep, st in d['final_errors']] or [0])")
echo "failures from t=$(json "$WORK/load.json" "min([t for t, ep, st in d['final_errors']] or [0])") s to t=$last s; database down ${T_DOWN%.*}..${T_UP%.*} s"
check "recovered by themselves: no failure later than 5 s after the restart ($late)" [ "$late" -eq 0 ]
ok_after=$(json "$WORK/load.json" "sum(v[0] for k, v in d['timeline'].items() if int(k) > $T_UP + 5)")
check "requests succeed after the restart ($ok_after)" [ "$ok_after" -gt 0 ]

check "no acknowledged event lost; every state = replay of its log" \
	python3 "$VERIFY" --server "$UA" --accounts "$WORK/acc.json" \
	--acklog "$WORK/ack.jsonl" --tutor "$TUTOR" --db "$PG_URL"
finish
