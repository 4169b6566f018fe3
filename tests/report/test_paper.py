"""The replication report, the manuscript kit and the author's paper built by the DAG."""

import csv
import re
import subprocess
import sys

import docx
from conftest import snakemake

from ctcstudy.readers.manuscripts import read
from ctcstudy.verify.manuscript import check, load_build

SECTIONS = [
    "1. Summary",
    "2. Data description",
    "3. Data checks",
    "4. Code description",
    "5. Computing environment",
    "6. Findings, exhibit by exhibit",
    "7. Values that cannot be reproduced",
]


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def claims(project) -> list[dict]:
    with (project / "results/verification/claims.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "ctcstudy", *args], cwd=project, capture_output=True, text=True)


def test_replication_report_has_every_section_both_mismatches_and_its_classification(built):
    text = pdf_text(built / "results/replication_report.pdf")
    flat = " ".join(text.split())
    assert [s for s in SECTIONS if s not in text] == []
    mismatches = [c["claim_id"] for c in claims(built) if c["status"] == "mismatch"]
    assert len(mismatches) == 2 and all(m in flat for m in mismatches)
    total = len(claims(built))
    assert f"Classification: partially reproduced. Of {total} published values," in flat
    assert "seed" not in flat.lower()
    import pypdf

    reader = pypdf.PdfReader(built / "results/replication_report.pdf")
    assert sum(len(page.images) for page in reader.pages) == 0  # the figures are vector graphics
    assert reader.metadata.get("/CreationDate") is None


def test_two_builds_give_the_same_replication_report(rebuilt):
    first = (rebuilt / "results/replication_report.pdf").read_bytes()
    again = snakemake(rebuilt, "--forcerun", "replication_report")
    assert again.returncode == 0, again.stderr[-2000:]
    assert (rebuilt / "results/replication_report.pdf").read_bytes() == first


def test_every_word_table_holds_its_csv_cells(built):
    for table in sorted((built / "results/tables").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        shown = [[c.text for c in r.cells] for r in docx.Document(table.with_suffix(".docx")).tables[0].rows]
        assert shown[1:] == rows[1:], table.name
        assert len(shown[0]) == len(rows[0])


def test_word_starter_quotes_values_and_tables_the_check_agrees_with(built, tmp_path):
    made = run(built, "new-manuscript", "--engine", "docx", "--out", str(tmp_path / "word"))
    assert made.returncode == 0, made.stderr
    findings = check(read(tmp_path / "word/paper.docx"), load_build(built))
    by_status = {s: [f for f in findings if f.status == s] for s in ("differs", "agrees")}
    assert by_status["differs"] == []
    quoted = {f.claim_id for f in by_status["agrees"] if not f.claim_id.startswith("T")}
    assert {"N.leaders_interviewed", "S.member_organizations.CA", "P.coalition_building.2008"} <= quoted
    assert {f.output for f in by_status["agrees"]} >= {
        "table1_ngo_types",
        "table2_member_types",
        "table3_partner_types",
    }
    fields = " ".join(docx.Document(tmp_path / "word/paper.docx").element.body.itertext())
    assert "MERGEFIELD S_member_organizations_CA" in fields
    header = (built / "results/numbers/mail_merge.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "S_member_organizations_CA" in header.split(",")
    again = run(built, "new-manuscript", "--engine", "docx", "--out", str(tmp_path / "word"))
    assert again.returncode == 1 and "exists already" in again.stderr


def test_latex_and_typst_starters_build_follow_a_changed_record_and_keep_their_pdf_otherwise(rebuilt):
    for engine, folder in (("latex", "paper_latex"), ("typst", "paper_typst")):
        made = run(rebuilt, "new-manuscript", "--engine", engine, "--out", folder)
        assert made.returncode == 0, made.stderr
    (rebuilt / "paper_typst/paper.typ").rename(rebuilt / "paper_typst/supplement.typ")
    config = rebuilt / "config/config.yaml"
    papers = "[paper_latex/paper.tex, paper_typst/supplement.typ]"
    config.write_text(config.read_text(encoding="utf-8").replace("  file: []", f"  file: {papers}"))
    build = snakemake(rebuilt)
    assert build.returncode == 0, build.stderr[-3000:]
    members = next(c["regenerated"] for c in claims(rebuilt) if c["claim_id"] == "S.member_organizations.CA")
    for pdf in ("paper", "supplement"):
        text = " ".join(pdf_text(rebuilt / f"results/paper/{pdf}.pdf").split())
        assert re.search(rf"Covenant Alliance counted {members}\S? member organizations", text), text[:600]
        assert "Migrant worker assistance" in text  # Table 1
    check_md = (rebuilt / "results/manuscript_check/paper.md").read_text(encoding="utf-8")
    assert "0 differs" in check_md and "linked" in check_md

    import pyreadstat

    questionnaire = rebuilt / "data/raw/questionnaire/leader_questionnaire.sav"
    frame, meta = pyreadstat.read_sav(str(questionnaire), user_missing=True)
    row = frame.index[frame["coalition"] == "Covenant Alliance"][0]
    frame.loc[row, "member_organizations"] = float(members) + 1
    pyreadstat.write_sav(
        frame,
        str(questionnaire),
        column_labels=meta.column_names_to_labels,
        variable_value_labels=meta.variable_value_labels,
        missing_ranges=meta.missing_ranges,
    )
    assert run(rebuilt, "manifest", "--write").returncode == 0
    changed = snakemake(rebuilt)
    assert changed.returncode == 0, changed.stderr[-3000:]
    for pdf in ("paper", "supplement"):
        text = " ".join(pdf_text(rebuilt / f"results/paper/{pdf}.pdf").split())
        assert re.search(rf"Covenant Alliance counted {int(members) + 1}\S? member organizations", text), text[:600]

    before = (rebuilt / "results/paper/paper.pdf").read_bytes()
    timeline = rebuilt / "data/raw/samaj/timeline.csv"  # the Samaj timeline: no table or value the paper uses
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("starts prevention work", "begins prevention work"), encoding="utf-8")
    assert run(rebuilt, "manifest", "--write").returncode == 0
    unrelated = snakemake(rebuilt)
    assert unrelated.returncode == 0, unrelated.stderr[-3000:]
    log = (rebuilt / "logs/paper/paper.log").read_text(encoding="utf-8")
    assert "paper_latex/paper.tex: nothing it uses changed; its last PDF kept" in log  # verify ran again, the paper not
    assert (rebuilt / "results/paper/paper.pdf").read_bytes() == before


def test_a_paper_naming_an_unknown_value_is_refused_naming_file_and_line(rebuilt):
    paper = rebuilt / "draft.tex"
    paper.write_text(
        "\\documentclass{article}\n\\usepackage{ctcstudy}\n\\begin{document}\n\\ctcnum{N.no_such}\n\\end{document}\n"
    )
    config = rebuilt / "config/config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  file: []", "  file: draft.tex"))
    build = snakemake(rebuilt)
    assert build.returncode != 0
    assert "draft.tex:4: \\ctcnum{N.no_such}: no claim of that id in results/numbers/numbers.csv" in build.stderr


def test_no_output_speaks_of_seeds(built):
    """A random generator's seed is a detail of the code: outputs say "fixed random state"."""
    texts = [p for d in ("results", "data/processed") for p in (built / d).rglob("*") if p.is_file()]
    readable = [
        p for p in texts if p.suffix in (".csv", ".md", ".tex", ".html", ".json", ".typ", ".sty", ".txt", ".svg")
    ]
    assert [p.name for p in readable if "seed" in p.read_text(encoding="utf-8", errors="replace").lower()] == []
    pdfs = [p for p in texts if p.suffix == ".pdf"]
    assert [p.name for p in pdfs if "seed" in pdf_text(p).lower()] == []
