"""The dataset list (workflow/data_files.yaml): every data file the package holds or names, its
provenance and its access tier. The README's "Dataset list", ACCESS.md, the replication report and
the deposit's metadata all read it, so none of them can say something the others do not."""

from __future__ import annotations

import dataclasses
import fnmatch
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

LIST = "workflow/data_files.yaml"
TIERS = ("public", "confidential", "never")
README_START, README_END = "<!-- datasets:start -->", "<!-- datasets:end -->"
COLUMNS = ["dataset", "file", "records", "provenance", "provided", "source"]


@dataclass(frozen=True)
class DataFile:
    dataset: str
    files: tuple[str, ...]
    records: str
    provenance: str
    provided: str
    source: str
    access: str
    file_note: str = ""

    @property
    def title(self) -> str:
        """The dataset in plain text (for metadata that is not Markdown)."""
        return plain(self.dataset)

    @property
    def description(self) -> str:
        """What the file holds and what it rests on, in one plain sentence."""
        return f"{self.title}. Provenance: {self.provenance}. Source: {self.source}."

    def covers(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, pattern) for pattern in self.files)

    def file_cell(self) -> str:
        """The file column in Markdown: the paths as code, then the note."""
        shown = " and ".join(f"`{f}`" for f in self.files)
        return " ".join(part for part in (shown, self.file_note) if part) or "-"

    def row(self) -> list[str]:
        return [self.dataset, self.file_cell(), self.records, self.provenance, self.provided, self.source]


@dataclass(frozen=True)
class Tier:
    name: str
    title: str
    statement: str


def load(path: str | Path = LIST) -> tuple[list[DataFile], list[Tier]]:
    """The entries and the three tiers; an unknown tier or a missing column is refused naming the entry."""
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.errors import InputError

    document = load_yaml(str(path))
    tiers = [Tier(name, **document["tiers"][name]) for name in TIERS]
    entries = []
    for number, raw in enumerate(document["files"], start=1):
        missing = [k for k in ("dataset", "records", "provenance", "provided", "source", "access") if k not in raw]
        unknown = sorted(set(raw) - {f.name for f in dataclasses.fields(DataFile)})
        if missing or unknown:
            raise InputError(path, "unknown key" if unknown else "missing", f"entry {number}", (unknown or missing)[0])
        if raw["access"] not in TIERS:
            raise InputError(path, f"{raw['access']!r} is not one of {', '.join(TIERS)}", f"entry {number}", "access")
        entries.append(DataFile(**{**raw, "files": tuple(raw.get("files", []))}))
    return entries, tiers


def plain(markdown: str) -> str:
    """Text without Markdown's code and emphasis marks."""
    return re.sub(r"[`*]", "", markdown)


def find(entries: list[DataFile], path: str) -> DataFile | None:
    return next((e for e in entries if e.covers(path)), None)


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(entries: list[DataFile]) -> str:
    """The README's dataset table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(c) for c in e.row()) + " |" for e in entries]
    return "\n".join(lines) + "\n"


def readme_with_table(readme: str, entries: list[DataFile]) -> str:
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return readme[:start] + "\n" + markdown(entries) + readme[end:]


def access_markdown(entries: list[DataFile], tiers: list[Tier]) -> str:
    """ACCESS.md: each tier's statement and the files in it (the public tier by folder, as it is
    everything in the deposit)."""
    lines = [
        "# Access to the data",
        "",
        "Three tiers. A deposit (`make deposit`) holds the first tier only, and every file in it is",
        "leak-scanned before it is packed. Generated from `workflow/data_files.yaml`",
        "(`python -m ctcstudy write-data-files`); `datapackage.json` and `ro-crate-metadata.json` in",
        "the deposit carry the same tiers.",
    ]
    for tier in tiers:
        lines += ["", f"## {tier.title}", "", *textwrap.wrap(tier.statement, 100, break_on_hyphens=False)]
        listed = [e for e in entries if e.access == tier.name] if tier.name != "public" else []
        lines += [""] if listed else []
        for e in listed:
            where = f" ({e.file_cell()})" if e.files or e.file_note else ""
            told = f" Source: {e.source}." if e.source != "-" else ""
            lines += textwrap.wrap(f"- {e.dataset}{where}.{told}", 100, subsequent_indent="  ", break_on_hyphens=False)
    return "\n".join(lines) + "\n"
