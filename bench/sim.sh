#!/bin/sh
# bench/sim.sh [LEARNERS] [DAYS] [RUNS] - the simulator's throughput:
# LEARNERS simulated learners (default 10000) x DAYS days (30) on the
# built-in Python course with 2 threads, RUNS times (3); prints the wall
# time, events and events/s of each run (docs/benchmarks.md).
set -eu
bin=${TUTOR_BIN:-build/cli/tutor}
n=${1:-10000}
days=${2:-30}
runs=${3:-3}
i=1
while [ "$i" -le "$runs" ]; do
	"$bin" sim --learners "$n" --days "$days" --threads 2 --seed "$i" \
		2>&1 >/dev/null | awk '/tutor: sim:/ {
			for (k = 1; k <= NF; k++) {
				if ($k == "events") ev = $(k - 1)
				if ($k == "s") secs = $(k - 1)
			}
			printf "run %d: %s learners x %s days: %s events in %s s, %.0f events/s\n", '"$i"', '"$n"', '"$days"', ev, secs, ev / secs
		}'
	i=$((i + 1))
done
