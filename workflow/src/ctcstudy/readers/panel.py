"""The organization panel as users hold it: SPSS .sav or Stata .dta, read into the tidy long table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError
from ctcstudy.readers import statfile


def read(path: str | Path) -> pd.DataFrame:
    """Read a .sav or .dta panel into the tidy long table; sector and region as their labels."""
    return tidy(*statfile.read(path), path)


def tidy(frame: pd.DataFrame, labels: dict, path: str | Path) -> pd.DataFrame:
    """The panel as read (codes, value labels) -> the tidy long table."""
    path = Path(path)
    if frame.empty:
        raise InputError(path, "the panel holds no rows")
    if "provenance" not in frame.columns:  # a user's own panel: original records, not made by this package
        frame["provenance"] = "published"
        frame["source"] = f"user_supplied, panel file {path.name}"
    for column in ("sector", "region"):
        if column in frame.columns:
            frame[column] = labelled(frame[column], labels.get(column, {}))
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().all() and values.mod(1).eq(0).all():
            frame[column] = values.astype("int64")
    return frame


def labelled(codes: pd.Series, names: dict) -> pd.Series:
    """Codes as their value labels; a code without a label says so, a missing code stays missing."""
    text = codes.map(names).astype(object)
    unlabelled = codes.notna() & text.isna()
    text[unlabelled] = [f"unlabelled code {v:g}" for v in codes[unlabelled]]
    return text.where(codes.notna(), None)
