"""Manuscripts written for the tests of check-manuscript, in the four formats it reads.

Values are taken from the build they are checked against (its claims and tables), so no
published value is typed here; a value meant to differ is the build's value changed.

- Word: what Word itself saves, imitated with python-docx plus the XML Word writes that
  python-docx does not: a number split across two runs (Word splits runs at every edit), a tracked
  insertion beside a tracked deletion, a footnotes part, no-break spaces.
- LaTeX: a paper using the package's numbers macros and \\input of a package table, with one
  table typed by hand.
- Markdown: Pandoc-style, with a pipe table typed with rows and columns swapped.
- PDF: the Markdown paper's text and Table 1 set with Typst (the typst wheel, offline).
"""

from __future__ import annotations

import csv
from pathlib import Path

WORDS = {7: "seven", 8: "eight", 9: "nine", 3: "three"}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def claims(project: Path) -> dict[str, dict]:
    with (project / "results/verification/claims.csv").open(encoding="utf-8", newline="") as handle:
        return {row["claim_id"]: row for row in csv.DictReader(handle)}


def table(project: Path, output: str) -> list[list[str]]:
    with (project / f"results/tables/{output}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def value(project: Path, claim_id: str) -> str:
    return claims(project)[claim_id]["regenerated"]


def changed_mark(mark: str) -> str:
    return "M & P" if mark != "M & P" else "M"


def word_docx(project: Path, path: Path, differing_cell: tuple[int, int] = (3, 3)) -> Path:
    """Table 1 as a Word table with one cell changed; a share in the text that differs."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    members_ca = value(project, "S.member_organizations.CA")
    members_sb = value(project, "S.member_organizations.SB")
    share_2008 = round(float(value(project, "P.coalition_building.2008")))
    document = docx.Document()
    document.add_heading("Coalitions against trafficking", level=1)
    interviewed = WORDS[int(value(project, "N.leaders_interviewed"))]
    document.add_paragraph(f"We interviewed {interviewed} leaders across the coalitions.")
    split = document.add_paragraph("Covenant Alliance counted ")
    split.add_run(members_ca[:1])  # Word splits a number across runs after an edit
    split.add_run(members_ca[1:])
    split.add_run(f" member organizations and Sector Bridge {members_sb}\u00a0member organizations.")
    tracked = document.add_paragraph("Coalition building was reported by ")
    tracked._p.append(
        parse_xml(f'<w:del {W} w:id="1" w:author="A"><w:r><w:delText>{share_2008}%</w:delText></w:r></w:del>')
    )
    tracked._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="A"><w:r><w:t>{share_2008 + 4}%</w:t></w:r></w:ins>'))
    tracked.add_run(" of panel organizations in 2008.")
    document.add_paragraph("The study drew on 12 coded interviews.")
    document.add_paragraph("Table 1: types of NGOs among members (M) and partners (P)")
    rows = table(project, "table1_ngo_types")
    rows[0][0] = "Type of NGO"
    word_table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            typed = changed_mark(cell) if (i, j) == differing_cell else cell
            word_table.cell(i, j).text = typed
    years = value(project, "S.years_operating.CN").lstrip(">")
    notes = (
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Community Nexus had '
        f"operated for more than {years} years.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(path)
    return path


def latex(project: Path, path: Path) -> Path:
    """Macros for the values, \\input for Table 1, Table 3 typed by hand (copied exactly)."""
    rows = table(project, "table3_partner_types")
    body = "\n".join(" & ".join(c.replace("&", "\\&") for c in row) + r" \\" for row in rows[1:])
    path.write_text(
        "\n".join(
            [
                r"\documentclass{article}",
                r"\usepackage[utf8]{inputenc}",
                r"\input{results/numbers/numbers}",
                r"\begin{document}",
                r"We interviewed \ctcnum{N.leaders_interviewed} leaders (Table~\ref{tab:table1_ngo_types}).",
                f"Covenant Alliance counted {value(project, 'S.member_organizations.CA')} member organizations. % typed",
                r"\input{results/tables/table1_ngo_types}",
                r"\begin{table}[htbp]",
                r"\caption{Table 3: types of external partner organizations}",
                r"\begin{tabular}{llll}",
                r"\toprule",
                r"Coalition & NGO types & Business & Government \\",
                r"\midrule",
                body,
                r"\bottomrule",
                r"\end{tabular}",
                r"\end{table}",
                r"A value of no claim: \ctcnum{N.no_such_claim}.",
                r"\end{document}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def markdown(project: Path, path: Path) -> Path:
    """Text and Table 2 with rows and columns swapped, one cell changed."""
    rows = table(project, "table2_member_types")
    swapped = [list(column) for column in zip(*rows, strict=True)]
    swapped[0][0] = "Member type"
    swapped[1][0] = "NGO types"
    swapped[1][1] = str(int(swapped[1][1]) + 1)  # Covenant Alliance's count of NGO types, changed
    lines = [
        "# Coalitions against trafficking",
        "",
        f"1. {WORDS[int(value(project, 'N.leaders_interviewed'))].capitalize()} leaders were interviewed.",
        f"2. The panel spans {WORDS[int(value(project, 'P.sectors'))]} sectors.",
        "",
        "Table 2: types of member organizations",
        "",
        "| " + " | ".join(swapped[0]) + " |",
        "|" + "---|" * len(swapped[0]),
        *("| " + " | ".join(row) + " |" for row in swapped[1:]),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def pdf(project: Path, path: Path) -> Path:
    """Typst's PDF of a short paper: a sentence and Table 1, set wide so no row wraps."""
    import typst

    rows = table(project, "table1_ngo_types")
    rows[0][0] = "Type of NGO"
    cells = ", ".join(f"[{escape(c)}]" for row in rows for c in row)
    source = path.with_suffix(".typ")
    source.write_text(
        "#set page(width: 34cm, height: auto, margin: 1cm)\n#set text(size: 9pt)\n"
        f"Covenant Alliance counted {value(project, 'S.member_organizations.CA')} member organizations.\n\n"
        f"Table 1: types of NGOs\n\n#table(columns: {len(rows[0])}, {cells})\n",
        encoding="utf-8",
    )
    typst.compile(str(source), output=str(path))
    return path


def escape(text: str) -> str:
    for char in "\\#[]*_$@<>`":
        text = text.replace(char, "\\" + char)
    return text
