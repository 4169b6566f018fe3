"""Build benchmark: the pipeline against its floors, and at 3, 30 and 300 cases.

Measures, several runs each (median reported), on this machine:
  floors    bare `snakemake` no-op on a one-rule Snakefile; one empty notebook through papermill;
            `import great_expectations`
  builds    cold full build (after set-up, fresh copy); no-op rebuild; rebuild after touching
            one raw file; cold builds at 3, 30 and 300 synthetic coalitions (seeded generator,
            entered through config/cases.yaml like a student's cases)
and writes results/benchmarks/build_times.csv, results/benchmarks/ratios.csv,
results/benchmarks/rule_times.csv (each rule's job, median over the cold builds, from
logs/timings/) and results/figures/benchmark.png. Peak memory is the largest resident set of any process.

Usage: .venv/bin/python workflow/scripts/bench.py [--runs 3] [--cases 3 30 300]
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
from ctcstudy.tools import benchmark, synthetic_cases

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results/benchmarks"
SNAKEMAKE = [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"]
NOTEBOOKS = len(list((ROOT / "notebooks").glob("*.ipynb")))


def floors(tmp: Path, runs: int) -> list[dict]:
    bare = tmp / "bare"
    bare.mkdir()
    (bare / "Snakefile").write_text('rule all:\n    output: "done"\n    shell: "touch {output}"\n')
    benchmark.run(SNAKEMAKE, bare)
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell]
    nbformat.write(notebook, tmp / "empty.ipynb")
    commands = {
        "floor_snakemake_noop": (SNAKEMAKE, bare),
        "floor_papermill_notebook": (
            [sys.executable, "-m", "papermill", "empty.ipynb", "out.ipynb", "-k", "python3", "--no-progress-bar"],
            tmp,
        ),
        "floor_import_great_expectations": ([sys.executable, "-c", "import great_expectations"], tmp),
    }
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    return [
        benchmark.summary(
            name, [benchmark.run(cmd, cwd, env, label=f"{name}, run {i + 1}/{runs}") for i in range(runs)]
        )
        for name, (cmd, cwd) in commands.items()
    ]


RULE_TIMES: list[dict[str, float]] = []  # each cold build's time per rule (logs/timings/)


def builds(tmp: Path, runs: int) -> list[dict]:
    cold, noop, touched = [], [], []
    for i in range(runs):
        workdir = integrity.copy_project(ROOT, tmp / f"build{i}")
        cold.append(benchmark.run(SNAKEMAKE, workdir, label=f"cold build, run {i + 1}/{runs}"))
        RULE_TIMES.append(benchmark.rule_times(workdir))
        noop.append(benchmark.run(SNAKEMAKE, workdir, label=f"no-op rebuild, run {i + 1}/{runs}"))
        os.utime(workdir / "data/raw/samaj/timeline.csv")  # touched, content unchanged
        touched.append(benchmark.run(SNAKEMAKE, workdir, label=f"touched raw file, run {i + 1}/{runs}"))
    return [
        benchmark.summary("cold_build", cold),
        benchmark.summary("noop_rebuild", noop),
        benchmark.summary("rebuild_after_touching_one_raw_file", touched),
    ]


def with_cases(tmp: Path, n: int, runs: int) -> dict:
    results = []
    for i in range(runs):
        workdir = integrity.copy_project(ROOT, tmp / f"cases{n}_{i}")
        document = synthetic_cases.make(
            workdir, n, seed=n, template=yaml.safe_load((ROOT / "config/cases.yaml").read_text())
        )
        (workdir / "config/cases.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        cwd = os.getcwd()
        os.chdir(workdir)
        integrity.write()  # the documented `make manifest` after adding raw files
        os.chdir(cwd)
        results.append(benchmark.run(SNAKEMAKE, workdir, label=f"cold build at {n} cases, run {i + 1}/{runs}"))
        assert len(list((workdir / "results/cases").glob("*.md"))) == n + 1  # a page per case, Samaj included
    return benchmark.summary(f"cold_build_{n}_cases", results)


def ratios(rows: dict) -> list[dict]:
    floor_sum = (
        NOTEBOOKS * rows["floor_papermill_notebook"]["median_s"] / 2
        + rows["floor_import_great_expectations"]["median_s"]
        + rows["floor_snakemake_noop"]["median_s"]
    )
    found = [
        (
            "noop_rebuild / floor_snakemake_noop",
            rows["noop_rebuild"]["median_s"] / rows["floor_snakemake_noop"]["median_s"],
            1.3,
        ),
        ("cold_build / sum of floors", rows["cold_build"]["median_s"] / floor_sum, 1.5),
    ]
    scaled = sorted(
        (int(k.split("_")[2]), v) for k, v in rows.items() if k.startswith("cold_build_") and k.endswith("_cases")
    )
    if len(scaled) > 1:
        found.append(
            (
                f"cold_build_{scaled[-1][0]}_cases / cold_build_{scaled[0][0]}_cases",
                scaled[-1][1]["median_s"] / scaled[0][1]["median_s"],
                5.0,
            )
        )
    found.append(("peak memory (GiB)", max(r["peak_rss_mib"] for r in rows.values()) / 1024, 2.0))
    return [
        {"ratio": name, "value": round(value, 2), "target_at_most": target, "met": "yes" if value <= target else "no"}
        for name, value, target in found
    ] + [
        {
            "ratio": "sum of floors (s): notebooks x papermill / 2 cores + GX import + snakemake no-op",
            "value": round(floor_sum, 2),
            "target_at_most": "",
            "met": "",
        }
    ]


def rule_rows(builds: list[dict[str, float]]) -> list[dict]:
    """Median time of each rule's job over the cold builds, longest first: a slower build names
    the rule that grew."""
    import statistics

    rules = {rule for times in builds for rule in times}
    medians = {rule: statistics.median(t[rule] for t in builds if rule in t) for rule in rules}
    return [
        {"rule": rule, "median_s": round(seconds, 2), "runs": sum(rule in t for t in builds)}
        for rule, seconds in sorted(medians.items(), key=lambda item: -item[1])
    ]


def figure(rows: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(rows)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(names) + 1.5))
    ax.barh(
        names,
        [rows[n]["median_s"] for n in names],
        color=["#999999" if n.startswith("floor") else "#0072B2" for n in names],
    )
    for i, n in enumerate(names):
        ax.text(rows[n]["median_s"], i, f" {rows[n]['median_s']:.1f} s", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("median wall time (s), 2 cores")
    ax.set_title("Build benchmark: the pipeline (blue) against its floors (grey)", fontsize=10)
    fig.tight_layout()
    from ctcstudy.derive.figures import save

    save(fig, path.with_suffix(""))  # PNG and its SVG twin, which the leak scan reads


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--case-runs", type=int, default=None, help="runs per case count (default: --runs)")
    parser.add_argument("--cases", type=int, nargs="*", default=[3, 30, 300])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = floors(tmp, args.runs) + builds(tmp, args.runs)
        rows += [with_cases(tmp, n, args.case_runs or args.runs) for n in args.cases]
    by_name = {r["measure"]: r for r in rows}
    write(OUT / "build_times.csv", rows)
    write(OUT / "ratios.csv", ratios(by_name))
    write(OUT / "rule_times.csv", rule_rows(RULE_TIMES))
    figure(by_name, ROOT / "results/figures/benchmark.png")
    print("\n\n".join((OUT / name).read_text() for name in ("build_times.csv", "ratios.csv", "rule_times.csv")), end="")


if __name__ == "__main__":
    main()
