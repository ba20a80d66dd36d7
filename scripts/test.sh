#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run calls this):
#   1. debug build with -Werror, every test (unit, data, cli)
#   2. the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#      (but the built-in courses' checks, suite "courses": they judge
#      hundreds of solutions in the sandbox, whose programs are not
#      instrumented; the checker's own code runs under the sanitizers in
#      tests/check; and the operations fault tests, suite "ops": minutes
#      of real servers under load whose code paths the server and store
#      suites already run under the sanitizers)
#   3. a short libFuzzer run of every parser of outside input (clang)
# and a final "N passed, N failed" line counting every test run.
# Data tests read ../shared (or $TUTOR_SHARED_DIR) and skip when it is absent.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
SHARED=${TUTOR_SHARED_DIR:-$(cd .. && pwd)/shared}
status=0
logs=()

run_suite() { # dir, meson test options (quoted, may be empty), meson setup options...
  local dir=$1 test_opts=$2; shift 2
  if [ ! -d "$dir" ]; then
    meson setup "$dir" -Dshared_dir="$SHARED" "$@" >/dev/null || return 1
  fi
  ninja -C "$dir" || return 1
  # shellcheck disable=SC2086
  meson test -C "$dir" --num-processes 2 --print-errorlogs $test_opts || status=1
  logs+=("$dir/meson-logs/testlog.json")
}

echo "== build and test (gcc, -Werror)"
run_suite build-test "" || status=1
echo "== build and test under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_suite build-san "--no-suite courses --no-suite ops" -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbench=false || status=1

echo "== fuzz every parser for ${FUZZ_SECONDS}s each (clang libFuzzer)"
fuzz_results=$(mktemp)
if [ ! -d build-fuzz ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false -Dbench=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false \
    -Dc_args=-fsanitize=fuzzer-no-link >/dev/null || status=1
fi
if ninja -C build-fuzz; then
  for f in build-fuzz/tests/fuzz/fuzz_*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    name=$(basename "$f")
    corpus=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
    if "$f" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
         -print_final_stats=0 "$work" >"$work.log" 2>&1; then
      echo "fuzz $name: ok"; echo pass >>"$fuzz_results"
    else
      echo "fuzz $name: FAILED"; tail -40 "$work.log"
      echo fail >>"$fuzz_results"; status=1
    fi
    rm -rf "$work" "$work.log"
  done
else
  echo fail >>"$fuzz_results"; status=1
fi

python3 - "$fuzz_results" "${logs[@]}" <<'PY'
# Counts cmocka test cases (from each executable's "[  PASSED  ] N test(s)"
# and "[  FAILED  ] N test(s)" lines); a test without cmocka output (golden
# CLI cases, fuzz runs) counts as one.  A crashed executable counts failed.
import json, re, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    if line.strip() == "pass": passed += 1
    else: failed += 1
for path in sys.argv[2:]:
    try:
        lines = open(path).readlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        r = t["result"]
        out = (t.get("stdout") or "") + (t.get("stderr") or "")
        if r == "SKIP":
            skipped += 1
            continue
        ok = sum(int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out))
        bad = sum(int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out))
        if r in ("OK", "EXPECTEDFAIL"):
            passed += ok if ok or bad else 1
            failed += bad
        else:
            passed += ok
            failed += bad if bad else 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -f "$fuzz_results"
exit $status
