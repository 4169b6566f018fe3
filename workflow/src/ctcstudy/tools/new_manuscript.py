"""new-manuscript: a starter paper that takes Tables 1-3, a figure and five numbers (one of them in
a caption) from the build, in LaTeX, Typst or Word. Never overwrites a file."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.errors import InputError

QUOTED = [  # the five values the starter quotes, by claim id (results/numbers/numbers.csv)
    "N.leaders_interviewed",
    "N.leaders_per_coalition",
    "S.member_organizations.CA",
    "P.coalition_building.2008",
    "P.coalition_building.2011",
]
TABLES = ["table1_ngo_types", "table2_member_types", "table3_partner_types"]
FIGURE = "fig1_membership_matrix"
TITLE = "Cross-sector coalitions against human trafficking"

LATEX = r"""% A starter paper: its tables, figure and numbers come from the pipeline's build.
% Build it: in config/config.yaml set  manuscript: {file: PAPER}  and run snakemake; the PDF is
% results/paper/STEM.pdf and its check results/manuscript_check/STEM.md. [final] instead of [draft]
% prints the values clean (draft: each links to its row in the report; synthetic values carry a
% dagger, mismatches a bold !).
\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=2.5cm]{geometry}
\usepackage[draft]{ctcstudy}
\title{TITLE}
\author{}
\date{}
\begin{document}
\maketitle

\section{Cases and data}
We interviewed \ctcnum{N.leaders_interviewed} coalition leaders, \ctcnum{N.leaders_per_coalition} per
coalition. Covenant Alliance counted \ctcnum{S.member_organizations.CA} member organizations. In the
panel of anti-trafficking organizations, \ctcnum{P.coalition_building.2008}\,\% claimed coalition
building in 2008 and \ctcnum{P.coalition_building.2011}\,\% in 2011.

\section{Findings}
Tables~\ref{tab:table1_ngo_types} to~\ref{tab:table3_partner_types} compare the coalitions.

\ctctable{table1_ngo_types}
\ctctable{table2_member_types}
\ctctable{table3_partner_types}

\begin{figure}[htbp]
\centering
\ctcfigure{FIGURE}
\caption{Members and partners by type of NGO, from the answers of the leaders
(\ctcnum{N.leaders_interviewed} interviewed).}
\end{figure}
\end{document}
"""

TYPST = """// A starter paper: its tables, figure and numbers come from the pipeline's build.
// Build it: in config/config.yaml set  manuscript: {file: PAPER}  and run snakemake; the PDF is
// results/paper/STEM.pdf and its check results/manuscript_check/STEM.md. Uncomment the
// ctc-final line to print the values clean (draft: each links to its row in the report;
// synthetic values carry a dagger, mismatches a bold !).
#import "/results/numbers/ctcstudy.typ": ctcnum, ctctable, ctcfigure, ctc-final
// #ctc-final.update(true)
#set document(title: "TITLE", date: none)
#set page(paper: "a4", margin: 2.5cm)
#set text(size: 11pt)
#set heading(numbering: "1.")

#align(center, text(size: 16pt)[*TITLE*])

= Cases and data
We interviewed #ctcnum("N.leaders_interviewed") coalition leaders, #ctcnum("N.leaders_per_coalition") per
coalition. Covenant Alliance counted #ctcnum("S.member_organizations.CA") member organizations. In the
panel of anti-trafficking organizations, #ctcnum("P.coalition_building.2008")% claimed coalition
building in 2008 and #ctcnum("P.coalition_building.2011")% in 2011.

= Findings
#ctctable("table1_ngo_types")
#ctctable("table2_member_types")
#ctctable("table3_partner_types")
#ctcfigure("FIGURE", caption: [Members and partners by type of NGO, from the answers of the leaders
(#ctcnum("N.leaders_interviewed") interviewed).])
"""


def write(engine: str, folder: Path) -> list[str]:
    """Write the starter; returns what it did and what to do next, one line each."""
    numbers = Path("results/numbers/numbers.csv")
    if not numbers.is_file():
        raise InputError(numbers, "not built yet: run `make build` first (the starter takes its values from the build)")
    suffix = {"latex": ".tex", "typst": ".typ", "docx": ".docx"}[engine]
    paper = folder / f"paper{suffix}"
    if paper.exists():
        raise InputError(paper, "exists already; give another --out folder (a starter never overwrites a paper)")
    folder.mkdir(parents=True, exist_ok=True)
    if engine == "docx":
        word(paper)
        return [
            f"{paper}: Tables 1-3, {FIGURE} and five numbers as mail-merge fields (results/numbers/mail_merge.csv)",
            f"check it against the build: make check-manuscript FILE={paper}",
        ]
    template = LATEX if engine == "latex" else TYPST
    text = template.replace("PAPER", paper.as_posix()).replace("STEM", paper.stem)
    paper.write_text(text.replace("TITLE", TITLE).replace("FIGURE", FIGURE), encoding="utf-8")
    return [
        f"{paper}: Tables 1-3, {FIGURE} and five numbers from the build",
        f"build it: set  manuscript: {{file: {paper.as_posix()}}}  in config/config.yaml, then snakemake "
        f"(results/paper/{paper.stem}.pdf)",
    ]


def word(paper: Path) -> None:
    """A Word starter: the numbers as MERGEFIELDs showing their current values (Mailings > Select
    Recipients > results/numbers/mail_merge.csv updates them), the tables copied from
    results/tables/<id>.docx, the figure as its 300 dpi PNG."""
    import copy
    import csv

    import docx
    from docx.shared import Cm

    with open("results/numbers/numbers.csv", encoding="utf-8", newline="") as handle:
        values = {row["claim_id"]: row["value"] for row in csv.DictReader(handle)}
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_heading("Cases and data", level=2)
    sentence = document.add_paragraph("We interviewed ")
    merge(sentence, "N.leaders_interviewed", values)
    sentence.add_run(" coalition leaders, ")
    merge(sentence, "N.leaders_per_coalition", values)
    sentence.add_run(" per coalition. Covenant Alliance counted ")
    merge(sentence, "S.member_organizations.CA", values)
    sentence.add_run(" member organizations. In the panel of anti-trafficking organizations, ")
    merge(sentence, "P.coalition_building.2008", values)
    sentence.add_run("% claimed coalition building in 2008 and ")
    merge(sentence, "P.coalition_building.2011", values)
    sentence.add_run("% in 2011.")
    document.add_heading("Findings", level=2)
    for table in TABLES:
        source = docx.Document(f"results/tables/{table}.docx")
        for element in source.element.body:
            if element.tag.endswith(("}p", "}tbl")):
                document.element.body.append(copy.deepcopy(element))
    document.add_picture(f"results/figures/{FIGURE}.png", width=Cm(15))
    caption = document.add_paragraph("Figure 1. Members and partners by type of NGO (")
    merge(caption, "N.leaders_interviewed", values)
    caption.add_run(" leaders interviewed).")
    sections = document.element.body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
    for sect in sections:  # Word wants the section properties last
        document.element.body.remove(sect)
        document.element.body.append(sect)
    document.save(paper)


def merge(paragraph, claim_id: str, values: dict[str, str]) -> None:
    """A MERGEFIELD named after the claim, showing its current value until the merge updates it."""
    from docx.oxml import parse_xml

    from ctcstudy.report.kit import field_name

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    name = field_name(claim_id)
    for xml in (
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> MERGEFIELD {name} </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {w}><w:t>{values[claim_id]}</w:t></w:r>",
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))
