#!/usr/bin/env bash
# `roster-check serve` against the CLI on one 100,000-row roster: the
# time from the upload's first byte to the findings answered (the page's
# JSON; the students' names, which the page asks for next, timed apart),
# against `check --json -
# --no-report` on the same file. Target (issue 22): at most 1.5 times the
# CLI's time.
#
#   bash benches/serve.sh [BINARY=target/release/roster-check] [RUNS=15]
#
# Each figure is the median of RUNS runs, the two taken in turns so that
# the machine's drift hits both alike. Needs curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/roster-check}
RUNS=${2:-15}
DATA=${DATA:-target/bench-data}
[ -x "$BIN" ] || cargo build --release --quiet
mkdir -p "$DATA"
ROSTER="$DATA/r100000.csv"
[ -f "$ROSTER" ] || cargo run --release --quiet --example gen_roster -- --rows 100000 --out "$ROSTER"
OUT=$(mktemp -d)
"$BIN" serve --no-open --port 0 --today 2026-11-23 >"$OUT/serve.out" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -r "$OUT"' EXIT
for _ in $(seq 50); do grep -q http "$OUT/serve.out" && break; sleep 0.1; done
URL=$(grep -o 'http://[^ ]*' "$OUT/serve.out")
python3 - "$BIN" "$ROSTER" "$URL" "$RUNS" "$OUT" <<'EOF'
import json, statistics, subprocess, sys, time
bin, roster, url, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
cli, page, names = [], [], []
import os
# Run beside the roster, so that the CLI names it as the page does.
cli_cmd = [os.path.abspath(bin), "check", "-q", "--fail-on", "never", "--today", "2026-11-23", "--no-report", "--json", "-", os.path.basename(roster)]
page_cmd = ["curl", "-s", "-o", out + "/page.json", "-w", "%{http_code}", "-F", "file=@" + roster, url + "jobs"]
for i in range(runs + 1):
    t = time.perf_counter(); subprocess.run(cli_cmd, stdout=open(out + "/cli.json", "wb"), check=True, cwd=os.path.dirname(os.path.abspath(roster))); c = time.perf_counter() - t
    t = time.perf_counter(); code = subprocess.run(page_cmd, capture_output=True, check=True).stdout; p = time.perf_counter() - t
    assert code == b"200", code
    body = json.load(open(out + "/page.json"))
    # Then the students' names, as the page asks for them.
    t = time.perf_counter(); subprocess.run(["curl", "-s", "-o", out + "/names.json", url + "jobs/" + body["job"] + "/names"], check=True); n = time.perf_counter() - t
    # Closed at once, as the page does: its files are deleted.
    subprocess.run(["curl", "-s", "-X", "POST", url + "jobs/" + body["job"] + "/close"], check=True)
    if i:  # the first round warms the caches
        cli.append(c); page.append(p); names.append(n)
same = body["result"] == json.load(open(out + "/cli.json"))
c, p, n = statistics.median(cli), statistics.median(page), statistics.median(names)
print("rows 100000  findings %d  cli check --json %.3f s  page upload→findings %.3f s  ratio %.2f  "
      "then the students' names %.3f s  same findings: %s"
      % (len(body["result"]["findings"]), c, p, p / c, n, same))
EOF
