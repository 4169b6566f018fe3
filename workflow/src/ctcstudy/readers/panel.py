"""The organization panel as users hold it: SPSS .sav or Stata .dta, read into the tidy long table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError


def read(path: str | Path) -> pd.DataFrame:
    """Read a .sav or .dta panel into the tidy long table; sector and region as their labels."""
    import pyreadstat

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    reader = {".sav": pyreadstat.read_sav, ".dta": pyreadstat.read_dta}.get(path.suffix)
    if reader is None:
        raise InputError(path, f"panel file must be .sav or .dta, not {path.suffix!r}")
    try:
        frame, meta = reader(str(path))
    except Exception as exc:  # pyreadstat raises its own types for every malformed file
        raise InputError(path, f"not a readable {path.suffix} file ({exc})") from exc
    if frame.empty:
        raise InputError(path, "the panel holds no rows")
    if "provenance" not in frame.columns:  # a user's own panel: original records, not made by this package
        frame["provenance"] = "published"
        frame["source"] = f"user_supplied, panel file {path.name}"
    for column in ("sector", "region"):
        if column in frame.columns:
            names = meta.variable_value_labels.get(column, {})
            frame[column] = [names.get(v, f"unlabelled code {v:g}") if pd.notna(v) else None for v in frame[column]]
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().all() and values.mod(1).eq(0).all():
            frame[column] = values.astype("int64")
    return frame
