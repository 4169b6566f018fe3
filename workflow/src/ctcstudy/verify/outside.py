"""Outside checks: the numbers the 2019 article quotes from other work, recomputed from that
work's own data when the user has downloaded it (the data are not redistributable, so the
package does not ship them). Absent data are skipped with a line saying where to get them.

Each check names its dataset (a key of references.bib), the variables and the filters used, so
a reviewer can repeat it by hand as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ctcstudy.errors import InputError


@dataclass(frozen=True)
class Dataset:
    key: str  # the dataset's entry in references.bib
    path: str  # where the user puts the downloaded file
    columns: tuple[str, ...]  # the variables the checks read


HEISS_KELLEY = Dataset(
    "heiss_kelley_2017_data",
    "data/external/heiss_kelley_2017/responses_full_anonymized.csv",
    (
        "clean.id",
        "work.country",
        "Q3.5_1",
        "Q3.5_2",
        "Q3.5_3",
        "Q3.5_4",
        "Q3.21_1",
        "Q3.21_2",
        "Q3.21_3",
        "Q3.21_4",
        "Q3.29",
    ),
)
CIVICUS = Dataset("civicus_2017", "data/external/civicus_2017/ratings.csv", ("country", "rating"))
RESTRICTED = ("Somewhat restricted", "Very restricted")  # Q3.29's answers counted as restricted
NOT_OPEN = ("narrowed", "obstructed", "repressed", "closed")


@dataclass(frozen=True)
class Found:
    claim_id: str
    value: str
    how: str  # the variables and filters, in words


def heiss_kelley(frame: pd.DataFrame) -> list[Found]:
    """One row per country-organization response (the authors' file)."""
    answered = frame["Q3.29"].notna()
    restricted = frame["Q3.29"].isin(RESTRICTED)
    countries = frame.loc[restricted, "work.country"].nunique()
    tip = [f"Q3.21_{i}" for i in range(1, 5)]
    asked = frame[tip].notna().any(axis=1)  # the authors' denominator: at least one box ticked
    government = frame["Q3.21_1"].eq(1) & asked
    actors = frame[[f"Q3.5_{i}" for i in range(1, 5)]].eq(1).all(axis=1)
    return [
        Found(
            "X.heiss_kelley.ngos",
            str(frame["clean.id"].nunique()),
            f"distinct clean.id (organizations) over {len(frame)} country-organization responses",
        ),
        Found(
            "X.heiss_kelley.restricted_countries",
            str(countries),
            f"distinct work.country where Q3.29 is {' or '.join(RESTRICTED)} ({int(restricted.sum())} of "
            f"{int(answered.sum())} answers)",
        ),
        Found(
            "X.heiss_kelley.discussed_with_government",
            f"{100 * government.sum() / max(asked.sum(), 1):.0f}",
            f"Q3.21_1 = 1 (used the TIP report with the national government) in {int(government.sum())} of "
            f"{int(asked.sum())} responses ticking any Q3.21 box",
        ),
        Found(
            "X.heiss_kelley.collaborate_with_all",
            f"{int(actors.sum())} of {len(frame)}",
            "Q3.5_1 to Q3.5_4 all 1 (national government, NGOs, embassies and international organizations "
            "active in the country)",
        ),
    ]


def civicus(frame: pd.DataFrame) -> list[Found]:
    """One row per country with its CIVICUS Monitor rating."""
    ratings = frame["rating"].astype(str).str.strip().str.lower()
    return [
        Found("X.civicus.countries_rated", str(len(frame)), "countries in the ratings file"),
        Found(
            "X.civicus.restricting_countries",
            str(int(ratings.isin(NOT_OPEN).sum())),
            f"rating {', '.join(NOT_OPEN)} (not open)",
        ),
    ]


CHECKS = [(HEISS_KELLEY, heiss_kelley), (CIVICUS, civicus)]


def read(dataset: Dataset, root: Path) -> pd.DataFrame | None:
    path = root / dataset.path
    if not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, na_values=["NA", ""], keep_default_na=False)
    missing = [c for c in dataset.columns if c not in frame.columns]
    if missing:
        raise InputError(
            path, f"not the expected file of {dataset.key}: no column(s) {', '.join(missing)}", field=", ".join(missing)
        )
    numeric = [c for c in dataset.columns if c.startswith("Q3.5_") or c.startswith("Q3.21_")]
    frame[numeric] = frame[numeric].apply(pd.to_numeric, errors="coerce")
    return frame


def run(root: Path, claims: pd.DataFrame, references: dict, tolerances: dict) -> list[str]:
    """One line per check: published value, value found, how, and whether they agree; a skipped
    dataset says where to get it."""
    from ctcstudy.verify.claims import agrees

    published = claims.set_index("claim_id")
    lines = []
    for dataset, check in CHECKS:
        frame = read(dataset, root)
        ref = references.get(dataset.key)
        where = (ref.link if ref and ref.link else dataset.key) if ref else dataset.key
        if frame is None:
            lines.append(f"skipped {dataset.key}: {dataset.path} not found; download it from {where} and run again")
            continue
        for found in check(frame):
            claim = published.loc[found.claim_id]
            number = found.value.split(" of ")[0]
            same = (
                agrees(claim["published"], number, claim["tolerance"], tolerances)
                if claim["published"][0].isdigit()
                else None
            )
            verdict = {True: "agrees", False: "differs", None: "compare by reading"}[same]
            lines.append(
                f"{found.claim_id}: published {claim['published']!r}, found {found.value} ({found.how}; "
                f"{dataset.key}): {verdict}"
            )
    return lines


def run_from_config(config_file: str) -> list[str]:
    """The outside checks with the project's published values, references and tolerances."""
    from ctcstudy.configuration.caselist import load_yaml
    from ctcstudy.report.references import load
    from ctcstudy.verify import published

    config = load_yaml(config_file)
    return run(
        Path("."),
        published.load_claims(config["study"]["published_values"]),
        load(config["study"]["references"]),
        config["verification"]["tolerances"],
    )
