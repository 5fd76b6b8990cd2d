#!/usr/bin/env bash
# The report on rosters longer than a sheet and faulty in every row: time
# and peak memory (BENCHMARKS.md, "The report"). 1,100,000 rows each, NSS
# only, every value distinct:
#   clean  every NSS valid (the Padrón goes on in "Padrón (2)")
#   wrong  every check digit wrong (an error on every row)
#   zero   every NSS lost its leading zero (a warning on every row)
#
#   bash benches/worst_case.sh      # ~2 minutes; data in target/bench-data
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-target/bench-data}
ROWS=${ROWS:-1100000}
mkdir -p "$DATA"
cargo build --release --quiet --bin roster-check
BIN=target/release/roster-check

# NSS check digit: Luhn over the first ten digits (weights 1, 2, 1, 2 ...).
gen() {
  awk -v n="$ROWS" -v kind="$1" 'BEGIN {
    print "No.,NSS"
    for (i = 0; i < n; i++) {
      if (kind == "zero")
        v = sprintf("0%d%02d05%04d", int(i / 10000) % 10, 10 + int(i / 100000), i % 10000)
      else
        v = sprintf("%02d%02d05%04d", int(i / 10000) % 100, 10 + int(i / 1000000), i % 10000)
      t = 0
      for (k = 1; k <= 10; k++) { d = substr(v, k, 1) * (k % 2 ? 1 : 2); t += int(d / 10) + d % 10 }
      c = (10 - t % 10) % 10
      if (kind == "wrong") c = (c + 1) % 10
      nss = v c
      if (kind == "zero") nss = substr(nss, 2)
      print (i + 1) "," nss
    }
  }' > "$DATA/worst_$1.csv"
}

CHECK="$BIN check -q --fail-on never --today 2026-11-23"
for kind in clean wrong zero; do
  [ -f "$DATA/worst_$kind.csv" ] || gen "$kind"
  /usr/bin/time -f "$kind  check --no-report --json  %e s  rss %M KB" \
    $CHECK --no-report --json "$DATA/out.json" "$DATA/worst_$kind.csv"
  /usr/bin/time -f "$kind  full report + JSON       %e s  rss %M KB" \
    $CHECK -o "$DATA/out.xlsx" --json "$DATA/out.json" "$DATA/worst_$kind.csv"
done
