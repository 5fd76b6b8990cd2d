#!/usr/bin/env bash
# Compares two builds of roster-check on the 1M-row CSV, paired: each
# round is one hyperfine call running both and examples/parse_only, so
# the VM's drift (±5-10 % within minutes) hits all three alike.
#
#   bash benches/pair.sh OLD_BINARY NEW_BINARY [ROUNDS=3] [RUNS=15]
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 R=${3:-3} N=${4:-15}
DATA=${DATA:-target/bench-data}
cargo build --release --quiet --example parse_only
[ -f "$DATA/r1000000.csv" ] || cargo run --release --quiet --example gen_roster -- --rows 1000000 --out "$DATA/r1000000.csv"
OUT=$(mktemp -d)
ARGS="check -q --fail-on never --today 2026-11-23 --no-report"
for _ in $(seq "$R"); do
  hyperfine -N --warmup 2 --runs "$N" --export-json "$OUT/h.json" \
    "$A $ARGS --json $OUT/a.json $DATA/r1000000.csv" \
    "$B $ARGS --json $OUT/b.json $DATA/r1000000.csv" \
    "target/release/examples/parse_only $DATA/r1000000.csv" >/dev/null
  python3 -c "
import json; m = [r['median'] for r in json.load(open('$OUT/h.json'))['results']]
print('old %.4f s  new %.4f s  parse_only %.4f s  old %.2fx  new %.2fx  new/old %.3f'
      % (m[0], m[1], m[2], m[0] / m[2], m[1] / m[2], m[1] / m[0]))"
done
cmp -s "$OUT/a.json" "$OUT/b.json" && echo "JSON identical" || echo "JSON differs"
rm -r "$OUT"
