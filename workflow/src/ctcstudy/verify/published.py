"""Published values: one CSV per study, one row per number or table cell, with its source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError

# tolerance: '' compares text exactly; otherwise a key of config verification.tolerances
# (pp: absolute points, about_pp: looser points, about_relative: share of the published
# value, more_than: regenerated must exceed the published number).
# cites: the key of the work a number comes from when the publication quotes another work.
# basis: what a match or mismatch of this value would show (verification.BASES), and basis_why in
# one short phrase: derived (the records were typed from this very value: consistency only),
# internal cross-check (computed from other published values), external check (data outside the
# publication), unknown (nothing in the package regenerates or checked it). A value regenerated
# from synthetic records gets the basis "synthetic" whatever is recorded here.
CLAIM_COLUMNS = [
    "claim_id",
    "source",
    "cites",
    "output",
    "row",
    "column",
    "published",
    "tolerance",
    "note",
    "basis",
    "basis_why",
]
RECORDED_BASES = ("derived", "internal cross-check", "external check", "unknown")


def load_claims(path: str | Path) -> pd.DataFrame:
    """Read a published-values file as strings ('' for empty cells, never NaN)."""
    import io

    from ctcstudy.errors import csv_text

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    text = csv_text(path)
    try:
        claims = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(path, f"not a well-formed CSV file ({exc})") from exc
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise InputError(path, "required column missing", field=", ".join(missing))
    return claims
