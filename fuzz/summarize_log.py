#!/usr/bin/env python3
"""Summarise a libFuzzer log (cargo fuzz run ... > log 2>&1) for ROBUSTNESS.md.

    python3 fuzz/summarize_log.py LOG [LOG ...]

Prints, per log: executions, seconds, final coverage (`cov`, edges) and
features (`ft`), when coverage last grew (estimated from the execution
count and the run's average executions per second), and how much it grew
over the last quarter of the run: the plateau test.
"""
import re
import sys

LINE = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+).*?exec/s: (\d+)")
DONE = re.compile(r"^Done (\d+) runs in (\d+) second")

for path in sys.argv[1:]:
    runs = seconds = None
    last_cov, last_cov_at, ft, points, last_rate = 0, 0, 0, [], None
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                n, cov, ft, last_rate = int(m[1]), int(m[3]), int(m[4]), int(m[5])
                if cov > last_cov:
                    last_cov, last_cov_at = cov, n
                points.append((n, cov))
            m = DONE.match(line)
            if m:
                runs, seconds = int(m[1]), int(m[2])
    if runs is None and points:
        # Stopped early (killed, or a crash): the last status line says
        # how many runs, at what average rate.
        runs = points[-1][0]
        seconds = round(runs / last_rate) if last_rate else None
    rate = runs / seconds if seconds else float("nan")
    grew = last_cov_at / rate / 60 if seconds else float("nan")
    quarter = next((c for n, c in points if n >= runs * 3 // 4), last_cov)
    print(f"{path}: {runs:,} runs in {seconds or '?'} s ({rate:,.0f}/s); "
          f"cov {last_cov}, ft {ft}; coverage last grew at run {last_cov_at:,} "
          f"(~{grew:.0f} min in); last quarter {quarter} -> {last_cov} "
          f"(+{100 * (last_cov - quarter) / max(quarter, 1):.2f} %)")
