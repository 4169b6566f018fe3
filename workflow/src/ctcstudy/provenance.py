"""What each output rests on, computed from the records that enter it (never typed in).

The registry names, per output, the tidy tables of its records and the column that says which
case a record belongs to (or the table that maps it to its case, as the interview segments are
mapped through the leader roster: a segment row never names its coalition). An output's
provenance is that of its most synthetic record, overall and per case: synthetic exactly where
a synthetic record enters. Standard library only: the report runs on every build.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ORDER = ("synthetic", "derived", "published")  # most synthetic first


@dataclass(frozen=True)
class Provenance:
    overall: str
    by_case: dict = field(default_factory=dict)  # case -> provenance of its records

    def of(self, case: str) -> str:
        """A case's provenance; the output's where the case has no records of its own."""
        return self.by_case.get(case, self.overall)

    def synthetic_cases(self) -> list[str]:
        return [c for c, k in self.by_case.items() if k == "synthetic"]


def most(kinds) -> str:
    kinds = set(kinds)
    return next((k for k in ORDER if k in kinds), "published")


CACHE = "data/interim/provenance"
LARGE_TABLE = (
    20 * 2**20
)  # bytes from which a table's two columns are read with pandas  # one small file per tidy table and its state (size, time)


@functools.cache
def kinds_by_case(path: str, case: str, via: str, key: str, cache: str = "") -> tuple[tuple[str, str], ...]:
    """(case, provenance) pairs of one tidy table, distinct. Cached in this process (many outputs
    share a table) and, keyed by the files' size and time, in `cache` for the build's other jobs:
    every notebook labels every output, and a panel of a million rows is read once, not ten times."""
    stamp = "|".join(f"{p}:{st.st_size}:{st.st_mtime_ns}" for p in (path, via) if p for st in [os.stat(p)])
    digest = hashlib.sha256(f"{stamp}|{case}|{key}".encode()).hexdigest()[:20]
    stored = Path(cache) / f"{digest}.json" if cache else None
    if stored and stored.is_file():
        return tuple(tuple(pair) for pair in json.loads(stored.read_text(encoding="utf-8")))
    mapping = {}
    if via:
        with open(via, newline="", encoding="utf-8") as handle:
            mapping = {row[key]: row[case] for row in csv.DictReader(handle)}
    found = set()
    if os.path.getsize(path) > LARGE_TABLE:  # pandas reads two columns of a million rows 5x faster
        found = large_table_kinds(path, key if via else case, mapping if via else None)
    else:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = csv.reader(handle)
            header = next(rows, [])
            owner_at = header.index(key if via else case) if (key if via else case) in header else None
            kind_at = header.index("provenance") if "provenance" in header else None
            for row in rows:
                owner = row[owner_at] if owner_at is not None and owner_at < len(row) else ""
                owner = mapping.get(owner, "") if via else owner
                kind = row[kind_at] if kind_at is not None and kind_at < len(row) else ""
                found.add((owner, kind or "published"))
    pairs = tuple(sorted(found))
    if stored:  # written whole, then renamed: a job reading it never sees half a file
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f".{stored.name}.{os.getpid()}")
        partial.write_text(json.dumps(pairs), encoding="utf-8")
        os.replace(partial, stored)
    return pairs


def of_output(entry: dict, root: Path) -> Provenance:
    """The provenance of one registry entry from its records."""
    by_case: dict[str, set] = {}
    every = set()
    for spec in entry.get("records", []):
        case = spec.get("case", "")
        via = case if isinstance(case, dict) else {}
        if not (root / spec["file"]).is_file():  # labels need the records: never guessed without them
            from ctcstudy.errors import InputError

            raise InputError(
                root / spec["file"],
                f"records of output {entry['id']} not found; build them first (snakemake), then label the output",
            )
        pairs = kinds_by_case(
            str(root / spec["file"]),
            via.get("column", "") or case,
            str(root / via["via"]) if via else "",
            via.get("key", ""),
            str(root / CACHE),
        )
        for owner, kind in pairs:
            every.add(kind)
            if owner:
                by_case.setdefault(owner, set()).add(kind)
    return Provenance(most(every) if every else "published", {c: most(k) for c, k in by_case.items()})


def title_suffix(prov: Provenance) -> str:
    """What a title says about synthetic records: nothing, all of them, or which cases."""
    cases = prov.synthetic_cases()
    if prov.overall != "synthetic":
        return ""
    if cases and len(cases) < len(prov.by_case):
        return f" [SYNTHETIC records: {', '.join(cases)}]"
    return " [SYNTHETIC records]"


def split_title(title: str) -> tuple[str, str | None]:
    """The reverse of title_suffix: (title without it, the synthetic cases: "" for all of them,
    None when the title names no synthetic records)."""
    import re

    found = re.search(r"\s*\[SYNTHETIC records(?::\s*([^\]]*))?\]\s*$", title)
    if not found:
        return title, None
    return title[: found.start()], found[1] or ""


def describe(prov: Provenance) -> str:
    """One line for captions and notes: each provenance with the cases resting on it."""
    if not prov.by_case:
        return f"records: {prov.overall}"
    groups = {k: [c for c, v in prov.by_case.items() if v == k] for k in ORDER}
    return "records: " + "; ".join(f"{k} ({', '.join(cases)})" for k, cases in groups.items() if cases)


def large_table_kinds(path: str, owner_column: str, mapping: dict | None) -> set[tuple[str, str]]:
    """(case, provenance) pairs of a large tidy table, two columns read with pandas."""
    import pandas as pd

    header = pd.read_csv(path, nrows=0).columns
    columns = [c for c in (owner_column, "provenance") if c and c in header]
    table = pd.read_csv(path, usecols=columns, dtype=str, keep_default_na=False).drop_duplicates()
    owners = table[owner_column] if owner_column in columns else pd.Series("", index=table.index)
    kinds = table["provenance"] if "provenance" in columns else pd.Series("", index=table.index)
    return {
        (mapping.get(owner, "") if mapping is not None else owner, kind or "published")
        for owner, kind in zip(owners, kinds)
    }
