"""Reading the tidy tables the pipeline writes (data/interim, data/processed)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import yaml


def read_raw_csv(path: str | Path) -> pd.DataFrame:
    """Read a raw CSV as strings; empty cells stay empty for validation to name."""
    from .errors import InputError, refuse_nul, refuse_wide, undecodable

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
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig",
                           sep=separator).replace("", None)
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

    from .errors import InputError

    header = data.decode("utf-8-sig").splitlines()[0] if data.strip() else ""
    widths = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: widths[d])
    tied = [DELIMITERS[d] for d in DELIMITERS if widths[d] == widths[best]]
    if widths[best] > 1 and len(tied) > 1:
        raise InputError(path, f"the header splits into {widths[best]} columns by {' and by '.join(tied)}: save it "
                         "with one delimiter (comma)", record="header", line=1)
    return best


def read_tidy(path: str | Path) -> pd.DataFrame:
    """Read a tidy CSV; only truly empty cells become missing (the text 'None' stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def titles(registry: str | Path) -> dict[str, str]:
    """Output id -> title, from the registry of tables and figures, each followed by what its
    records say about it (" [SYNTHETIC records]", or which cases' records are synthetic), computed
    from the records that enter it (paths relative to the project, the registry's grandparent)."""
    from .provenance import of_output, title_suffix

    root = Path(registry).resolve().parents[1]
    with open(registry, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["outputs"]
    return {e["id"]: e["title"] + title_suffix(of_output(e, root)) for e in entries}


def outputs_markdown(registry: str | Path) -> str:
    """The README's list of tables and figures, generated from the registry."""
    with open(registry, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["outputs"]
    lines = ["| id | title | rule | notebook | output |", "|---|---|---|---|---|"]
    lines += [f"| `{e['id']}` | {e['title']} | `{e['rule']}` | `{e['notebook']}` | `{e['path']}` |" for e in entries]
    return "\n".join(lines) + "\n"
