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
    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig").replace("", None)
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty") from exc
    except pd.errors.ParserError as exc:
        raise InputError(path, f"not a well-formed CSV file ({exc})") from exc


def read_tidy(path: str | Path) -> pd.DataFrame:
    """Read a tidy CSV; only truly empty cells become missing (the text 'None' stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def titles(registry: str | Path) -> dict[str, str]:
    """Output id -> title, from the registry of tables and figures."""
    with open(registry, encoding="utf-8") as handle:
        return {entry["id"]: entry["title"] for entry in yaml.safe_load(handle)["outputs"]}


def outputs_markdown(registry: str | Path) -> str:
    """The README's list of tables and figures, generated from the registry."""
    with open(registry, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["outputs"]
    lines = ["| id | title | rule | notebook | output |", "|---|---|---|---|---|"]
    lines += [f"| `{e['id']}` | {e['title']} | `{e['rule']}` | `{e['notebook']}` | `{e['path']}` |" for e in entries]
    return "\n".join(lines) + "\n"
