#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md. Needs hyperfine (Debian:
# apt-get install hyperfine) and, for the comparison, python3 with
# python-stdnum, pandas and openpyxl (pip install ...). Takes ~10 minutes.
#
#   bash benches/run.sh            # data in target/bench-data
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-target/bench-data}
RUNS=${RUNS:-5}
mkdir -p "$DATA"
cargo build --release --quiet --bin roster-check --examples
BIN=target/release/roster-check
EX=target/release/examples

for n in 10000 100000 1000000; do
  [ -f "$DATA/r$n.csv" ] || "$EX/gen_roster" --rows "$n" --out "$DATA/r$n.csv"
done
[ -f "$DATA/r100000.xlsx" ] || "$EX/gen_roster" --rows 100000 --out "$DATA/r100000.xlsx"

# Peak resident memory (KB) of a command.
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
# Median wall time (s) of a command over $RUNS runs, by hyperfine.
median() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$DATA/h.json" "$1" >/dev/null
  python3 -c "import json; print(round(json.load(open('$DATA/h.json'))['results'][0]['median'], 3))"
}

CHECK="$BIN check -q --fail-on never --today 2026-11-23"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

echo "== 1M-row CSV ($(du -m "$DATA/r1000000.csv" | cut -f1) MB)"
P=$(median "$EX/parse_only $DATA/r1000000.csv")
J=$(median "$CHECK --no-report --json $DATA/out.json $DATA/r1000000.csv")
R=$(RUNS=3 median "$CHECK -o $DATA/out.xlsx --json $DATA/out.json $DATA/r1000000.csv")
echo "parse_only          median ${P}s  rss $(rss "$EX/parse_only" "$DATA/r1000000.csv") KB"
echo "check --no-report   median ${J}s  rss $(rss $CHECK --no-report --json "$DATA/out.json" "$DATA/r1000000.csv") KB  ratio $(python3 -c "print(round($J/$P, 1))")x"
echo "check with report   median ${R}s  rss $(rss $CHECK -o "$DATA/out.xlsx" --json "$DATA/out.json" "$DATA/r1000000.csv") KB  ratio $(python3 -c "print(round($R/$P, 1))")x"
F=$(RUNS=3 median "$EX/xlsx_floor $DATA/r1000000.csv $DATA/floor.xlsx")
echo "xlsx_floor          median ${F}s  (every cell into rust_xlsxwriter, nothing else)  ratio $(python3 -c "print(round($F/$P, 1))")x"

echo "== 100k-row XLSX ($(du -m "$DATA/r100000.xlsx" | cut -f1) MB)"
C=$(median "$EX/calamine_read $DATA/r100000.xlsx")
X=$(median "$CHECK --no-report --json $DATA/out.json $DATA/r100000.xlsx")
echo "calamine_read       median ${C}s  rss $(rss "$EX/calamine_read" "$DATA/r100000.xlsx") KB"
echo "check --no-report   median ${X}s  rss $(rss $CHECK --no-report --json "$DATA/out.json" "$DATA/r100000.xlsx") KB  ratio $(python3 -c "print(round($X/$C, 2))")x"

echo "== growth (check --no-report --json)"
for n in 10000 100000 1000000; do
  echo "$n rows  median $(median "$CHECK --no-report --json $DATA/out.json $DATA/r$n.csv")s  rss $(rss $CHECK --no-report --json "$DATA/out.json" "$DATA/r$n.csv") KB"
done

echo "== threads (1M rows, check --no-report --json)"
for t in 1 2; do
  echo "--threads $t  median $(median "$CHECK --no-report --threads $t --json $DATA/out.json $DATA/r1000000.csv")s"
done

if python3 -c "import stdnum, pandas, openpyxl" 2>/dev/null; then
  echo "== python-stdnum + pandas on the 1M-row CSV (one run)"
  /usr/bin/time -f "stdnum+pandas  %e s  rss %M KB" python3 benches/compare/stdnum_pandas.py "$DATA/r1000000.csv" "$DATA/stdnum.xlsx"
fi
