#!/usr/bin/env bash
# Peak memory (maximum resident set size, /usr/bin/time -v) of one build
# on rosters whose findings are many, with and without the report:
#
#   errors3   2,000,000 rows, three errors on every row (a CURP and an RFC
#             too short, an empty NSS), every value unique;
#   twice     1,000,000 rows: a roster of 500,000 exported twice and
#             concatenated, so every row is a duplicate (CURP and NSS);
#   five      2,000,000 rows of random CURPs and NSSs (about five findings
#             a row, ten RFCs shared by 200,000 rows each).
#
#   bash benches/memory.sh BINARY [CASE...]
#
# The target (issue 19): at most 500 MB on any roster of up to 2 million
# rows, whatever the number of findings, with or without the report.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$1
shift
CASES=${*:-errors3 twice five}
DATA=${DATA:-target/bench-data}
mkdir -p "$DATA"
[ -f "$DATA/r1000000.csv" ] || cargo run --release --quiet --example gen_roster -- --rows 1000000 --out "$DATA/r1000000.csv"
[ -f "$DATA/errors3.csv" ] || python3 - "$DATA/errors3.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("CURP,NSS,RFC,Nombre,Apellido paterno\n")
    for i in range(2_000_000):
        f.write(f"X{i},,R{i},ANA,LOPEZ\n")
EOF
[ -f "$DATA/twice.csv" ] || {
  head -1 "$DATA/r1000000.csv" >"$DATA/twice.csv"
  for _ in 1 2; do sed -n '2,500001p' "$DATA/r1000000.csv" >>"$DATA/twice.csv"; done
}
[ -f "$DATA/five.csv" ] || python3 - "$DATA/five.csv" <<'EOF'
import random, sys
random.seed(7)
L = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
with open(sys.argv[1], "w") as f:
    f.write("CURP,NSS,RFC,Nombre,Apellido paterno\n")
    for i in range(2_000_000):
        curp = ("".join(random.choice(L) for _ in range(4))
                + "%02d%02d%02d" % (random.randint(0, 99), random.randint(1, 12), random.randint(1, 28))
                + "HDF" + "".join(random.choice("BCDFG") for _ in range(3)) + "0" + str(random.randint(0, 9)))
        nss = "%011d" % random.randint(10**9, 10**11 - 1)
        f.write(f"{curp},{nss},bad{i % 10},ANA,LOPEZ\n")
EOF
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for c in $CASES; do
  for report in no yes; do
    if [ $report = yes ]; then args=(-o "$OUT/r.xlsx"); else args=(--no-report); fi
    /usr/bin/time -v "$BIN" check -q --fail-on never --today 2026-11-23 "${args[@]}" \
      "$DATA/$c.csv" 2>"$OUT/time" || true
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$OUT/time")
    wall=$(awk -F': ' '/Elapsed/ {print $2}' "$OUT/time")
    printf '%-8s report=%-3s peak=%5d MB  wall=%s\n' "$c" "$report" $((rss / 1024)) "$wall"
    rm -f "$OUT/r.xlsx"
  done
done
