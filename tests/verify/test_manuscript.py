"""check-manuscript on papers written for the tests (tests/manuscripts.py) in the four formats:
the exact classification of every number and table cell, against a built project."""

import json
import subprocess
import sys

import manuscripts
import pytest

from ctcstudy.readers.manuscripts import read
from ctcstudy.verify.manuscript import check, load_build


@pytest.fixture(scope="module")
def build(built):
    return load_build(built)


def found(paper, build):
    return [(f.status, f.location, f.text, f.claim_id or f.output) for f in check(read(paper), build)]


def cell_claim(project, output, row, column):
    rows = manuscripts.claims(project).values()
    return next(c["claim_id"] for c in rows if (c["output"], c["row"], c["column"]) == (output, row, column))


def table_cells(project, output, location, header, differing=None, swapped=False):
    """The expected finding of every cell of a package table typed whole: agrees, or differs at one cell."""
    rows = manuscripts.table(project, output)
    shown = {}
    for i, row in enumerate(rows[1:], 1):
        for j, column in enumerate(rows[0][1:], 1):
            typed = manuscripts.changed_mark(row[j]) if (i, j) == differing else row[j]
            status = "differs" if (i, j) == differing else "agrees"
            if swapped:
                where = f"{location}, column {i + 1} ({row[0]}), row {j + 1} ({header.get(column, column)})"
            else:
                where = f"{location}, row {i + 1} ({row[0]}), column {j + 1} ({header.get(column, column)})"
            shown[(i, j)] = (status, where, typed or "(empty)", cell_claim(project, output, row[0], column))
    return shown


def test_word_table_cell_and_share_that_differ_are_found_and_nothing_else(built, build, tmp_path):
    paper = manuscripts.word_docx(built, tmp_path / "paper.docx", differing_cell=(3, 3))
    cells = table_cells(built, "table1_ngo_types", "table 1", {}, differing=(3, 3))
    share = round(float(manuscripts.value(built, "P.coalition_building.2008"))) + 4
    members_ca = manuscripts.value(built, "S.member_organizations.CA")
    members_sb = manuscripts.value(built, "S.member_organizations.SB")
    years = manuscripts.value(built, "S.years_operating.CN").lstrip(">")
    assert found(paper, build) == [
        cells[(3, 3)],
        ("differs", "paragraph 4", f"{share}%", "P.coalition_building.2008"),  # the tracked insertion, not the deletion
        *[c for k, c in cells.items() if k != (3, 3)],
        ("agrees", "paragraph 2", "seven", "N.leaders_interviewed"),
        ("agrees", "paragraph 3", members_ca, "S.member_organizations.CA"),  # typed in two runs
        ("agrees", "paragraph 3", members_sb, "S.member_organizations.SB"),
        ("agrees", "footnote 1", f"more than {years}", "S.years_operating.CN"),
        ("unverified", "paragraph 5", "12", ""),
    ]
    assert cells[(3, 3)][1:3] == ("table 1, row 4 (Human rights), column 4 (Sector Bridge)", "M & P")


def test_latex_links_macros_and_tables_and_names_the_macro_for_a_typed_value(built, build, tmp_path):
    paper = manuscripts.latex(built, tmp_path / "paper.tex")
    header = {"ngo_types": "NGO types", "business": "Business", "government": "Government"}
    cells = table_cells(built, "table3_partner_types", "table 1 (line 10)", header)
    findings = check(read(paper), build)
    assert [(f.status, f.location, f.text, f.claim_id or f.output) for f in findings] == [
        *cells.values(),
        ("agrees", "line 6", manuscripts.value(built, "S.member_organizations.CA"), "S.member_organizations.CA"),
        ("linked", "line 5", r"\ctcnum{N.leaders_interviewed}", "N.leaders_interviewed"),
        ("linked", "line 7", r"\input{results/tables/table1_ngo_types}", "table1_ngo_types"),
        ("unverified", "line 20", r"\ctcnum{N.no_such_claim}", ""),
    ]
    links = {f.text: f.link for f in findings if f.status == "agrees"}
    assert links[manuscripts.value(built, "S.member_organizations.CA")] == r"\ctcnum{S.member_organizations.CA}"
    assert set(links.values()) == {
        r"\ctcnum{S.member_organizations.CA}",
        r"\input{results/tables/table3_partner_types}",
    }


def test_markdown_table_with_rows_and_columns_swapped_is_matched_and_its_changed_count_differs(built, build, tmp_path):
    paper = manuscripts.markdown(built, tmp_path / "paper.md")
    header = {"ngo_types": "NGO types"}
    cells = table_cells(built, "table2_member_types", "table 1 (line 8)", header, swapped=True)
    changed = cells[(1, 1)]
    cells[(1, 1)] = ("differs", changed[1], str(int(changed[2]) + 1), changed[3])
    assert found(paper, build) == [
        cells[(1, 1)],
        *[c for k, c in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1])) if k != (1, 1)],
        ("agrees", "line 3", "Seven", "N.leaders_interviewed"),  # the list's own "1." is no value
        ("agrees", "line 4", "nine", "P.sectors"),
    ]


def test_pdf_rows_are_read_where_every_cell_shows_and_the_others_are_named_for_a_check_by_eye(built, build, tmp_path):
    paper = manuscripts.pdf(built, tmp_path / "paper.pdf")
    rows = manuscripts.table(built, "table1_ngo_types")
    full = [(i, r) for i, r in enumerate(rows[1:], 1) if all(r[1:])]
    gaps = [(i, r) for i, r in enumerate(rows[1:], 1) if not all(r[1:])]
    cells = [
        (
            "agrees",
            f"page 1, line {i + 3} ({r[0]}), column {j + 1} ({rows[0][j]})",
            r[j],
            cell_claim(built, "table1_ngo_types", r[0], rows[0][j]),
        )
        for i, r in full
        for j in range(1, 4)
    ]
    unread = [
        ("unverified", f"page 1, line {i + 3}", " ".join([r[0], *[c for c in r[1:] if c]]), "table1_ngo_types")
        for i, r in gaps
    ]
    assert gaps and found(paper, build) == [
        *cells,
        (
            "agrees",
            "page 1, line 1",
            manuscripts.value(built, "S.member_organizations.CA"),
            "S.member_organizations.CA",
        ),
        *unread,
    ]


def test_a_manuscript_copying_every_regenerated_table_has_nothing_that_differs(built, build, tmp_path):
    paper = tmp_path / "tables.md"
    paper.write_text(
        "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((built / "results/tables").glob("*.md")))
    )
    findings = check(read(paper), build)
    assert [f for f in findings if f.status == "differs"] == []
    assert sum(f.status == "agrees" for f in findings) > 1000


def test_a_bare_number_equal_to_a_claims_value_is_never_called_agrees(build, tmp_path):
    paper = tmp_path / "bare.md"
    value = next(c.regenerated for c in build.claims if c.claim_id == "S.member_organizations.CA")
    paper.write_text(f"The report ran to {value} pages and cited {value} sources.\n", encoding="utf-8")
    assert [(f.status, f.text, f.claim_id) for f in check(read(paper), build)] == [
        ("unverified", value, ""),
        ("unverified", value, ""),
    ]


def test_command_writes_csv_and_markdown_prints_json_and_strict_fails_on_a_difference(built, tmp_path):
    paper = manuscripts.word_docx(built, tmp_path / "paper.docx")
    command = [sys.executable, "-m", "ctcstudy", "check-manuscript", str(paper), "--out-dir", str(tmp_path / "out")]
    run = subprocess.run([*command, "--json"], cwd=built, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    findings = json.loads(run.stdout)
    assert {"location", "text", "status", "claim_id", "regenerated", "evidence"} <= set(findings[0])
    assert [f["status"] for f in findings[:2]] == ["differs", "differs"]
    assert (
        "table matched by 10 of 10 row labels and 3 of 3 column labels of table1_ngo_types" in findings[0]["evidence"]
    )
    table = (tmp_path / "out/paper.csv").read_text(encoding="utf-8").splitlines()
    assert table[0] == "status,location,text,claim_id,output,regenerated,basis,evidence,link"
    assert table[1].startswith("differs,")
    summary = (tmp_path / "out/paper.md").read_text(encoding="utf-8")
    assert "2 differs, 33 agrees, 0 linked, 1 unverified" in summary
    assert "regenerated from synthetic records" in summary and "## Claims found nowhere in the manuscript" in summary
    strict = subprocess.run([*command, "--strict"], cwd=built, capture_output=True, text=True)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[1].startswith(f"ERROR: {paper}: paragraph 4: ")


def test_a_paper_listed_in_the_config_is_checked_by_the_build_and_shown_in_the_report(rebuilt):
    from conftest import snakemake

    manuscripts.markdown(rebuilt, rebuilt / "paper.md")
    config = rebuilt / "config/config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("manuscripts: []", "manuscripts: [paper.md]"))
    run = snakemake(rebuilt)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = (rebuilt / "results/manuscript_check/paper.md").read_text(encoding="utf-8")
    assert "1 differs, 10 agrees, 0 linked, 0 unverified" in summary
    report = (rebuilt / "results/report.html").read_text(encoding="utf-8")
    assert "<h2>Manuscript check: paper.md</h2>" in report and "T2.ngo_types.CA" in report
    (rebuilt / "paper.txt").write_text("x", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("[paper.md]", "[paper.md, paper.txt]"))
    twice = snakemake(rebuilt)
    assert twice.returncode != 0
    assert (
        "config/config.yaml: field manuscripts: paper.md and paper.txt would write the same "
        "results/manuscript_check/paper.*; rename one" in twice.stderr
    )
