"""The restricted names list (data/raw/restricted/names.csv): read strictly, because a list that
reads as empty would switch every protection off without a word.

Columns ``kind`` and ``name`` are required; ``acronym`` (an organization's short form, e.g. SSF)
and ``variants`` (other spellings, nicknames) are optional, several separated by ``|``. The file
may come from any spreadsheet program: comma, semicolon or tab delimited, UTF-8 with or without a
byte-order mark, or UTF-16 with one (Excel's "Unicode Text"). Headers and kinds are matched
without regard to case and spaces. A refusal names the row and the field, never the name.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ctcstudy.errors import InputError, undecodable

DEFAULT = Path("data/raw/restricted/names.csv")
KINDS = {
    "person": "person",
    "organization": "organization",
    "organisation": "organization",
    "place": "place",
    "other": "other",
}
DELIMITERS = ",;\t"
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class RestrictedName:
    number: int  # the entry's row number among the names (1 = first name), the only thing messages show
    kind: str
    name: str
    acronyms: tuple[str, ...] = ()
    variants: tuple[str, ...] = field(default=())


def decode(path: Path, data: bytes) -> str:
    """UTF-16 when its byte-order mark says so, otherwise UTF-8 (a BOM dropped) or a refusal."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not UTF-16 text although it starts with UTF-16's byte-order mark ({exc.reason} "
                f"at byte {exc.start}); save it as 'CSV UTF-8'",
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from exc


def header_key(cell: str) -> str:
    return "".join(cell.split()).casefold()


def delimiter(path: Path, first_line: str) -> str:
    """The delimiter under which the header holds both required columns: evidence, not a guess."""
    fits = [d for d in DELIMITERS if {"kind", "name"} <= {header_key(c) for c in first_line.split(d)}]
    if len(fits) != 1:
        raise InputError(
            path,
            "the first line must be a header with the columns kind and name, separated by commas, semicolons or tabs",
            record="header",
        )
    return fits[0]


def split_list(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip())


def load(path: str | Path | None) -> list[RestrictedName]:
    """Every restricted name; [] when there is no list. A list that yields none is refused."""
    if path is None or not Path(path).is_file():
        return []
    path = Path(path)
    text = decode(path, path.read_bytes())
    if "\x00" in text:
        raise InputError(path, "holds a NUL character: not a text file (save the list as 'CSV UTF-8')")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(path, first_line))
    try:
        return entries(path, reader)
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file ({exc})", line=reader.line_num) from exc


def entries(path: Path, reader) -> list[RestrictedName]:
    header = [header_key(c) for c in next(reader)]
    names: list[RestrictedName] = []
    for row in reader:
        row_number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # spreadsheet programs write empty rows (";;") at the end
        if len(row) > len(header):
            raise InputError(
                path,
                f"more fields than the header's {len(header)}: a name holding the delimiter must be quoted",
                record=f"row {row_number}",
                line=row_number,
            )
        cells = dict(zip(header, (c.strip() for c in row)))
        names.append(entry(path, row_number, len(names) + 1, cells))
    if not names:
        raise InputError(
            path,
            "the restricted names list holds no names; with none, nothing would be protected "
            "(add rows kind,name or remove the file)",
        )
    return names


def entry(path: Path, row_number: int, number: int, cells: dict[str, str]) -> RestrictedName:
    kind = KINDS.get(header_key(cells.get("kind", "")))
    where = {"record": f"row {row_number}", "line": row_number}
    if kind is None:  # the value is not echoed: swapped columns would put a name there
        raise InputError(path, f"kind must be one of {', '.join(sorted(set(KINDS.values())))}", field="kind", **where)
    if not cells.get("name"):
        raise InputError(path, "the name is empty", field="name", **where)
    return RestrictedName(
        number, kind, cells["name"], split_list(cells.get("acronym")), split_list(cells.get("variants"))
    )


def counts(names: list[RestrictedName]) -> str:
    """'2 person, 1 organization': what the summary states (never the names)."""
    tally: dict[str, int] = {}
    for name in names:
        tally[name.kind] = tally.get(name.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(tally.items())) or "none"
