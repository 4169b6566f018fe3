"""Every case's raw files of one kind read by their format's reader and stacked into one tidy CSV
in data/interim, with a sidecar naming the file each row came from."""

from __future__ import annotations

from pathlib import Path

from ctcstudy.writers import atomic_write

# Heavy modules (pandas and what uses it) are imported inside the commands that need them, so
# light commands (manifest, publish) start fast: they sit on every build's critical path.
CSV_DATASETS = ["case_facts", "org_collaborations", "org_tactics", "org_timeline", "org_partner_conditions",
                "tactic_codes", "crosswalk"]


def readers() -> dict:
    from ctcstudy.readers.documents import read_inventory
    from ctcstudy.readers.profiles import read_profiles
    from ctcstudy.readers.questionnaire import read_responses
    from ctcstudy.verify import published

    return {"questionnaire": read_responses, "profiles": read_profiles, "documents": read_inventory,
            "published_values": published.load_claims}


def ingest_tables(datasets: dict[str, list[str]], out_dir: Path, column_maps: dict | None = None) -> None:
    """Raw files of each kind -> one tidy CSV per kind in data/interim (the format's reader decodes).
    column_maps: questionnaire file -> its column map, for survey tools' CSV and XLSX exports."""
    import pandas as pd

    from ctcstudy.readers.delimited import read_raw_csv
    from ctcstudy.readers.questionnaire import read_responses

    known = readers()
    known["questionnaire"] = lambda path: read_responses(path, (column_maps or {}).get(path))
    for dataset, raw in datasets.items():
        reader = known.get(dataset, read_raw_csv)
        parts = [reader(path) for path in raw]
        table = pd.concat(parts, ignore_index=True) if raw else pd.DataFrame()
        atomic_write(out_dir / f"{dataset}.csv", table.to_csv(index=False, lineterminator="\n"))
        # Which raw file each row came from, so a refusal names only the file that holds the record.
        atomic_write(out_dir / f"{dataset}.files", "".join(f"{path}\n" for path, part in zip(raw, parts)
                                                           for _ in range(len(part))))
        print(f"{dataset}: {len(table)} records from {', '.join(raw) or 'no file'}")
