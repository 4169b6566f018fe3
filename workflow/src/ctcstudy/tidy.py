"""Reading the tidy tables the pipeline writes (data/interim, data/processed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_tidy(path: str | Path) -> pd.DataFrame:
    """Read a tidy CSV; only truly empty cells become missing (the text 'None' stays text)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])
