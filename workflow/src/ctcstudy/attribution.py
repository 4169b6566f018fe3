"""Leak scan: restricted names anywhere, and coded quotes next to a coalition name.

The study never ties a quote to a coalition; neither may any output of the pipeline.
A hit is a segment text (at least ``MIN_CHARS`` long) found in a text file with a coalition
name within ``WINDOW`` characters of it.
"""

from __future__ import annotations

from pathlib import Path

TEXT_SUFFIXES = {".csv", ".md", ".tex", ".json", ".svg", ".ipynb", ".html", ".txt"}
WINDOW = 300
MIN_CHARS = 20


def scan_text(text: str, quotes: list[str], coalitions: list[str]) -> list[tuple[int, str, str]]:
    """(line number, coalition, quote start) for every quote with a coalition name nearby."""
    hits = []
    for quote in {q.strip() for q in quotes if len(q.strip()) >= MIN_CHARS}:
        start = text.find(quote)
        while start != -1:
            near = text[max(0, start - WINDOW): start + len(quote) + WINDOW]
            for coalition in coalitions:
                if coalition in near:
                    hits.append((text.count("\n", 0, start) + 1, coalition, quote[:40]))
            start = text.find(quote, start + 1)
    return sorted(hits)


def scan(paths: list[Path], quotes: list[str], coalitions: list[str]) -> list[str]:
    """One message per hit: file, line, coalition and the start of the quote."""
    messages = []
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
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


def scan_names(paths: list[Path], names: list[tuple[str, str]]) -> list[str]:
    """One message per occurrence of a restricted name (whole word, any case). The message
    gives the name's number and kind, never the name itself, so logs do not leak it."""
    import re

    if not names:
        return []
    patterns = [re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) for _, name in names]
    messages = []
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for index, (pattern, (kind, _)) in enumerate(zip(patterns, names), 1):
                if pattern.search(line):
                    messages.append(f"{path}: line {number}: restricted name #{index} ({kind})")
    return messages
