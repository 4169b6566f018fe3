"""The replication report (results/replication_report.pdf): what was checked and what was found,
exhibit by exhibit, in the order social-science data editors write theirs: summary, data, data
checks, code, computing environment, findings, what cannot be reproduced.

The build's results are gathered into one JSON file, and workflow/report/replication_report.typ
typesets it with the typst wheel (offline; fonts: matplotlib's DejaVu only, never the system's),
so the same results give the same bytes on any machine.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from collections import Counter
from pathlib import Path

from ctcstudy.configuration.settings import ReplicationReport
from ctcstudy.report.page import read_csv, read_records
from ctcstudy.verify.bases import CROSS_CHECKS, OTHER_BASES, STATUSES, lead_sentence
from ctcstudy.writers import atomic_write, atomic_write_bytes, header_label

ROWS_SHOWN = 40  # rows of a table shown; the rest are counted and pointed to
CELL_CHARACTERS = 160


def classification(claims: list[dict]) -> str:
    """One sentence a data editor would write, from the counts."""
    counts = Counter(c["status"] for c in claims)
    tested = [c for c in claims if c["basis"] in CROSS_CHECKS]
    reproduced = sum(c["status"] == "match" for c in tested)
    verdict = (
        "reproduced"
        if counts["mismatch"] == 0 and counts["not_reproducible"] == 0 and counts["synthetic"] == 0
        else "partially reproduced"
    )
    return (
        f"Classification: {verdict}. Of {len(claims)} published values, {len(tested)} can test the publication "
        f"(cross-checks) and {reproduced} of them match; {counts['mismatch']} mismatch, where the publication "
        f"disagrees with itself; {counts['synthetic']} are regenerated from synthetic records and verify nothing; "
        f"{counts['not_reproducible']} cannot be reproduced from the package. In detail: {lead_sentence(claims)}."
    )


def summary_rows(claims: list[dict]) -> tuple[list[str], list[list[str]]]:
    bases = [*CROSS_CHECKS, *OTHER_BASES]
    rows = [
        [status, *(str(sum(c["status"] == status and c["basis"] == b for c in claims)) for b in bases)]
        + [str(sum(c["status"] == status for c in claims))]
        for status in STATUSES
    ]
    return [*bases, "all"], rows


def datasets(data_files: str | Path) -> list[list[str]]:
    """The dataset list (workflow/data_files.yaml): dataset, file, records, provenance, provided."""
    from ctcstudy.configuration.data_files import load, plain

    return [[plain(c) for c in entry.row()[:5]] for entry in load(data_files)[0]]


def short(text: str) -> str:
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"


def exhibits(registry: list[dict], claims: list[dict], root: Path) -> list[dict]:
    compared = {(c["output"], c["row"], c["column"]): c for c in claims if c["output"]}
    found = []
    for entry in registry:
        path = root / entry["path"]
        exhibit = {"id": entry["id"], "title": entry["title"], "kind": entry["kind"], "path": entry["path"]}
        exhibit["provenance"] = provenance_of(entry["title"])
        if entry["kind"] == "table":
            header, body = read_csv(path)
            exhibit["header"] = [header_label(h) for h in header]
            exhibit["rows"] = [
                [cell(value, compared.get((entry["id"], row[0], header[j]))) for j, value in enumerate(row)]
                for row in body[:ROWS_SHOWN]
            ]
            exhibit["more"] = max(0, len(body) - ROWS_SHOWN)
        elif entry["kind"] == "figure":
            exhibit["svg"] = "/" + str(Path(entry["path"]).with_suffix(".svg"))
        else:
            count = len(list(path.glob("*.md"))) if path.is_dir() else 0
            exhibit["note"] = (
                f"{count} case pages in {entry['path']}/ (Markdown), each case's facts with their sources."
            )
        found.append(exhibit)
    return found


def provenance_of(title: str) -> str:
    from ctcstudy.provenance import split_title

    _, cases = split_title(title)
    if cases is None:
        return "computed from derived or published records"
    return f"computed from synthetic records ({cases})" if cases else "computed from synthetic records"


def cell(value: str, claim: dict | None) -> dict:
    if claim is None:
        return {"text": short(value), "status": "", "claim": ""}
    return {"text": short(value), "status": claim["status"], "claim": claim["claim_id"]}


def rules_table(registry: list[dict], edges: list[list[str]]) -> list[list[str]]:
    by_rule: dict[str, list[dict]] = {}
    for entry in registry:
        by_rule.setdefault(entry["rule"], []).append(entry)
    rules = sorted({r for edge in edges for r in edge} | set(by_rule))
    return [
        [
            rule,
            ", ".join(sorted({e["notebook"] for e in by_rule.get(rule, [])})) or "-",
            ", ".join(e["id"] for e in by_rule.get(rule, [])) or "-",
        ]
        for rule in rules
        if rule != "all"
    ]


def environment() -> list[str]:
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f", {kib / 2**20:.0f} GiB of memory"
    except (OSError, TypeError):
        pass
    return [
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.system()} {platform.machine()}",
        f"{os.cpu_count()} CPU cores{memory}",
        "Every package pinned in requirements.lock (set up by `make setup`); the direct dependencies below.",
    ]


def packages(pyproject: str | Path, lock: str | Path) -> list[list[str]]:
    wanted = re.findall(r'^\s*"([A-Za-z0-9_.-]+)[<>=!~ ;]', Path(pyproject).read_text(encoding="utf-8"), re.M)
    pinned = dict(line.split("==", 1) for line in Path(lock).read_text(encoding="utf-8").splitlines() if "==" in line)
    folded = {k.lower().replace("_", "-"): (k, v) for k, v in pinned.items()}
    return [list(folded[w.lower().replace("_", "-")]) for w in wanted if w.lower().replace("_", "-") in folded]


def times(benchmark: str | None) -> tuple[str, list[list[str]]]:
    if benchmark and Path(benchmark).is_file():
        rows = read_records(Path(benchmark))
        note = (
            "Measured on this machine by workflow/scripts/bench.py (medians; each build's own times are in "
            "logs/timings/, left out here so that two builds give the same report):"
        )
        return note, [[r["measure"], r["median_s"], r["runs"]] for r in rows]
    return (
        "Build times: run workflow/scripts/bench.py to measure them on this machine (each build's own times are "
        "in logs/timings/, left out here so that two builds give the same report).",
        [],
    )


def gather(s: ReplicationReport, edges_file: str) -> dict:
    from ctcstudy.configuration.caselist import load_yaml

    claims = read_records(Path(s.claims))
    registry = load_yaml(s.registry)["outputs"]
    bases, summary = summary_rows(claims)
    validation = [
        [p.stem, f"{r['statistics']['successful_expectations']}/{r['statistics']['evaluated_expectations']}"]
        for p in sorted(Path(s.validation).glob("*.json"))
        for r in [json.loads(p.read_text(encoding="utf-8"))]
    ]
    note, measured = times(s.benchmark)
    synthetic = sum(c["basis"] == "synthetic" for c in claims)
    return {
        "title": s.study,
        "subtitle": "Built by `make build` from the package's records; every number here is read from that build's outputs.",
        "classification": classification(claims),
        "bases": bases,
        "summary_rows": summary,
        "mismatches": [
            {k: c[k] for k in ("claim_id", "published", "regenerated", "citation", "note")}
            for c in claims
            if c["status"] == "mismatch"
        ],
        "synthetic_note": (
            f"{synthetic} values rest on synthetic records, generated reproducibly (a fixed random state) and calibrated to the published "
            "aggregates where the original records are confidential: they show that the method runs, not that the "
            "findings hold."
        ),
        "datasets": datasets(s.data_files),
        "checks": [
            f"Raw data: {Path(s.manifest).read_text(encoding='utf-8').strip()} (checked before anything is read).",
            f"Validation: {len(validation)} tidy datasets checked by great-expectations suites before anything is "
            "derived; the build stops on any failed expectation.",
            "Leak scan: after this report is written, every file under results/ and data/processed/ (this report "
            "included) is scanned for restricted names and for coded quotes next to a case name; a hit fails the "
            "build (results/leak_scan.txt).",
        ],
        "validation": validation,
        "code_intro": (
            "One Snakemake workflow (Snakefile, workflow/rules/*.smk); the notebooks run through papermill and call "
            "the package ctcstudy (workflow/src/ctcstudy). Rules and what they make:"
        ),
        "rules": rules_table(registry, json.loads(Path(edges_file).read_text(encoding="utf-8"))),
        "environment": environment(),
        "packages": packages(s.pyproject, s.lock),
        "times_note": note,
        "times": measured,
        "exhibits": exhibits(registry, claims, Path(".")),
        "not_reproducible": [
            [c["claim_id"], c["published"], " ".join(x for x in (c["basis_why"], c["note"]) if x)]
            for c in claims
            if c["status"] == "not_reproducible"
        ],
    }


def fonts() -> list[str]:
    """matplotlib's own DejaVu fonts: the same glyphs on every machine, none of the system's."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts/ttf")]


def write(s: ReplicationReport, edges_file: str) -> None:
    """Gather, typeset, and write the PDF whole (or nothing)."""
    import typst

    atomic_write(s.data, json.dumps(gather(s, edges_file), indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    pdf = typst.compile(
        s.template,
        root=str(Path(".").resolve()),
        font_paths=fonts(),
        ignore_system_fonts=True,
        sys_inputs={"data": "/" + s.data},
    )
    atomic_write_bytes(s.out, pdf)
    print(f"{s.out}: replication report, {len(pdf):,} bytes")
