"""Manuscript check benchmark: a 30-page Word paper with 10 tables through check-manuscript.

Writes a .docx of about 30 pages (300 paragraphs of about 100 words, each with numbers, some tied
to claims) and 10 tables copied from the package's regenerated tables, then times the whole
command (interpreter start, reading, checking, writing) against the current build.
Target: under 5 s. Run after `make build`.

Usage: .venv/bin/python workflow/scripts/bench_manuscript.py [--runs 3]
Writes results/benchmarks/manuscript_check.csv.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from pathlib import Path

from ctcstudy.tools import benchmark

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    "table1_ngo_types",
    "table2_member_types",
    "table3_partner_types",
    "coalition_structure",
    "interview_overview",
    "panel_activity_prevalence",
    "panel_coalition_trend",
    "panel_balance",
    "case_selection",
    "panel_sector_activity",
]
SENTENCES = [
    "Covenant Alliance counted {n} member organizations in the year of the questionnaire.",
    "Across the panel, {p}% of organizations reported coalition building in 2008, and about two-thirds overall.",
    "We interviewed seven leaders, two or three per coalition, over {n} weeks of fieldwork.",
    "The study drew on more than {n} documents and nearly {m} pages of minutes and reports.",
    "Sector Bridge had operated for {k} years and counted 49 member organizations.",
]


def paper(path: Path) -> None:
    import docx

    document = docx.Document()
    for i in range(300):
        words = " ".join(
            SENTENCES[(i + j) % len(SENTENCES)].format(n=i % 90 + 3, p=60 + i % 30, m=i * 7, k=i % 12) for j in range(6)
        )
        document.add_paragraph(words)
        if i % 30 == 29:
            output = TABLES[i // 30]
            with (ROOT / f"results/tables/{output}.csv").open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            title = next(
                e
                for e in __import__("yaml").safe_load((ROOT / "workflow/registry.yaml").read_text())["outputs"]
                if e["id"] == output
            )["title"]
            document.add_paragraph(title)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.docx"
        paper(path)
        command = [sys.executable, "-m", "ctcstudy", "check-manuscript", str(path), "--out-dir", tmp]
        results = [
            benchmark.run(command, ROOT, label=f"30-page paper, 10 tables, run {i + 1}/{args.runs}")
            for i in range(args.runs)
        ]
        findings = (Path(tmp) / "paper.csv").read_text(encoding="utf-8").count("\n") - 1
    times = [t for t, _ in results]
    out = ROOT / "results/benchmarks/manuscript_check.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["paragraphs", "tables", "findings", "runs", "median_s", "max_s", "peak_rss_mib"])
        writer.writerow(
            [
                300,
                len(TABLES),
                findings,
                len(times),
                f"{statistics.median(times):.2f}",
                f"{max(times):.2f}",
                round(max(m for _, m in results) / 2**20),
            ]
        )
    print(out.read_text(), end="")


if __name__ == "__main__":
    main()
