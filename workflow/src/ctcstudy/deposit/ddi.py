"""codebook.xml (DDI Codebook 2.5) and codebook.html for the deposit, written from the instruments'
own metadata: the questionnaire's .sav (variable labels, value labels, the user-missing code) and
its codebook, and the panel's codebook and tidy table. Frequencies are counted from the records.

The questionnaire's wording is not published, so each question text says so and names what was
asked; the time, geography, universe and sampling come from the publications (references.bib keys).
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

from ctcstudy.configuration import data_files
from ctcstudy.configuration.data_files import plain

NS = "ddi:codebook:2_5"
QUESTIONNAIRE = "data/raw/questionnaire/leader_questionnaire.sav"
PANEL = "data/processed/panel.csv"
STUDY = {
    "universe": (
        "Leaders of NGO-led counter-trafficking coalitions (questionnaire, interviews); organizations "
        "active against human trafficking in nine sectors (panel)."
    ),
    "geography": "Asia-Pacific, Southeast Asia and sub-Saharan Africa (coalitions); worldwide (panel).",
    "sampling": (
        "Coalitions chosen by four published criteria, five candidates approached and three taking part, "
        "one responding leader per coalition for the questionnaire and two or three interviewed "
        "(foot_sworn_alejano_steele_2019, §Methods); a panel of about 150 organizations per wave, "
        "2008-2011 (foot_2016, ch. 1; foot_toft_cesare_2015). The panel records here are synthetic."
    ),
    "kind": "Survey responses (one leader per coalition) and an organization-level panel, pseudonymized.",
}


def sub(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def questionnaire_variables(root: Path) -> list[dict]:
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(root / QUESTIONNAIRE), user_missing=True)
    from ctcstudy.codebook.questionnaire import ITEM_BY_NAME

    found = []
    for name in frame.columns:
        item = ITEM_BY_NAME.get(name)
        labels = meta.variable_value_labels.get(name, {})
        counts = Counter(frame[name].dropna().tolist())
        missing = set(item.missing if item else []) | {v for v in labels if v == -9}
        found.append(
            {
                "name": name,
                "label": meta.column_names_to_labels.get(name) or (item.label if item else name),
                "numeric": meta.readstat_variable_types.get(name) == "double",
                "categories": [
                    (value, label, counts.get(value, 0), value in missing) for value, label in sorted(labels.items())
                ],
                "missing": sorted(missing),
                "file": "file_questionnaire",
            }
        )
    return found


def panel_variables(root: Path) -> list[dict]:
    import csv

    from ctcstudy.codebook import panel

    with (root / PANEL).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = panel.column_labels()
    found = []
    for name in rows[0] if rows else []:
        counts = Counter(r[name] for r in rows)
        categories = []
        if name in panel.INDICATORS:
            categories = [(k, v, counts.get(str(k), 0), False) for k, v in panel.YES_NO.items()]
        elif name in ("sector", "region"):
            categories = [(value, value, n, False) for value, n in sorted(counts.items())]
        found.append(
            {
                "name": name,
                "label": labels.get(name, name),
                "numeric": name in panel.INDICATORS or name == "year",
                "categories": categories,
                "missing": [],
                "file": "file_panel",
            }
        )
    return found


def codebook_xml(root: Path, title: str, citation: str) -> tuple[bytes, list[dict]]:
    """The DDI Codebook 2.5 document, and the variables it describes (for the HTML twin)."""
    ET.register_namespace("", NS)
    book = ET.Element(f"{{{NS}}}codeBook", {"version": "2.5", "ID": "ctcstudy"})
    doc = sub(sub(sub(book, "docDscr"), "citation"), "titlStmt")
    sub(doc, "titl", f"Codebook: {title}")
    study = sub(book, "stdyDscr")
    cite = sub(study, "citation")
    titles = sub(cite, "titlStmt")
    sub(titles, "titl", title)
    sub(titles, "IDNo", "ctcstudy", agency="ctcstudy")
    sub(sub(cite, "rspStmt"), "AuthEnty", citation)
    summary = sub(sub(study, "stdyInfo"), "sumDscr")
    sub(summary, "timePrd", "2008", event="start", date="2008")
    sub(summary, "timePrd", "2011", event="end", date="2011")
    sub(summary, "geogCover", STUDY["geography"])
    sub(summary, "universe", STUDY["universe"])
    sub(summary, "dataKind", STUDY["kind"])
    sub(sub(sub(study, "method"), "dataColl"), "sampProc", STUDY["sampling"])
    entries, tiers = data_files.load(root / data_files.LIST)
    access(sub(study, "dataAccs"), entries, tiers)
    variables = questionnaire_variables(root) + panel_variables(root)
    read_from = {"file_panel": panel_file(root)}  # the tidy panel is read from the file config names
    cases = {"file_questionnaire": records(root / QUESTIONNAIRE), "file_panel": records(root / PANEL)}
    for file_id, name, kind in (
        ("file_questionnaire", QUESTIONNAIRE, "SPSS system file"),
        ("file_panel", PANEL, "CSV (tidy long table)"),
    ):
        text = sub(sub(book, "fileDscr", ID=file_id, URI=name), "fileTxt")
        sub(text, "fileName", Path(name).name)
        entry = data_files.find(entries, read_from.get(file_id, name))
        if entry is not None:  # what the records rest on, from the dataset list
            sub(text, "fileCont", entry.description)
        dims = sub(text, "dimensns")
        sub(dims, "caseQnty", cases[file_id])
        sub(dims, "varQnty", sum(v["file"] == file_id for v in variables))
        sub(text, "fileType", kind)
    data = sub(book, "dataDscr")
    for number, variable in enumerate(variables, 1):
        var = sub(
            data,
            "var",
            ID=f"V{number}",
            name=variable["name"],
            files=variable["file"],
            intrvl="discrete" if variable["categories"] else "contin",
        )
        sub(var, "labl", variable["label"])
        question = (
            "Question wording not published; the item asked about: "
            if variable["file"] == "file_questionnaire"
            else "Coded from organizations' public materials: "
        )
        sub(sub(var, "qstn"), "qstnLit", question + variable["label"])
        if variable["missing"]:
            invalid = sub(var, "invalrng")
            for value in variable["missing"]:
                sub(invalid, "item", VALUE=_value(value))
        for value, label, count, missing in variable["categories"]:
            category = sub(var, "catgry", **({"missing": "Y"} if missing else {}))
            sub(category, "catValu", _value(value))
            sub(category, "labl", label)
            sub(category, "catStat", count, type="freq")
        sub(var, "varFormat", type="numeric" if variable["numeric"] else "character")
    ET.indent(book)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(book, encoding="utf-8") + b"\n", variables


def access(element: ET.Element, entries: list, tiers: list) -> None:
    """dataAccs from the dataset list's tiers: what is available, what is confidential and how it is
    requested, what is never deposited, and the licence."""
    by_name = {tier.name: tier for tier in tiers}

    def listed(name: str) -> str:
        return "; ".join(
            f"{e.title} ({e.source})" if e.source != "-" else e.title
            for e in entries
            if e.access == name
        )

    sub(sub(element, "setAvail"), "avlStatus", plain(by_name["public"].statement))
    use = sub(element, "useStmt")
    sub(
        use,
        "confDec",
        f"{plain(by_name['confidential'].statement)} Not included: {listed('confidential')}.",
        required="yes",
    )
    sub(use, "specPerm", f"{plain(by_name['never'].statement)} Never deposited: {listed('never')}.")
    sub(use, "restrctn", "Public records under CC BY 4.0 (LICENSE-DATA), code under MIT (LICENSE); ACCESS.md.")


def panel_file(root: Path) -> str:
    from ctcstudy.configuration.caselist import load_yaml

    return load_yaml(root / "config/config.yaml")["panel"]["file"]


def records(path: Path) -> int:
    if path.suffix == ".sav":
        import pyreadstat

        return pyreadstat.read_sav(str(path), metadataonly=True)[1].number_rows
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in handle) - 1


def category_text(category: tuple) -> str:
    """'1 = Asia-Pacific (1)', '-9 = not reported (0) [missing]': a category as people read it."""
    value, label, count, missing = category
    return f"{_value(value)} = {label} ({count}){' [missing]' if missing else ''}"


def _value(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def codebook_html(title: str, variables: list[dict]) -> str:
    """The same codebook for people: one table row per variable, its categories with frequencies."""
    rows = []
    for v in variables:
        categories = "<br>".join(html.escape(category_text(c)) for c in v["categories"])
        where = QUESTIONNAIRE if v["file"] == "file_questionnaire" else PANEL
        rows.append(
            f"<tr><td><code>{html.escape(v['name'])}</code></td><td>{html.escape(where)}</td><td>{html.escape(v['label'])}</td><td>{categories}</td></tr>"
        )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Codebook: {html.escape(title)}</title></head><body>'
        f"<h1>Codebook</h1><p>{html.escape(title)}. The same metadata as codebook.xml (DDI Codebook 2.5).</p>"
        "<table><thead><tr><th>variable</th><th>file</th><th>label</th><th>categories (frequency)</th></tr></thead><tbody>"
        + "\n".join(rows)
        + "</tbody></table></body></html>\n"
    )


def write(root: Path, out_dir: Path) -> int:
    import yaml

    citation = yaml.safe_load((root / "config/citation.yaml").read_text(encoding="utf-8"))
    title = citation["title"]
    author = ", ".join(a.get("name", "") for a in citation["authors"])
    xml, variables = codebook_xml(root, title, author)
    (out_dir / "codebook.xml").write_bytes(xml)
    (out_dir / "codebook.html").write_text(codebook_html(title, variables), encoding="utf-8")
    (out_dir / "codebook.pdf").write_bytes(codebook_pdf(root, out_dir, title, variables))
    return len(variables)


def codebook_pdf(root: Path, out_dir: Path, title: str, variables: list[dict]) -> bytes:
    """The same codebook as a PDF (typst, matplotlib's fonts only: the same bytes on every machine)."""
    import json
    import tempfile

    import typst

    from ctcstudy.report.replication import fonts

    files = []
    for file_id, path in (("file_questionnaire", QUESTIONNAIRE), ("file_panel", PANEL)):
        chosen = [v for v in variables if v["file"] == file_id]
        rows = [
            {
                "name": v["name"],
                "label": v["label"],
                "categories": [category_text(c) for c in v["categories"]],
            }
            for v in chosen
        ]
        files.append({"name": path, "cases": records(root / path), "variables": len(chosen), "rows": rows})
    template = root / "workflow/report/codebook.typ"
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        data = Path(tmp) / "codebook.json"
        data.write_text(json.dumps({"title": title, "files": files}, ensure_ascii=False), encoding="utf-8")
        copy = Path(tmp) / "codebook.typ"
        copy.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(
            str(copy),
            root=str(Path(tmp)),
            font_paths=fonts(),
            ignore_system_fonts=True,
            sys_inputs={"data": "/codebook.json"},
        )
