"""Scale benchmark: a panel of 1,000,000 organization-years through the pipeline's own rules.

Makes a synthetic panel of the requested size with the package's generator (written as .dta,
the way a user would supply one), points a copy of the project at it, and times the rules
that read, validate and aggregate it: validate (ingest of every raw dataset, the panel included,
then great-expectations over every table), publish_validated and panel_tables; then the whole
build on it (every notebook labels its outputs from the records, verify, the report and the leak
scan read the panel too). Peak memory is the largest resident set of any process in the build,
sampled every 0.05 s; the time of each rule's job comes from logs/timings/.

Usage: .venv/bin/python workflow/scripts/bench_panel.py [--rows 1000000] [--runs 1]
Writes results/benchmarks/panel_scale.csv.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

import yaml

from ctcstudy.guards import manifest as integrity
from ctcstudy.guards.manifest import copy_project
from ctcstudy.tools import benchmark, synthetic_panel

ROOT = Path(__file__).resolve().parents[2]
TARGET = "results/tables/panel_balance.csv"  # made by panel_tables, after ingest, validate and publish


def run(workdir: Path, *args: str, label: str = "") -> tuple[float, int]:
    benchmark.clear_rule_times(workdir)
    return benchmark.run([sys.executable, "-m", "snakemake", "--cores", "2", *args, "--quiet"], workdir, label=label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "results/benchmarks/panel_scale.csv")
    args = parser.parse_args()
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    settings = config["panel"]["generator"] | {
        "waves": config["panel"]["waves"],
        "per_wave": args.rows // len(config["panel"]["waves"]),
    }
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp) / "project"
        workdir.mkdir()
        copy_project(ROOT, workdir)
        import time

        start = time.perf_counter()
        frame = synthetic_panel.generate(settings, config["panel"]["sectors"], config["panel"]["regions"])
        synthetic_panel.write(
            frame, workdir / "data/raw/panel/large.dta", config["panel"]["sectors"], config["panel"]["regions"]
        )
        generated = time.perf_counter() - start
        here = os.getcwd()
        os.chdir(workdir)
        integrity.write()  # the documented `make manifest` after adding a raw file
        os.chdir(here)
        run(workdir)  # a normal build first (not timed), so only the panel's rules rerun below
        config["panel"]["file"] = "data/raw/panel/large.dta"
        (workdir / "config/config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        for i in range(args.runs):
            # The target first: --forcerun takes every name after it as a rule to force.
            seconds, rss = run(
                workdir,
                TARGET,
                "--forcerun",
                "validate",
                label=f"{args.rows:,} organization-years through validate and panel_tables, run {i + 1}/{args.runs}",
            )
            results.append(
                ("validate, publish_validated, panel_tables", i + 1, seconds, rss, benchmark.rule_times(workdir))
            )
        for i in range(args.runs):  # and the whole build on it: every notebook, verify, report, leak scan
            seconds, rss = run(workdir, "--forcerun", "validate", label=f"whole build on it, run {i + 1}/{args.runs}")
            results.append(("whole build", i + 1, seconds, rss, benchmark.rule_times(workdir)))
        print(f"{len(frame)} organization-years generated and written in {generated:.1f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["rows", "measured", "run", "seconds", "peak_rss_mib", "seconds_per_rule"])
        for measured, run_number, seconds, rss, times in results:
            per_rule = "; ".join(f"{rule} {t:.1f}" for rule, t in sorted(times.items(), key=lambda x: -x[1]))
            writer.writerow([len(frame), measured, run_number, f"{seconds:.1f}", f"{rss / 2**20:.0f}", per_rule])
    print(args.out.read_text(), end="")


if __name__ == "__main__":
    main()
