"""Optional corrections of published cells, applied only when config asks, and always recorded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError

CORRECTION_COLUMNS = ["correction_id", "item", "coalition", "published_value", "corrected_value", "reason", "source"]


def load(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    table = pd.read_csv(path, dtype={"published_value": int, "corrected_value": int})
    missing = [c for c in CORRECTION_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(path, "required column missing", field=", ".join(missing))
    return table


def apply(responses: pd.DataFrame, corrections: pd.DataFrame, ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the named corrections; return the corrected responses and the applied rows.

    A correction whose published value is no longer in the data is refused rather than
    applied blindly: the data changed and the correction must be reviewed.
    """
    unknown = sorted(set(ids) - set(corrections["correction_id"]))
    if unknown:
        raise KeyError(f"unknown correction id(s) in config: {', '.join(unknown)}")
    chosen = corrections[corrections["correction_id"].isin(ids)]
    corrected = responses.copy()
    for row in chosen.itertuples():
        at = corrected["coalition"].eq(row.coalition)
        current = corrected.loc[at, row.item].tolist()
        if current != [row.published_value] * len(current) or not current:
            raise ValueError(
                f"correction {row.correction_id}: {row.coalition} {row.item} is {current}, "
                f"expected {row.published_value}; review the correction"
            )
        corrected.loc[at, row.item] = row.corrected_value
    return corrected, chosen.reset_index(drop=True)
