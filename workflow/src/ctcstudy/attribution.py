"""Leak scan: restricted names anywhere, and coded quotes next to a coalition name.

The study never ties a quote to a coalition; neither may any output of the pipeline.
A hit is a segment text (at least ``MIN_CHARS`` long) found in a text file with a coalition
name within ``WINDOW`` characters of it.

Both scans compare normalized text, so the variants people and tools produce are caught: case,
runs of whitespace and line breaks (a name wrapped across two lines of a Markdown or LaTeX
cell), punctuation and hyphens, diacritics (NFKD, marks removed), possessives, and HTML and
LaTeX escapes. A person's name is also caught as "Last, First", "F. Last" and "Last F.".
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

# An escape is read as the character it stands for: HTML entities, LaTeX accents and specials.
ESCAPE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|\\[`'^\"~=.](?:\{\w\}|\w)|\\[&%$#_{}]"
                    r"|\\(?:textquoteright|textquoteleft|textendash|textemdash|textquotedblleft|textquotedblright)"
                    r"(?:\{\})?|\{|\}|~")
LATEX_WORDS = {"textquoteright": "'", "textquoteleft": "'", "textendash": "-", "textemdash": "-",
               "textquotedblleft": '"', "textquotedblright": '"'}


def unescape(token: str) -> str:
    if token.startswith("&"):
        return html.unescape(token)
    if token in ("{", "}"):
        return ""
    if token == "~":
        return " "
    if token[1:].rstrip("{}") in LATEX_WORDS:
        return LATEX_WORDS[token[1:].rstrip("{}")]
    if token[1] in "&%$#_{}":
        return token[1]
    letter = token[-2] if token.endswith("}") else token[-1]  # an accent on a letter: the letter
    return letter


def fold(text: str) -> str:
    """Lower case, diacritics removed, everything but letters and digits a space."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in plain.casefold())


ASCII_FOLD = str.maketrans({chr(c): (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)})
ASCII_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")
PNG_DATA = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")  # figures are checked through their SVG


def normalize(text: str) -> tuple[str, list[int]]:
    """(normalized text, the original offset of each of its characters): words of letters and
    digits separated by single spaces, with a space at both ends."""
    chars, offsets = [" "], [0]

    def add(chunk: str, start: int) -> None:
        for run in ASCII_RUNS.finditer(chunk):  # ASCII runs folded in one call, other characters one by one
            piece, at = run.group(), start + run.start()
            folded = piece.translate(ASCII_FOLD) if piece.isascii() else fold(piece)
            chars.append(folded)
            offsets.extend(range(at, at + len(piece)) if piece.isascii() else [at] * len(folded))

    position = 0
    for match in [*ESCAPE.finditer(text), None]:
        end = match.start() if match else len(text)
        add(text[position:end], position)
        if match:
            folded = fold(unescape(match.group()))
            chars.append(folded)
            offsets.extend([match.start()] * len(folded))
            position = match.end()
    chars.append(" "), offsets.append(len(text))
    joined = "".join(chars)
    keep = [i for i, c in enumerate(joined) if c != " " or i == 0 or joined[i - 1] != " "]
    return "".join(joined[i] for i in keep), [offsets[i] for i in keep]


def name_variants(kind: str, name: str) -> list[str]:
    """Normalized forms of a restricted name; for a person also Last First, F Last and Last F."""
    words = fold(name).split()
    forms = {" ".join(words)}
    if kind == "person" and len(words) >= 2:
        first, last = words[0], words[-1]
        forms |= {f"{last} {first}", f"{first[0]} {last}", f"{last} {first[0]}"}
    return sorted(forms)

TEXT_SUFFIXES = {".csv", ".md", ".tex", ".json", ".svg", ".ipynb", ".html", ".txt"}
WINDOW = 300
MIN_CHARS = 20


def scan_text(text: str, quotes: list[str], coalitions: list[str]) -> list[tuple[int, str, str]]:
    """(line number, coalition, quote start) for every quote with a coalition name nearby,
    both compared normalized (escapes, case, punctuation, line breaks)."""
    norm, offsets = normalize(text)
    names = {c: f" {' '.join(fold(c).split())} " for c in coalitions}
    hits = []
    for quote in {q.strip() for q in quotes if len(q.strip()) >= MIN_CHARS}:
        needle = " " + " ".join(fold(quote).split()) + " "
        start = norm.find(needle)
        while start != -1:
            near = norm[max(0, start - WINDOW): start + len(needle) + WINDOW]
            for coalition, folded in names.items():
                if folded in near:
                    hits.append((text.count("\n", 0, offsets[start + 1]) + 1, coalition, quote[:40]))
            start = norm.find(needle, start + 1)
    return sorted(set(hits))


def scan(paths: list[Path], quotes: list[str], coalitions: list[str]) -> list[str]:
    """One message per hit: file, line, coalition and the start of the quote."""
    messages = []
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = readable_text(path)
        messages += [f"{path}: line {line}: quote '{start}...' next to coalition name '{coalition}'"
                     for line, coalition, start in scan_text(text, quotes, coalitions)]
    return messages


def load_restricted(path: str | Path | None) -> list[tuple[str, str]]:
    """(kind, name) pairs from the restricted list (data/raw/restricted/names.csv), if there is one."""
    import csv

    if path is None or not Path(path).is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [(row["kind"], row["name"]) for row in csv.DictReader(handle) if row.get("name", "").strip()]


def find_names(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(line, name number, kind) for every occurrence of a restricted name in any of its variants."""
    norm, offsets = normalize(text)
    hits = set()
    for number, (kind, name) in enumerate(names, 1):
        for form in name_variants(kind, name):
            needle = f" {form} "
            start = norm.find(needle)
            while start != -1:
                hits.add((text.count("\n", 0, offsets[start + 1]) + 1, number, kind))
                start = norm.find(needle, start + 1)
    return sorted(hits)


def scan_names(paths: list[Path], names: list[tuple[str, str]]) -> list[str]:
    """One message per occurrence of a restricted name (any variant). The message gives the
    name's number and kind, never the name itself, so logs do not leak it."""
    if not names:
        return []
    messages = []
    for path in paths:
        if not path.is_file():
            continue
        for line, number, kind in find_names(readable_text(path), names):
            messages.append(f"{path}:{line}: restricted name #{number} ({kind})")
    return messages


def readable_text(path: Path) -> str:
    """The text a file shows: text files as text, zip archives (.qdpx, .docx) member by member,
    other binaries (.sav, .dta) as the UTF-8 strings they hold; PNGs are checked through their SVG."""
    import zipfile

    if path.suffix in TEXT_SUFFIXES or path.suffix in (".yaml", ".yml", ".bib", ".qdc", ".qde", ".py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        return PNG_DATA.sub(lambda m: " " * len(m.group()), text) if path.suffix == ".html" else text
    if path.suffix in (".qdpx", ".docx", ".xlsx") and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                                 if archive.getinfo(n).file_size < 64 * 1024 * 1024)
        except Exception:  # noqa: BLE001  (a damaged archive is still scanned, as bytes; its reader refuses it)
            pass
    if path.suffix == ".png":
        return ""
    return path.read_bytes().decode("utf-8", "replace")


def figures_without_text(paths: list[Path]) -> list[str]:
    """A PNG whose labels cannot be read: every figure is checked through its SVG twin."""
    return [f"{p}: figure without an SVG of the same name, so its labels cannot be checked"
            for p in paths if p.suffix == ".png" and not p.with_suffix(".svg").is_file()]
