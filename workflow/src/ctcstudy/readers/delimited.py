"""Delimited text (CSV, semicolon or tab separated) as users' spreadsheets save it, read as strings."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd


def read_raw_csv(path: str | Path) -> pd.DataFrame:
    """Read a raw CSV as strings; empty cells stay empty for validation to name."""
    from ctcstudy.errors import InputError, refuse_nul, refuse_wide, undecodable

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    data = path.read_bytes()
    refuse_nul(path, data)
    refuse_wide(path, data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # named by line and column, not by the offset pandas' parser reached
        raise undecodable(path, data, exc) from exc
    separator = delimiter(path, data)
    try:
        return pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=separator
        ).replace("", None)
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty") from exc
    except pd.errors.ParserError as exc:
        raise InputError(path, f"not a well-formed CSV file ({exc})") from exc


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def delimiter(path, data: bytes) -> str:
    """The delimiter under which the header splits into the most columns: Excel in much of Europe
    saves CSV with semicolons, "Text (tab delimited)" with tabs. Two delimiters splitting it alike
    (into more than one column) are refused: the file could be read two ways."""
    import csv

    from ctcstudy.errors import InputError

    header = data.decode("utf-8-sig").splitlines()[0] if data.strip() else ""
    widths = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: widths[d])
    tied = [DELIMITERS[d] for d in DELIMITERS if widths[d] == widths[best]]
    if widths[best] > 1 and len(tied) > 1:
        raise InputError(
            path,
            f"the header splits into {widths[best]} columns by {' and by '.join(tied)}: save it "
            "with one delimiter (comma)",
            record="header",
            line=1,
        )
    return best
