"""Reading the tidy tables the pipeline writes (data/interim, data/processed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml


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
