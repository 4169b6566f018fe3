"""A Markdown or plain-text manuscript (.md, .txt): paragraphs, and pipe tables (a header row,
a |---| rule, then rows), as Pandoc, GitHub and the package's own tables write them.

UTF-8 (a byte-order mark dropped) or UTF-16 with its byte-order mark; anything else is refused
naming its first bad byte. Links keep their text, not their address; HTML comments and code
blocks are not the paper's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ctcstudy.readers.manuscripts import Manuscript, Passage, Table, joined, plain

RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read(path: Path) -> Manuscript:
    from ctcstudy.guards.restricted import decode

    text = decode(path, path.read_bytes())
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.DOTALL)
    lines = text.splitlines()
    manuscript = Manuscript(path, "markdown")
    paragraph: list[tuple[int, str]] = []
    fenced, i = False, 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            i += 1
            continue
        if fenced:
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and RULE.match(lines[i + 1]):
            flush(paragraph, manuscript)
            caption = manuscript.passages[-1].text if manuscript.passages else ""
            location = f"table {len(manuscript.tables) + 1} (line {i + 1})"
            rows, i = table(lines, i)
            manuscript.tables.append(Table(location, rows, caption))
            continue
        if line.strip():
            paragraph.append((i + 1, line))
        else:
            flush(paragraph, manuscript)
        i += 1
    flush(paragraph, manuscript)
    return manuscript


def flush(paragraph: list[tuple[int, str]], manuscript: Manuscript) -> None:
    if paragraph:
        text, starts = joined([inline(line) for _, line in paragraph])
        manuscript.passages.append(Passage("line {line}", text, starts, paragraph[0][0]))
        paragraph.clear()


def table(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """The pipe table whose header is lines[start]: its rows (the rule left out) and the index of
    the line after it."""
    rows = [cells(lines[start])]
    i = start + 2
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        rows.append(cells(lines[i]))
        i += 1
    return rows, i


def cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [inline(cell, block=False).replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", line)]


def inline(text: str, block: bool = True) -> str:
    """Markdown's inline marks dropped: [text](address) keeps its text, emphasis and code marks go,
    heading marks and list bullets too."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    if block:  # a line's heading, bullet, list number or quote mark (a cell's '>10' is a value)
        text = re.sub(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)  # footnote markers
    return plain(text)
