"""Time the build: cold (after set-up, into a fresh copy of the project) and no-op, median of N runs.

Usage: .venv/bin/python workflow/scripts/bench_build.py [--runs 3] [--out results/benchmarks/build_times.csv]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctcstudy.integrity import copy_project

ROOT = Path(__file__).resolve().parents[2]


def timed_build(workdir: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "all"], cwd=workdir,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "results/benchmarks/build_times.csv")
    args = parser.parse_args()
    cold, noop = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            workdir = copy_project(ROOT, Path(tmp))
            cold.append(timed_build(workdir))
            noop.append(timed_build(workdir))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["measure", "runs", "median_s", "min_s", "max_s"])
        for name, values in (("cold_build", cold), ("noop_rebuild", noop)):
            writer.writerow([name, len(values), f"{statistics.median(values):.2f}", f"{min(values):.2f}", f"{max(values):.2f}"])
    print(args.out.read_text(), end="")


if __name__ == "__main__":
    main()
