"""Leak scan benchmark: time and peak memory of scanning a built project's outputs, and a large
table, for a restricted names list of 50 entries (python workflow/scripts/bench_leak_scan.py).

Run after `make build`; writes results/benchmarks/leak_scan.csv.
"""

from __future__ import annotations

import csv
import resource
import tempfile
import time
from pathlib import Path

from ctcstudy.guards.attribution import scan_all
from ctcstudy.guards.namematch import Matcher
from ctcstudy.guards.restricted import RestrictedName

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results/benchmarks/leak_scan.csv"


def names(count: int) -> list[RestrictedName]:
    kinds = ["person", "organization", "place"]
    return [
        RestrictedName(
            i, kinds[i % 3], f"Given{i} Family{i}-Name Foundation" if i % 3 == 1 else f"Given{i} van Family{i}"
        )
        for i in range(1, count + 1)
    ]


def timed(label: str, paths: list[Path], matcher: Matcher, quotes: list[str], coalitions: list[str]) -> dict:
    start = time.perf_counter()
    findings = scan_all(paths, matcher, quotes, coalitions)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths)
    return {
        "measure": label,
        "files": len(paths),
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "megabytes_per_second": round(size / 1e6 / seconds, 1),
        "findings": len(findings),
    }


def main() -> None:
    matcher = Matcher(names(50))
    segments = ROOT / "data/processed/interview_segments.csv"
    with segments.open(newline="", encoding="utf-8") as handle:
        quotes = [row["text"] for row in csv.DictReader(handle) if row["text"]]
    coalitions = ["Covenant Alliance", "Community Nexus", "Sector Bridge"]
    outputs = sorted(
        p
        for d in ("results", "data/processed")
        for p in (ROOT / d).rglob("*")
        if p.is_file() and "benchmarks" not in p.parts
    )
    rows = [timed("built outputs", outputs, matcher, quotes, coalitions)]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "panel.csv"
        line = 'O000001,2009,ngo,south_asia,1,0,1,1,0,0,1,0,1,Coalition-3,synthetic,"ctcstudy, calibrated"\n'
        big.write_text(
            "organization_id,year,sector,region,a1,a2,a3,a4,a5,a6,a7,a8,cb,named,provenance,source\n"
            + line * (50_000_000 // len(line))
        )
        rows.append(timed("50 MB table", [big], matcher, quotes, coalitions))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for row in rows:
        row["peak_mib"] = round(peak)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(OUT.read_text(), end="")


if __name__ == "__main__":
    main()
