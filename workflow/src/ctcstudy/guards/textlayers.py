"""The text a file shows a reader, in every format the pipeline reads or writes, for the leak scan.

A file yields layers: its own text, and where the format hides words from a plain read, the
words as a reader sees them. PDF text comes through its extracted text layer (compressed or not)
and its metadata; spreadsheets and word-processor files through their paragraphs and cells with
the formatting runs inside a word joined; SVG through each label, its glyphs in reading order;
archives (.qdpx, .docx, .xlsx, .zip) member by member, their member names included. A file that
cannot be parsed is still read as the strings its bytes hold. PNGs, and PDFs beside an SVG of the
same name (a figure saved in three formats from one drawing), are read through their SVG twin.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".tif", ".tiff"}
JSON_LIKE = {".json", ".ipynb", ".geojson"}
ARCHIVES = {".qdpx", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip", ".epub"}
MEMBER_LIMIT = 64 * 1024 * 1024  # a member larger than this is not decompressed (a zip bomb stays small)
PNG_DATA = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")  # figures are checked through their SVG


@dataclass
class Layer:
    where: str  # "" for the file's own text; else the member, page or view the text comes from
    text: str
    json_strings: bool = False


def layers(path: Path, pages: slice | None = None) -> list[Layer]:
    """Every layer of text a file holds (of a PDF, optionally only some pages: a long one is read
    in parts on both cores)."""
    if figure_pdf(path):
        return []  # the same drawing as its SVG twin, which is read (its text layer takes 0.3 s)
    if pages is not None:
        return pdf_layers(path.read_bytes(), pages)
    return layers_of(path.name, path.read_bytes())


def page_count(path: Path) -> int:
    """The pages of a PDF, or 0 when it cannot be parsed (it is then read whole, as bytes)."""
    try:
        return len(pdf_reader(path).pages)
    except Exception:  # noqa: BLE001  (damaged or encrypted: read whole)
        return 0


def pdf_reader(source):
    """pypdf's reader, without its warnings about damaged files (those are read as bytes)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfReader(source)


def figure_pdf(path: Path) -> bool:
    """A figure's PDF: saved beside an SVG of the same name from one drawing."""
    return path.suffix.lower() == ".pdf" and path.with_suffix(".svg").is_file()


def layers_of(name: str, data: bytes, depth: int = 0) -> list[Layer]:
    suffix = Path(name).suffix.lower()
    if suffix in IMAGES:
        return []
    if suffix == ".pdf":
        return pdf_layers(data)
    if suffix in ARCHIVES and depth < 2 and zipfile.is_zipfile(io.BytesIO(data)):
        try:
            return archive_layers(data, depth)
        except Exception:  # noqa: BLE001  (a damaged archive is still read as bytes; its reader refuses it)
            pass
    text = data.decode("utf-8", "replace")
    if suffix in (".html", ".htm"):
        text = PNG_DATA.sub(lambda m: " " * len(m.group()), text)
    found = [Layer("", text, json_strings=suffix in JSON_LIKE)]
    if suffix == ".svg":
        found.append(Layer("labels", svg_labels(text)))
    elif suffix in (".xml", ".qde") or "<w:t" in text[:1_000_000]:
        found.append(Layer("paragraphs", joined_runs(text)))
    return found


def archive_layers(data: bytes, depth: int) -> list[Layer]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        found.append(Layer("member names", "\n".join(m.filename for m in members)))
        for member in members:
            if member.is_dir() or member.file_size > MEMBER_LIMIT:
                continue
            for layer in layers_of(member.filename, archive.read(member), depth + 1):
                where = member.filename + (f" {layer.where}" if layer.where else "")
                found.append(Layer(where, layer.text, layer.json_strings))
    return found


def pdf_layers(data: bytes, pages: slice = slice(None)) -> list[Layer]:
    """Each page's extracted text, and the document's metadata (author, title, subject) with the
    last page."""
    try:
        reader = pdf_reader(io.BytesIO(data))
        numbers = range(len(reader.pages))[pages]
        found = [Layer(f"page {n + 1}", reader.pages[n].extract_text() or "") for n in numbers]
        if pages.stop is None:
            info = reader.metadata or {}
            found.append(Layer("metadata", "\n".join(str(v) for v in info.values())))
        return found
    except Exception:  # noqa: BLE001  (damaged or encrypted: the strings its bytes hold)
        return [Layer("", data.decode("latin-1"))]


# Formatting runs: Word, Excel, PowerPoint and OpenDocument split a paragraph into runs wherever
# the formatting changes, even inside a word ("Mar" bold, "ia" not). Joined, a reader's words return.
PARAGRAPH = re.compile(r"<(w:p|si|is|a:p|text:p|text:h)[\s>].*?</\1>", re.S)
RUN_TEXT = re.compile(
    r"<(?:w:t|t|a:t)(?:\s[^>]*)?>([^<]*)</(?:w:t|t|a:t)>|<(?:w:tab|w:br|w:cr|a:br|text:s|text:tab|"
    r"text:line-break)\b[^>]*/?>"
)
ODF_TEXT = re.compile(r"<[^>]+>")


def joined_runs(xml: str) -> str:
    """One line per paragraph or cell, its runs joined as a reader sees them."""
    lines = []
    for paragraph in PARAGRAPH.finditer(xml):
        body = paragraph.group()
        if paragraph.group(1).startswith("text:"):  # OpenDocument: spans inside the paragraph
            body = re.sub(r"<text:(?:s|tab|line-break)\b[^>]*/?>", " ", body)
            lines.append(html.unescape(ODF_TEXT.sub("", body)))
            continue
        lines.append(
            html.unescape("".join(m.group(1) if m.group(1) is not None else " " for m in RUN_TEXT.finditer(body)))
        )
    return "\n".join(lines)


TEXT_ELEMENT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
TSPAN = re.compile(r"<tspan\b([^>]*)>(.*?)</tspan>", re.S)
COORDINATE = re.compile(r"""\b(x|y)\s*=\s*["']\s*(-?[\d.]+)""")


def svg_labels(svg: str) -> str:
    """One line per <text> element, its <tspan>s in reading order: matplotlib writes mathtext as one
    tspan per glyph, not in reading order; other tools split a word where its style changes."""
    labels = []
    for element in TEXT_ELEMENT.finditer(svg):
        spans = TSPAN.findall(element.group(1))
        positioned = spans and all(COORDINATE.search(attributes) for attributes, _ in spans)
        if not positioned:  # a tspan where the style changes: the element's text in document order
            labels.append(html.unescape(re.sub(r"<[^>]+>", "", element.group(1))))
            continue
        placed = []
        for order, (attributes, content) in enumerate(spans):
            where = dict(COORDINATE.findall(attributes))
            placed.append(
                (
                    round(number(where.get("y"), 0.0), 1),
                    number(where.get("x"), float(order)),
                    html.unescape(re.sub(r"<[^>]+>", "", content)),
                )
            )
        rows: dict[float, list] = {}
        for y, x, content in placed:
            rows.setdefault(y, []).append((x, content))
        labels.append(
            " ".join("".join(c for _, c in sorted(row, key=lambda p: p[0])) for _, row in sorted(rows.items()))
        )
    return "\n".join(labels)


def number(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default
