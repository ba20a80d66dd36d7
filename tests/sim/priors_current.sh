#!/bin/sh
# The simulator's built-in priors (src/sim/priors.c) are what the
# documented command derives from the real log: fit bkt-forgets on the
# ASSISTments 2009 training file, then `tutor sim priors`.  Skips (77)
# when ../shared/data is not there.
set -eu
bin=${TUTOR_BIN:?}
data=${TUTOR_SHARED:-}/data/kt/assistments09/preprocessed_data_train.csv
if [ ! -r "$data" ]; then
	echo "SKIP: $data not found: the priors cannot be re-derived here"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" fit bkt-forgets --train "$data" -o "$tmp/bkt.json" 2>/dev/null
"$bin" sim priors "$tmp/bkt.json" | tail -n 5 > "$tmp/fitted"
cat > "$tmp/builtin" <<'TAB'
prior      4.8806    1.9861  0.7108
learn      0.7845    4.6088  0.1455
guess      1.5962    6.7138  0.1921
slip       4.1908   17.6644  0.1918
forget     0.1460    6.6216  0.0216
TAB
if ! diff -u "$tmp/builtin" "$tmp/fitted"; then
	echo "FAIL: the built-in priors differ from the fit (update src/sim/priors.c)"
	exit 1
fi
echo "ok: built-in priors equal the fit on $data"
