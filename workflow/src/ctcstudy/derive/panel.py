"""Aggregates of the organization panel: activity prevalence per wave, change classes, the
coalition-building trend, sectors, transitions between waves and the panel's balance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctcstudy.codebook.panel import ACTIVITIES, COALITION


def percent(part: pd.Series) -> pd.Series:
    return (100 * part).round(1)


def prevalence(panel: pd.DataFrame) -> pd.DataFrame:
    """Share of organizations (%) claiming each activity, per wave."""
    by_year = panel.groupby("year")
    table = percent(by_year[list(ACTIVITIES)].mean()).reset_index()
    table.insert(1, "organizations", by_year.size().to_numpy())
    return table


def change_class(change: float, classes: dict) -> str:
    if change >= classes["large_min_pp"]:
        return "large"
    if change >= classes["moderate_min_pp"]:
        return "moderate"
    return "decrease" if change < 0 else "little or none"


def activity_change(prevalence_table: pd.DataFrame, classes: dict) -> pd.DataFrame:
    """First to last wave, per activity: shares, change in points and its class."""
    first, last = prevalence_table.iloc[0], prevalence_table.iloc[-1]
    rows = []
    for name, label in ACTIVITIES.items():
        change = round(last[name] - first[name], 1)
        rows.append(
            {
                "activity": label,
                f"{int(first['year'])} %": first[name],
                f"{int(last['year'])} %": last[name],
                "change_pp": change,
                "increase_class": change_class(change, classes),
            }
        )
    return pd.DataFrame(rows)


def coalition_trend(panel: pd.DataFrame) -> pd.DataFrame:
    """Coalition building and named-coalition membership (%) per wave and over all waves."""
    by_year = panel.groupby("year")[list(COALITION)].mean()
    rows = [{"year": str(year), **percent(shares).to_dict()} for year, shares in by_year.iterrows()]
    rows.append({"year": "all waves", **percent(panel[list(COALITION)].mean()).to_dict()})
    first, last = by_year.iloc[0], by_year.iloc[-1]
    rows.append(
        {"year": "rising (last wave above first)", **{k: "yes" if last[k] > first[k] else "no" for k in COALITION}}
    )
    return pd.DataFrame(rows, columns=["year", *COALITION])


def sector_activity(panel: pd.DataFrame, year: int, sectors: list[str]) -> pd.DataFrame:
    """Share (%) of each sector's organizations claiming each activity, in one wave."""
    wave = panel[panel["year"].eq(year)]
    if wave.empty:
        raise ValueError(f"no panel rows for year {year}")
    table = percent(wave.groupby("sector")[list(ACTIVITIES)].mean()).reindex(sectors)
    table.insert(0, "organizations", wave.groupby("sector").size().reindex(sectors).fillna(0).astype(int))
    return table.rename(columns=ACTIVITIES).rename_axis("sector").reset_index()


def transitions(panel: pd.DataFrame) -> pd.DataFrame:
    """Organizations that started or stopped each activity between consecutive waves.

    Rows sorted by organization and wave: an organization in both waves of a pair has those two
    waves in consecutive rows (one row per organization and wave, which validation checks)."""
    years = sorted(panel["year"].unique())
    codes = pd.factorize(panel["organization_id"])[0]
    order = np.lexsort((panel["year"].to_numpy(), codes))
    org, wave = codes[order], panel["year"].to_numpy()[order]
    values = {name: panel[name].to_numpy()[order] for name in ACTIVITIES}
    same = org[1:] == org[:-1]
    rows = []
    for before, after in zip(years, years[1:]):
        pair = same & (wave[:-1] == before) & (wave[1:] == after)
        for name, label in ACTIVITIES.items():
            first, then = values[name][:-1][pair], values[name][1:][pair]
            rows.append(
                {
                    "activity": label,
                    "waves": f"{before}-{after}",
                    "in_both_waves": int(pair.sum()),
                    "started": int(((first == 0) & (then == 1)).sum()),
                    "stopped": int(((first == 1) & (then == 0)).sum()),
                }
            )
    return pd.DataFrame(rows)


def balance(panel: pd.DataFrame) -> pd.DataFrame:
    """How balanced the panel is: organizations per wave, entries, exits, full presence."""
    years = sorted(panel["year"].unique())
    spans = panel.groupby("organization_id")["year"].agg(["min", "max", "size"])
    rows = [(f"organizations in {y}", int(panel["year"].eq(y).sum())) for y in years]
    rows += [
        ("organizations per wave (mean)", f"{panel.groupby('year').size().mean():.1f}"),
        ("organizations in any wave", len(spans)),
        ("present in every wave", int(spans["size"].eq(len(years)).sum())),
        (f"entered after {years[0]}", int(spans["min"].gt(years[0]).sum())),
        (f"left before {years[-1]}", int(spans["max"].lt(years[-1]).sum())),
        ("sectors", panel["sector"].nunique()),
        ("activity kinds", len(ACTIVITIES)),
    ]
    return pd.DataFrame([(m, str(v)) for m, v in rows], columns=["measure", "value"])


def records_provenance(panel: pd.DataFrame) -> str:
    """The most synthetic provenance among the panel's records."""
    from ctcstudy.provenance import most

    return most(panel["provenance"].unique())


def with_provenance(table: pd.DataFrame, provenance: str) -> pd.DataFrame:
    """Add the panel's provenance as a column, so even a bare CSV says what it is made from."""
    return table.assign(provenance=provenance)


def published_marks(claims: pd.DataFrame, references: dict | None = None) -> dict[str, list[tuple[int, float, str]]]:
    """Published per-wave coalition-building values, for reference marks on the trend figure, each
    labelled with the publication it is from (its short citation where references are given)."""
    rows = claims[claims["output"].eq("panel_coalition_trend") & claims["row"].str.fullmatch(r"\d{4}")]
    marks: dict[str, list] = {}
    for row in rows.itertuples():
        key = row.source.split(",")[0].strip()
        cited = references[key].short if references and key in references else key
        marks.setdefault(row.column, []).append((int(row.row), float(row.published), cited))
    return marks
