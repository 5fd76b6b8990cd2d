#!/usr/bin/env bash
# `roster-check serve` against the CLI on one 100,000-row roster: the
# time from the upload's first byte to everything the page needs to
# show the findings table (the page's own two requests: `uploads`, which
# keeps the files, then `jobs/ID/check`, whose answer holds the findings,
# the tables and each finding's student), against `check --json -
# --no-report` on the same file. Target (issue 22): at most 1.5 times the
# CLI's time.
#
#   bash benches/serve.sh [BINARY=target/release/roster-check] [RUNS=15]
#
# Each figure is the median of RUNS runs, the two taken in turns so that
# the machine's drift hits both alike. The page's requests are made from
# this script's own process (no client started per request; the CLI's
# time does include its process start); the file is read from the disk
# while it is sent, as a browser sends a chosen file (the read is timed,
# a copy of the whole form built in memory first is not). Needs python3.
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
python3 - "$BIN" "$ROSTER" "$URL" "$RUNS" "$OUT" <<'PY'
import http.client, json, os, statistics, subprocess, sys, time, urllib.parse
bin, roster, url, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
u = urllib.parse.urlsplit(url)
origin = "http://" + u.netloc

def request(conn, method, path, body=b"", kind=None, length=None):
    headers = {"Origin": origin}
    if kind:
        headers["Content-Type"] = kind
    if length is not None:
        headers["Content-Length"] = str(length)
    conn.request(method, u.path + path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    assert r.status in (200, 204), (r.status, data[:300])
    return data

def page_flow(conn):
    """The page's requests, upload to findings shown: the file sent as a
    form, read from the disk as it goes (as a browser sends a file
    chosen), then its check asked for."""
    boundary = "----rostercheckbench"
    head = (("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
             "Content-Type: text/csv\r\n\r\n") % (boundary, os.path.basename(roster))).encode()
    tail = ("\r\n--%s--\r\n" % boundary).encode()
    def form():
        yield head
        with open(roster, "rb") as f:
            while True:
                part = f.read(1 << 20)
                if not part:
                    break
                yield part
        yield tail
    length = len(head) + os.path.getsize(roster) + len(tail)
    job = json.loads(request(conn, "POST", "uploads", form(), "multipart/form-data; boundary=" + boundary,
                             length))["job"]
    answer = request(conn, "POST", "jobs/%s/check" % job, b'{"lang":"es"}', "application/json")
    return job, answer

# Run beside the roster, so that the CLI names it as the page does.
cli_cmd = [os.path.abspath(bin), "check", "-q", "--fail-on", "never", "--today", "2026-11-23",
           "--no-report", "--json", "-", os.path.basename(roster)]
cli, page = [], []
conn = http.client.HTTPConnection(u.hostname, u.port)
for i in range(runs + 1):
    t = time.perf_counter()
    subprocess.run(cli_cmd, stdout=open(out + "/cli.json", "wb"), check=True,
                   cwd=os.path.dirname(os.path.abspath(roster)))
    c = time.perf_counter() - t
    t = time.perf_counter()
    job, body = page_flow(conn)
    p = time.perf_counter() - t
    # Read as the page reads it, outside the time (the CLI's JSON is not
    # read back either).
    body = json.loads(body)
    # Closed at once, as the page does: its files are deleted.
    request(conn, "POST", "jobs/%s/close" % job)
    if i:  # the first round warms the caches
        cli.append(c); page.append(p)
same = body["result"] == json.load(open(out + "/cli.json"))
rows_found = {(f["file"], f["sheet"], f["row"]) for f in body["result"]["findings"]}
named = {(n[0], n[1], n[2]) for n in body["names"]}
c, p = statistics.median(cli), statistics.median(page)
print("rows 100000  findings %d  cli check --json %.3f s  page upload->findings with names %.3f s  "
      "ratio %.2f  (target <= 1.50)  names %d of %d rows with findings  same findings: %s"
      % (len(body["result"]["findings"]), c, p, p / c, len(named & rows_found), len(rows_found), same))
PY
