"""The organization panel into tidy tables: the long table and one row per organization and sector."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.readers.panel import read
from ctcstudy.writers import atomic_write


def ingest_panel(raw: str, out_dir: str | Path) -> None:
    """Panel file (.sav or .dta) -> the tidy long table and one row per organization and sector."""
    frame = read(raw)
    out = Path(out_dir)
    atomic_write(out / "panel.csv", frame.to_csv(index=False, lineterminator="\n"))
    organizations = frame[["organization_id", "sector"]].drop_duplicates()
    atomic_write(out / "panel_organizations.csv", organizations.to_csv(index=False, lineterminator="\n"))
    print(f"panel: {len(frame)} organization-years, {frame['organization_id'].nunique()} organizations from {raw}")
