"""A Word manuscript (.docx, as Word, LibreOffice and Google Docs save it): paragraphs and tables
in body order, content controls included, and footnotes.

Text is taken from the XML, not from python-docx's `paragraph.text`, which leaves out runs
inside tracked insertions (<w:ins>) and smart tags; deleted text (<w:delText>) stays out. A
number split across runs ("3" "5") reads as written ("35").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ctcstudy.errors import InputError
from ctcstudy.readers.manuscripts import Manuscript, Passage, Table, plain

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path) -> Manuscript:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"not a readable Word .docx file ({exc or type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001  (lxml raises its own types for damaged XML)
        raise InputError(path, f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc
    manuscript = Manuscript(path, "docx")
    body(document.element.body, manuscript)
    for number, text in footnotes(document):
        manuscript.passages.append(Passage(f"footnote {number}", text))
    return manuscript


def body(element, manuscript: Manuscript) -> None:
    """Paragraphs (counted as a reader counts them: those with text) and tables, in order."""
    for child in element:
        if child.tag == f"{W}p":
            text = paragraph_text(child)
            if text.strip():
                manuscript.passages.append(Passage(f"paragraph {len(manuscript.passages) + 1}", text))
        elif child.tag == f"{W}tbl":
            caption = manuscript.passages[-1].text if manuscript.passages else ""  # the line above it
            manuscript.tables.append(Table(f"table {len(manuscript.tables) + 1}", table_rows(child), caption))
        elif child.tag == f"{W}sdt":  # a content control: its paragraphs and tables are the document's
            for content in child.findall(f"{W}sdtContent"):
                body(content, manuscript)


def paragraph_text(element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return plain("".join(parts))


def table_rows(element) -> list[list[str]]:
    """Cell texts row by row; a cell spanning n grid columns gives n cells (the rest empty), and a
    vertically merged cell repeats the text of the cell it continues."""
    rows: list[list[str]] = []
    for tr in element.iter(f"{W}tr"):
        if tr.getparent() is not element:
            continue  # a nested table's rows belong to its cell's text
        row = []
        for tc in tr.findall(f"{W}tc"):
            text = " ".join(paragraph_text(p) for p in tc.iter(f"{W}p")).strip()
            properties = tc.find(f"{W}tcPr")
            span = properties.find(f"{W}gridSpan") if properties is not None else None
            merge = properties.find(f"{W}vMerge") if properties is not None else None
            if merge is not None and merge.get(f"{W}val") in (None, "continue") and rows:
                above = rows[-1]
                text = above[len(row)] if len(row) < len(above) else text
            row.append(text)
            row += [""] * (int(span.get(f"{W}val")) - 1 if span is not None else 0)
        rows.append(row)
    return rows


def footnotes(document) -> list[tuple[int, str]]:
    """(number, text) of each footnote; Word's separator notes (ids -1 and 0) left out."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            notes = [n for n in root.findall(f"{W}footnote") if int(n.get(f"{W}id", "0")) > 0]
            return [(i, " ".join(paragraph_text(p) for p in n.iter(f"{W}p")).strip()) for i, n in enumerate(notes, 1)]
    return []
