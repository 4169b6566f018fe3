"""Every case's raw files of one kind read by the reader the register names (workflow/datasets.yaml)
and stacked into one tidy CSV in data/interim, with a sidecar naming the file each row came from."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.writers import atomic_write, write_csv


def ingest_tables(datasets: dict[str, list[str]], out_dir: Path, companions: dict | None = None) -> None:
    """Raw files of each kind -> one tidy CSV per kind in data/interim (the format's reader decodes).
    companions: raw file -> the second file its reader takes (a survey export -> its column map)."""
    import pandas as pd

    from ctcstudy.configuration import datasets as register

    for dataset, raw in datasets.items():
        read = register.reader(dataset)
        takes_companion = "companion" in register.entry(dataset)
        parts = [read(path, (companions or {}).get(path)) if takes_companion else read(path) for path in raw]
        table = pd.concat(parts, ignore_index=True) if raw else pd.DataFrame()
        write_csv(table, out_dir / f"{dataset}.csv")
        # Which raw file each row came from, so a refusal names only the file that holds the record.
        atomic_write(
            out_dir / f"{dataset}.files",
            "".join(f"{path}\n" for path, part in zip(raw, parts) for _ in range(len(part))),
        )
        print(f"{dataset}: {len(table)} records from {', '.join(raw) or 'no file'}")
