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


@functools.cache
def kinds_by_case(path: str, case: str, via: str, key: str) -> tuple[tuple[str, str], ...]:
    """(case, provenance) pairs of one tidy table, distinct (cached: many outputs share a table)."""
    mapping = {}
    if via:
        with open(via, newline="", encoding="utf-8") as handle:
            mapping = {row[key]: row[case] for row in csv.DictReader(handle)}
    found = set()
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            owner = mapping.get(row.get(key, ""), "") if via else row.get(case, "") if case else ""
            found.add((owner, row.get("provenance") or "published"))
    return tuple(sorted(found))


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


def describe(prov: Provenance) -> str:
    """One line for captions and notes: each provenance with the cases resting on it."""
    if not prov.by_case:
        return f"records: {prov.overall}"
    groups = {k: [c for c, v in prov.by_case.items() if v == k] for k in ORDER}
    return "records: " + "; ".join(f"{k} ({', '.join(cases)})" for k, cases in groups.items() if cases)
