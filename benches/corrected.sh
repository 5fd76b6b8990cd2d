#!/usr/bin/env bash
# The corrected CSV's speed target (issue 21): on the 1M-row CSV, times
#   (a) examples/parse_only          a plain csv-crate parse
#   (b) examples/csv_write           the same parse, every record written to a CSV
#   (c) check --no-report            the check alone, no output file
#   (d) check --no-report --corrected out.csv
# (d) - (c) is what the corrected CSV adds; the target is (d) - (c) <= (b).
# Median of RUNS runs each (bash's clock; hyperfine is not needed).
#
#   bash benches/corrected.sh        # data in target/bench-data
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-target/bench-data}
RUNS=${RUNS:-5}
mkdir -p "$DATA"
cargo build --release --quiet --bin roster-check --example parse_only --example csv_write --example gen_roster
BIN=target/release/roster-check
EX=target/release/examples
IN="$DATA/r1000000.csv"
[ -f "$IN" ] || "$EX/gen_roster" --rows 1000000 --out "$IN"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# Median wall time (s) of a command over $RUNS runs.
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    times+=("$(python3 -c "print($end - $start)")")
  done
  python3 -c "import statistics, sys; print('%.3f' % statistics.median(map(float, sys.argv[1:])))" "${times[@]}"
}

CHECK="$BIN check -q --fail-on never --today 2026-11-23 --no-report"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "input: $IN ($(du -m "$IN" | cut -f1) MB)"
A=$(median "$EX/parse_only" "$IN")
B=$(median "$EX/csv_write" "$IN" "$OUT/plain.csv")
C=$(median $CHECK "$IN")
D=$(median $CHECK --corrected "$OUT/corrected.csv" "$IN")
echo "(a) parse_only                       ${A}s"
echo "(b) parse + plain csv write          ${B}s"
echo "(c) check --no-report                ${C}s"
echo "(d) check --no-report --corrected    ${D}s"
python3 -c "print('corrected CSV adds (d)-(c) = %.3fs; (b) = %.3fs; plain write alone (b)-(a) = %.3fs' % ($D - $C, $B, $B - $A))"
echo "rows out: $(($(wc -l < "$OUT/corrected.csv") - 1)) (plain: $(($(wc -l < "$OUT/plain.csv") - 1)))"
