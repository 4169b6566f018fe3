"""The organization panel into tidy tables: the long table and one row per organization and sector."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.readers import statfile
from ctcstudy.readers.panel import tidy
from ctcstudy.writers import write_csv


def ingest_panel(raw: str, out_dir: str | Path) -> None:
    """Panel file (.sav or .dta) -> the tidy long table and one row per organization and sector,
    written by the process that reads the file (a large panel is never sent back through a pipe)."""
    started(raw, out_dir)()


def started(raw: str, out_dir: str | Path):
    """ingest_panel begun in its own process; returns the function that waits for it."""

    def write(frame, labels) -> tuple[int, int]:
        frame = tidy(frame, labels, raw)
        out = Path(out_dir)
        write_csv(frame, out / "panel.csv")
        write_csv(frame[["organization_id", "sector"]].drop_duplicates(), out / "panel_organizations.csv")
        return len(frame), frame["organization_id"].nunique()

    reading = statfile.started(raw, then=write)

    def finish() -> None:
        rows, organizations = reading()
        print(f"panel: {rows} organization-years, {organizations} organizations from {raw}")

    return finish
