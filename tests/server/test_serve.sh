#!/usr/bin/env bash
# test_serve.sh - `tutor serve` over real sockets: starts the server on a
# free port (--port 0) with a temporary store and web directory, checks
# /healthz, /metrics, a 404, a 405, a bad JSON body (400 with a position),
# a wrong content type (415), an oversized body (413 before it is read),
# static files (index.html fallback, MIME type, no traversal), the access
# log (one JSON object per line, no tokens), usage errors, then stops it
# with SIGTERM and checks that it exits 0.  Prints "N passed, N failed".
set -u
bin=${TUTOR_BIN:?TUTOR_BIN not set}
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
unset TUTOR_DB TUTOR_LEARNER TUTOR_COURSE TUTOR_LLM_BASE_URL
export TUTOR_LLM_BASE_URL=

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*" >&2; }

# check NAME WANT_STATUS PATTERN -- CURL ARGS...: the HTTP status and a
# fixed string in the body.
check() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out code
  out=$(curl -s -o "$tmp/body" -w '%{http_code}' "$@")
  code=$out
  if [ "$code" = "$want" ] && grep -qF -- "$pattern" "$tmp/body"; then
    ok
  else
    bad "$name: status $code (want $want), body: $(head -c 400 "$tmp/body")"
  fi
}

mkdir -p "$tmp/web/assets"
echo '<!doctype html><title>tutor ui</title>' >"$tmp/web/index.html"
echo 'console.log("app")' >"$tmp/web/assets/app.js"
echo 'secret' >"$tmp/secret.txt"

# usage errors come before anything starts
out=$("$bin" serve --port 99999 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -qF -- "--port: '99999'" <<<"$out"; then ok
else bad "bad port: $rc $out"; fi
out=$("$bin" serve --frobnicate 2>&1); rc=$?
if [ $rc -eq 2 ]; then ok; else bad "unknown option: $rc $out"; fi
out=$("$bin" serve --state-cache 0 2>&1); rc=$?
if [ $rc -eq 1 ] && grep -qF -- "--state-cache: '0'" <<<"$out"; then ok
else bad "bad state cache: $rc $out"; fi
out=$("$bin" serve --help 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -qF -- "--judge-workers N" <<<"$out"; then ok
else bad "help: $rc"; fi

"$bin" serve --port 0 --db "$tmp/t.db" --web "$tmp/web" --threads 2 \
  --judge-workers 1 --access-log "$tmp/access.log" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|^tutor: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' \
    "$tmp/out" 2>/dev/null)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  bad "server did not start: $(cat "$tmp/out" "$tmp/err")"
  echo "$pass passed, $fail failed"
  exit 1
fi
base=http://127.0.0.1:$port
if grep -qF "(course python, store $tmp/t.db)" "$tmp/out"; then ok
else bad "banner: $(cat "$tmp/out")"; fi
if grep -qF "tutor account add --instructor NAME" "$tmp/out"; then ok
else bad "no instructor hint: $(cat "$tmp/out")"; fi

check healthz 200 '{"status":"ok"}' -- "$base/healthz"
check head_healthz 200 '' -- -I "$base/healthz"
check not_found 404 '"code":"not_found"' -- "$base/api/nothing-here"
check method 405 '"code":"method_not_allowed"' -- -X DELETE "$base/healthz"
check bad_json 400 'body: line 1 column' -- -H 'Content-Type: application/json' \
  --data '{"username": "ada",}' "$base/api/login"
check media_type 415 '"code":"unsupported_media_type"' -- \
  -H 'Content-Type: text/plain' --data '{}' "$base/api/login"
head -c 300000 /dev/zero | tr '\0' 'a' >"$tmp/big"
check too_large 413 '"code":"too_large"' -- -H 'Content-Type: application/json' \
  --data-binary @"$tmp/big" "$base/api/login"
# a chunked body without a length, over the limit
check too_large_chunked 413 '"code":"too_large"' -- \
  -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$tmp/big" "$base/api/login"
check unauthenticated 401 '"code":"unauthenticated"' -- "$base/api/me"
check bad_token 401 '"code":"unauthenticated"' -- \
  -H 'Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' \
  "$base/api/me"

check index 200 '<title>tutor ui</title>' -- "$base/"
check spa_route 200 '<title>tutor ui</title>' -- "$base/learn/anything"
check asset 200 'console.log("app")' -- "$base/assets/app.js"
ctype=$(curl -s -o /dev/null -w '%{content_type}' "$base/assets/app.js")
if [ "$ctype" = "text/javascript; charset=utf-8" ]; then ok
else bad "asset content type: $ctype"; fi
csp=$(curl -s -D - -o /dev/null "$base/" | tr -d '\r' |
  sed -n 's/^Content-Security-Policy: //Ip')
if grep -qF "default-src 'self'" <<<"$csp"; then ok; else bad "csp: $csp"; fi
check traversal 404 '"code":"not_found"' -- --path-as-is "$base/../secret.txt"
check traversal_enc 404 '"code":"not_found"' -- --path-as-is \
  "$base/assets/%2e%2e/%2e%2e/secret.txt"

check metrics 200 'tutor_http_requests_total{route="healthz",status="200"}' \
  -- "$base/metrics"
for m in tutor_http_request_duration_seconds_bucket tutor_judge_queue_depth \
  tutor_sessions 'route="not_found",status="404"' tutor_contexts \
  'tutor_state_cache_total{result="hit"}' 'tutor_heap_bytes{kind="in_use"}' \
  'tutor_heap_bytes{kind="sqlite"}'; do
  if grep -qF -- "$m" "$tmp/body"; then ok; else bad "metrics: no $m"; fi
done

# the access log: JSON lines with the fields, never a token
sleep 0.2
if python3 - "$tmp/access.log" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) >= 10, len(lines)
want = {"time", "client", "method", "route", "path", "status", "bytes",
        "duration_ms", "account"}
for l in lines:
    o = json.loads(l)
    assert set(o) == want, o
    assert "AAAAAAAA" not in l, l
routes = {o["route"] for o in map(json.loads, lines)}
assert {"healthz", "not_found", "static", "too_large"} <= routes, routes
EOF
then ok; else bad "access log: $(head -3 "$tmp/access.log")"; fi

kill -TERM "$pid"
wait "$pid"; rc=$?
pid=
if [ $rc -eq 0 ]; then ok; else bad "exit status after SIGTERM: $rc"; fi
if grep -qF "stopped" "$tmp/err"; then ok; else bad "stop: $(cat "$tmp/err")"; fi
if [ -z "$(pgrep -f "serve --port 0 --db $tmp/t.db" || true)" ]; then ok
else bad "processes left behind"; fi

# the port in use is a clear error
python3 -c 'import socket,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(5)' >"$tmp/port" &
holder=$!
# wait for the holder to print its port (python starts slowly under load)
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
busy=$(cat "$tmp/port")
out=$("$bin" serve --port "$busy" --db "$tmp/t2.db" --no-web 2>&1); rc=$?
kill "$holder" 2>/dev/null
if [ $rc -eq 1 ] && grep -qF "cannot listen on 127.0.0.1 port $busy" <<<"$out"
then ok; else bad "port in use: $rc $out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
