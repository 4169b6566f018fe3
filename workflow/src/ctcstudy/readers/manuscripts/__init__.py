"""Manuscripts (.docx, .tex, .md, .txt, .pdf) read into what check-manuscript looks at: running
text, tables, and the places that link a value or a table of the package (LaTeX).

One module per format, each with `read(path) -> Manuscript`; a file none of them reads is
refused in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ctcstudy.errors import InputError


@dataclass
class Passage:
    """Running text: a paragraph, footnote or page, with where a reader finds it. A location with
    "{line}" in it is completed per number from line_starts (offsets of the text's lines)."""

    location: str
    text: str
    line_starts: tuple[int, ...] = ()
    first_line: int = 1

    def where(self, offset: int) -> str:
        if "{line}" not in self.location:
            return self.location
        import bisect

        return self.location.format(line=self.first_line + bisect.bisect_right(self.line_starts, offset) - 1)

    def lines(self) -> list[str]:
        return self.text.split("\n") if self.line_starts else []


def joined(lines: list[str]) -> tuple[str, tuple[int, ...]]:
    """Lines as one text (joined by newlines) and the offset where each starts."""
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return "\n".join(lines), tuple(starts)


@dataclass
class Table:
    """A table as typed: rows of cell texts, the first row its header."""

    location: str
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Link:
    """A value written through the package: \\ctcnum{claim id}, or \\input of a package table."""

    location: str
    text: str  # as written
    claim_id: str = ""
    output_id: str = ""


@dataclass
class Manuscript:
    path: Path
    kind: str  # docx, latex, markdown, pdf
    passages: list[Passage] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


READERS = {".docx": "docx", ".tex": "latex", ".md": "markdown", ".txt": "markdown", ".pdf": "pdf"}


def read(path: str | Path) -> Manuscript:
    """The manuscript at `path`, or a one-line refusal naming it."""
    import importlib

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    module = READERS.get(path.suffix.lower())
    if module is None:
        kinds = ", ".join(sorted(READERS))
        raise InputError(path, f"not a manuscript this command reads ({path.suffix or 'no suffix'}; it reads {kinds})")
    return importlib.import_module(f"ctcstudy.readers.manuscripts.{module}").read(path)


def plain(text: str) -> str:
    """Word processors' spaces and dashes made plain: no-break and thin spaces, the minus sign."""
    for odd, usual in (
        ("\u00a0", " "),
        ("\u2009", " "),
        ("\u202f", " "),
        ("\u2007", " "),
        ("\u2212", "-"),
        ("\u2020", ""),  # daggers: a note's mark (the package's own for a synthetic value), not text
        ("\u2021", ""),
    ):
        text = text.replace(odd, usual)
    return text


def by_stem(paths: list[str], where: str = "config/config.yaml", key: str = "manuscripts") -> dict[str, str]:
    """File stem -> path of the papers the config lists: each stem names its results, so two papers
    may not share one (paper.docx and paper.pdf), and every paper must exist."""
    found: dict[str, str] = {}
    for path in paths:
        stem = Path(path).stem
        if stem in found:
            raise InputError(
                where,
                f"{found[stem]} and {path} would write the same results/manuscript_check/{stem}.*; rename one",
                field=key,
            )
        if not Path(path).is_file():
            raise InputError(where, f"{path}: file not found", field=key)
        found[stem] = path
    return found
