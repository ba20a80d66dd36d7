#!/bin/sh
# The learning-path policy end to end at small scale: `tutor train policy`
# writes loadable, checksummed models; `tutor eval path` runs all five
# conditions and writes its report; `tutor sim --policy model` and
# `tutor next` with TUTOR_POLICY=model use the model; a corrupted or
# mismatched model and an unknown policy are refused with a clear error.
set -eu
bin=${TUTOR_BIN:?}
src=${TUTOR_SOURCE:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" train policy --course "$src/courses/python" --out "$tmp/m" \
	--sft-learners 30 --sft-epochs 8 --grpo-iters 3 --grpo-learners 4 \
	--group 4 --horizon 4 > "$tmp/train.out" 2> "$tmp/train.err" ||
	fail "train policy: $(cat "$tmp/train.err")"
for f in sft.model grpo.model training.tsv training.svg; do
	[ -s "$tmp/m/$f" ] || fail "train policy wrote no $f"
done
head -n 1 "$tmp/m/grpo.model" | grep -q '^tutor-mlp 1$' || fail "model header"
grep -q '^grpo	3	' "$tmp/m/training.tsv" || fail "3 GRPO iterations logged"

"$bin" eval path --course "$src/courses/python" --models "$tmp/m" \
	--learners 20 --seeds 2 --days 10 --out "$tmp/r" > "$tmp/eval.out" \
	2>/dev/null || fail "eval path"
for c in "retrieval only" curator SFT "SFT+GRPO" "oracle (ceiling)"; do
	grep -q "| $c |" "$tmp/r/report.md" || fail "report lacks $c"
done
[ -s "$tmp/r/path.svg" ] || fail "no path.svg"

"$bin" sim --course "$src/courses/python" --learners 5 --days 5 \
	--policy model --model "$tmp/m/grpo.model" --set goals=true \
	> "$tmp/sim.out" 2>&1 || fail "sim --policy model: $(cat "$tmp/sim.out")"
grep -q '^goals: ' "$tmp/sim.out" || fail "sim prints goals"

# a flipped digit in a parameter: refused by its checksum
sed '5s/[0-9]/7/' "$tmp/m/grpo.model" > "$tmp/bad.model"
if cmp -s "$tmp/bad.model" "$tmp/m/grpo.model"; then
	sed '5s/[0-9]/3/' "$tmp/m/grpo.model" > "$tmp/bad.model"
fi
if "$bin" sim --learners 2 --days 2 --policy model \
	--model "$tmp/bad.model" > "$tmp/bad.out" 2>&1; then
	fail "a corrupted model was accepted"
fi
grep -qi 'checksum' "$tmp/bad.out" || fail "corruption message: $(cat "$tmp/bad.out")"

# GRPO from a given SFT model: the same SFT model written back, no SFT
# stage logged; a corrupt SFT model is refused before any training
"$bin" train policy --course "$src/courses/python" --out "$tmp/m2" \
	--from-sft "$tmp/m/sft.model" --grpo-iters 2 --grpo-learners 4 \
	--group 4 --horizon 4 > "$tmp/train2.out" 2> "$tmp/train2.err" ||
	fail "train policy --from-sft: $(cat "$tmp/train2.err")"
cmp -s "$tmp/m/sft.model" "$tmp/m2/sft.model" || fail "--from-sft changed the SFT model"
grep -q '^sft	' "$tmp/m2/training.tsv" && fail "--from-sft logged an SFT stage"
grep -q '^grpo	2	' "$tmp/m2/training.tsv" || fail "--from-sft: 2 GRPO iterations logged"
if "$bin" train policy --out "$tmp/m3" --from-sft "$tmp/bad.model" \
	--grpo-iters 1 > "$tmp/train3.out" 2>&1; then
	fail "a corrupt SFT model was accepted"
fi
grep -qi 'checksum' "$tmp/train3.out" || fail "--from-sft corruption message: $(cat "$tmp/train3.out")"
[ -e "$tmp/m3" ] && fail "a refused --from-sft run wrote $tmp/m3"

# the product's next-item choice with the policy
export TUTOR_DB="$tmp/t.db"
"$bin" init --course "$src/courses/python" > /dev/null 2>&1 || fail init
"$bin" learner add ada > /dev/null 2>&1 || fail "learner add"
TUTOR_POLICY=model TUTOR_POLICY_MODEL="$tmp/m/grpo.model" "$bin" next \
	> "$tmp/next.out" 2>&1 || fail "next with the model: $(cat "$tmp/next.out")"
grep -q 'learned policy' "$tmp/next.out" || fail "next names the policy"
if TUTOR_POLICY=wizard "$bin" next > "$tmp/w.out" 2>&1; then
	fail "an unknown policy was accepted"
fi
grep -q "unknown policy 'wizard'" "$tmp/w.out" || fail "policy message"
echo "ok: train, eval path, sim and next with the learned policy"
