# shellcheck shell=bash disable=SC2034
# common.sh - sourced by the tests/ops/*.sh fault and backup tests (bash).
# Sets SRC (the source tree), TUTOR (the binary: $TUTOR_BIN, else
# build/cli/tutor), WORK (a scratch directory removed on exit, world-
# traversable so a PostgreSQL server running as nobody reaches its
# socket directory), LONG (1 when $TUTOR_OPS_LONG=1: the long versions),
# and the helpers of bench/load/lib.sh.  Tests call ok/fail/pending and
# finish with `finish`, which exits 1 when any check failed.
set -uo pipefail
SRC=${TUTOR_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TUTOR=${TUTOR_BIN:-$SRC/build/cli/tutor}
LONG=${TUTOR_OPS_LONG:-0}
[ -x "$TUTOR" ] || { echo "no tutor binary at $TUTOR"; exit 1; }
WORK=$(mktemp -d /tmp/tu-ops-XXXXXX)
chmod 755 "$WORK"
. "$SRC/bench/load/lib.sh"
PIDS=()
FAILS=0
PENDING=0
LOADGEN="$SRC/bench/load/loadgen.py"
VERIFY="$SRC/tests/ops/verify.py"

ops_cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	pg_stop immediate
	[ -n "${MNT:-}" ] && umount "$MNT" 2>/dev/null
	if [ "${KEEP:-0}" = 1 ] || [ "$FAILS" -gt 0 -a "${KEEP_FAILED:-0}" = 1 ]; then
		echo "kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap ops_cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pending() { echo "PENDING: $*"; PENDING=$((PENDING + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

finish() {
	echo "$(basename "$0"): $FAILS failed, $PENDING pending"
	[ "$FAILS" -eq 0 ]
	exit $?
}

# json FILE EXPR: evaluates the Python expression EXPR over d = the JSON
# of FILE and prints the result.
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# supports_idempotency URL TOKEN LEARNER: 0 when a hint request repeated
# with the same Idempotency-Key is applied once (hints_used unchanged).
supports_idempotency() {
	python3 - "$@" <<'PY'
import http.client, json, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
def hint():
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    c.request("POST", "/api/learners/%s/hints" % sys.argv[3],
              body=json.dumps({"item": "halfway-point"}),
              headers={"Content-Type": "application/json",
                       "Authorization": "Bearer " + sys.argv[2],
                       "Idempotency-Key": "ops-probe-1"})
    r = c.getresponse()
    return r.status, json.loads(r.read() or b"{}")
a, b = hint(), hint()
sys.exit(0 if a[0] == 200 and b[0] == 200 and
         a[1].get("hints_used") == b[1].get("hints_used") else 1)
PY
}

# shares_jobs URL_A URL_B TOKEN LEARNER: 0 when a submission posted to A
# can be read from B (the judge job table in the store).
shares_jobs() {
	python3 - "$@" "$SRC/courses/python/problems/halfway-point/solution.py" <<'PY'
import http.client, json, sys, urllib.parse
a, b = (urllib.parse.urlparse(x) for x in sys.argv[1:3])
tok, learner, sol = sys.argv[3], sys.argv[4], sys.argv[5]
h = {"Content-Type": "application/json", "Authorization": "Bearer " + tok}
c = http.client.HTTPConnection(a.hostname, a.port, timeout=30)
c.request("POST", "/api/learners/%s/submissions" % learner, headers=h,
          body=json.dumps({"item": "halfway-point", "lang": "python",
                           "code": open(sol).read()}))
r = c.getresponse()
sid = json.loads(r.read()).get("id")
c = http.client.HTTPConnection(b.hostname, b.port, timeout=30)
c.request("GET", "/api/submissions/%s" % sid, headers=h)
sys.exit(0 if sid and c.getresponse().status == 200 else 1)
PY
}

# first_account FILE: "name token" of the first account in a loadgen
# accounts file.
first_account() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); n=sorted(d)[0]; print(n, d[n])" "$1"
}
