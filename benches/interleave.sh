#!/usr/bin/env bash
# Compares builds of roster-check on the 1M-row CSV by `perf stat`, their
# runs interleaved (A B A B ...) so the VM's drift hits them alike, and
# prints each build's medians: wall time, CPU time (task-clock), user and
# system time, page faults. `THREADS=1` checks on one thread, the
# steadiest measure of CPU work.
#
#   bash benches/interleave.sh RUNS BINARY...
set -euo pipefail
cd "$(dirname "$0")/.."
N=$1
shift
DATA=${DATA:-target/bench-data}
[ -f "$DATA/r1000000.csv" ] || cargo run --release --quiet --example gen_roster -- --rows 1000000 --out "$DATA/r1000000.csv"
THREADS_ARG=()
[ -n "${THREADS:-}" ] && THREADS_ARG=(--threads "$THREADS")
OUT=$(mktemp -d)
for i in $(seq "$N"); do
  for b in "$@"; do
    k=$(printf '%s' "$b" | cksum | cut -d' ' -f1)
    perf stat -x, -e duration_time,task-clock,user_time,system_time,page-faults \
      "$b" check -q --fail-on never --today 2026-11-23 "${THREADS_ARG[@]}" --no-report \
      --json "$OUT/out.json" "$DATA/r1000000.csv" 2>&1 >/dev/null \
      | cut -d, -f1 | paste -sd' ' >> "$OUT/$k.txt"
  done
done
for b in "$@"; do
  k=$(printf '%s' "$b" | cksum | cut -d' ' -f1)
  python3 - "$OUT/$k.txt" "$b" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
m = lambda i: statistics.median(r[i] for r in rows)
print('%s: wall %.1f ms  cpu %.1f ms  user %.1f ms  sys %.1f ms  faults %d  (%d runs)'
      % (sys.argv[2], m(0) / 1e6, m(1), m(2) / 1e6, m(3) / 1e6, m(4), len(rows)))
EOF
done
rm -r "$OUT"
