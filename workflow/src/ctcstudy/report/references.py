"""The works the package draws on (data/raw/published/references.bib) and the pointers that cite them.

Every source pointer in the package reads ``<citekey>, <locator>``: a key of the BibTeX file,
then the section, table, paragraph or page. A reviewer follows it to a reference with a DOI
(or ISBN, or address); a pointer with an unknown key is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ctcstudy.errors import InputError

REFERENCES = "data/raw/published/references.bib"
POINTER = re.compile(r"^(?P<key>[a-z][a-z0-9_]*), (?P<locator>\S.*)$", re.S)


@dataclass
class Reference:
    key: str
    kind: str
    authors: list[str]  # "Last, First" or a corporate name
    fields: dict

    def last_names(self) -> list[str]:
        return [a.split(",")[0].strip() for a in self.authors]

    @property
    def short(self) -> str:
        """Author-year, as the studies cite each other: Foot, Sworn & Alejano-Steele (2019)."""
        names = self.last_names()
        who = (
            names[0]
            if len(names) == 1
            else f"{names[0]} et al."
            if len(names) > 3
            else f"{', '.join(names[:-1])} & {names[-1]}"
        )
        return f"{who} ({self.fields.get('year', 'n.d.')})"

    @property
    def link(self) -> str | None:
        doi = self.fields.get("doi")
        return f"https://doi.org/{doi}" if doi else self.fields.get("url")

    @property
    def full(self) -> str:
        """One line: authors. Title. Where it appeared (year). DOI, ISBN or address."""
        f = self.fields
        authors = "; ".join(self.authors)
        where = ""
        if f.get("journal"):
            where = f"{f['journal']} {f.get('volume', '')}" + (f"({f['number']})" if f.get("number") else "")
            where += f": {f['pages']}" if f.get("pages") else ""
        elif f.get("booktitle"):
            editors = f" (eds. {f['editor']})" if f.get("editor") else ""
            where = f"In {f['booktitle']}{editors}" + (f", {f['pages']}" if f.get("pages") else "")
        publisher = f.get("publisher") or f.get("institution")
        if publisher:
            where += ("; " if where else "") + (f"{f['address']}: " if f.get("address") else "") + publisher
        year = f"({f.get('year', 'n.d.')})"
        title = f["title"] if f["title"].endswith(("…", "?", ".")) else f["title"] + "."
        parts = [f"{authors.rstrip('.')}. {title}", f"{where} {year}." if where else f"{year}."]
        if f.get("doi"):
            parts.append(f"doi:{f['doi']}")
        elif f.get("isbn"):
            parts.append(f"ISBN {f['isbn']}")
        elif f.get("url"):
            parts.append(f["url"])
        if f.get("isbn") and f.get("doi"):
            parts.append(f"ISBN {f['isbn']}")
        return " ".join(p for p in parts if p)


def plain(value: str) -> str:
    """BibTeX text without braces or LaTeX escapes."""
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(value).split())


def load(path: str | Path = REFERENCES) -> dict[str, Reference]:
    """Key -> Reference; a file bibtexparser cannot read, or a key given twice, is refused."""
    import bibtexparser
    from bibtexparser import middlewares

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    from ctcstudy.errors import utf8_text

    text = utf8_text(path)
    try:
        library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors()])
    except Exception as exc:  # noqa: BLE001  (the parser raises many types on broken input)
        raise InputError(path, f"not valid BibTeX ({type(exc).__name__}: {exc})") from exc
    for block in library.failed_blocks:
        raise InputError(path, f"not valid BibTeX ({type(block).__name__})", record=f"line {block.start_line + 1}")
    refs = {}
    for entry in library.entries:
        fields = {k: v.value for k, v in entry.fields_dict.items()}
        authors = [plain(a) for a in fields.pop("author", [])] or [plain(fields.get("institution", entry.key))]
        for required in ("title", "year"):
            if not fields.get(required):
                raise InputError(
                    path, "required field missing", record=f"@{entry.entry_type}{{{entry.key}}}", field=required
                )
        refs[entry.key] = Reference(
            entry.key,
            entry.entry_type,
            authors,
            {
                k: v if k in ("doi", "url") else "; ".join(map(plain, v)) if isinstance(v, list) else plain(v)
                for k, v in fields.items()
            },
        )
    return refs


def key_of(pointer) -> str | None:
    match = POINTER.match(str(pointer)) if pointer is not None else None
    return match.group("key") if match else None


def pattern(keys) -> str:
    """The regular expression a source pointer must match: a known key, a comma, a locator."""
    return r"^(?:" + "|".join(re.escape(k) for k in sorted(keys)) + r"), \S"


def check(pointer, refs: dict, where, record="-", field="source") -> None:
    """Refuse a pointer that is empty, not '<citekey>, <locator>', or cites an unknown key."""
    key = key_of(pointer)
    if not pointer or key is None:
        raise InputError(where, f"source pointer {pointer!r} is not '<citekey>, <locator>'", record=record, field=field)
    if key not in refs:
        raise InputError(where, f"unknown reference key {key!r} (not in {REFERENCES})", record=record, field=field)


def markdown(refs: dict[str, Reference]) -> str:
    """The README's References section body: one line per work, key first."""
    lines = []
    for ref in sorted(refs.values(), key=lambda r: (r.last_names()[0].lower(), r.fields.get("year", ""), r.key)):
        lines.append(f"- `{ref.key}`: {ref.full}")  # the DOI is in the reference; the report links it
    return "\n".join(lines) + "\n"


README_START, README_END = "<!-- references:start -->", "<!-- references:end -->"


def readme_with_references(readme: str, refs: dict[str, Reference]) -> str:
    """The README with its References list regenerated between the two markers."""
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return readme[:start] + "\n" + markdown(refs) + readme[end:]
