"""The 2008-2011 organization panel of the wider study (Foot 2016; Foot, Toft & Cesare 2015).

Long format: one row per organization and panel wave, with sector, region, the eight kinds
of anti-trafficking activity, and the coalition-building indicators. The organization-level
panel is not public: ``generate`` makes a synthetic one, calibrated exactly (per wave, up to
rounding) to the published shares, with organizations entering and leaving between waves.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

ACTIVITIES = {  # Foot, Toft & Cesare (2015): the eight kinds of activity
    "research": "Research",
    "policy_advocacy": "Policy advocacy",
    "awareness_raising": "Awareness-raising",
    "prevention": "Prevention",
    "intervention": "Intervention",
    "law_enforcement": "Law enforcement",
    "restoration": "Restoration",
    "equipping": "Equipping",
}
COALITION = {"coalition_building": "Claims some coalition-building effort",
             "named_coalition": "Member of a named coalition of at least three members"}
INDICATORS = [*ACTIVITIES, *COALITION]
COLUMNS = ["organization_id", "year", "sector", "region", *INDICATORS, "provenance", "source"]
SOURCE = "foot_2016, ch. 1, §Approach; calibrated also to foot_sworn_alejano_steele_2019, §Introduction"
YES_NO = {0: "no", 1: "yes"}


# ---------------------------------------------------------------- synthetic generator


def presence(n_waves: int, per_wave: int, share_all_waves: float) -> np.ndarray:
    """Organizations x waves. A core is present in every wave; as many organizations leave
    early as enter late, their exit and entry waves spread evenly, so every wave holds
    exactly ``per_wave`` organizations while the panel as a whole holds more."""
    core = round(share_all_waves * per_wave)
    movers = per_wave - core
    present = np.zeros((core + 2 * movers, n_waves), dtype=bool)
    present[:core] = True
    for i in range(movers):
        last_wave = i % (n_waves - 1)  # leaver: present from the first wave up to here
        present[core + i, :last_wave + 1] = True
        present[core + movers + i, last_wave + 1:] = True  # entrant: from the next wave on
    return present


def simulate(rng: np.random.Generator, present: np.ndarray, shares: np.ndarray, stop_rate: float,
             eligible: np.ndarray | None = None) -> np.ndarray:
    """Indicator states calibrated exactly: in each wave round(share x present) organizations
    are active. Continuing organizations keep their state except random stops; then the
    count is made up by random starts (or stops), among ``eligible`` organizations only."""
    n, n_waves = present.shape
    eligible = np.ones_like(present) if eligible is None else eligible
    state = np.zeros_like(present)
    for t in range(n_waves):
        active = state[:, t - 1] & present[:, t] if t else np.zeros(n, dtype=bool)
        active &= eligible[:, t] & ~(rng.random(n) < stop_rate)
        target = round(shares[t] * present[:, t].sum())
        gap = target - active.sum()
        pool = np.flatnonzero((present[:, t] & eligible[:, t] & ~active) if gap > 0 else active)
        if abs(gap) > len(pool):
            raise ValueError(f"cannot reach share {shares[t]:.3f} in wave {t}: too few eligible organizations")
        active[rng.choice(pool, abs(gap), replace=False)] = gap > 0
        state[:, t] = active
    return state


def wave_shares(first_last: list[float], n_waves: int) -> np.ndarray:
    """Published or assumed first- and last-wave shares, linear in between."""
    return np.linspace(first_last[0], first_last[1], n_waves)


def generate(settings: dict, sectors: list[str], regions: list[str]) -> pd.DataFrame:
    """The synthetic panel, long format, every row ``provenance = synthetic``."""
    rng = np.random.default_rng(settings["seed"])
    waves = settings["waves"]
    present = presence(len(waves), settings["per_wave"], settings["share_in_all_waves"])
    n = present.shape[0]
    states = {}
    for name in ACTIVITIES:
        states[name] = simulate(rng, present, wave_shares(settings["targets"][name], len(waves)), settings["stop_rate"])
    states["coalition_building"] = simulate(rng, present, wave_shares(settings["targets"]["coalition_building"], len(waves)),
                                            settings["stop_rate"])
    named = wave_shares(settings["targets"]["named_coalition"], len(waves))
    states["named_coalition"] = simulate(rng, present, named, settings["stop_rate"], eligible=states["coalition_building"])
    sector = rng.integers(1, len(sectors) + 1, n)
    region = rng.integers(1, len(regions) + 1, n)
    org, wave = np.nonzero(present)
    frame = pd.DataFrame({
        "organization_id": [f"O{i + 1:06d}" for i in org],
        "year": np.array(waves)[wave],
        "sector": sector[org],
        "region": region[org],
        **{name: states[name][org, wave].astype(np.int8) for name in INDICATORS},
        "provenance": "synthetic",
        "source": SOURCE,
    })
    return frame.sort_values(["organization_id", "year"], ignore_index=True)


# ---------------------------------------------------------------- files (.sav, .dta)


def labels(sectors: list[str], regions: list[str]) -> dict:
    value_labels = {"sector": dict(enumerate(sectors, 1)), "region": dict(enumerate(regions, 1))}
    value_labels.update({name: YES_NO for name in INDICATORS})
    return value_labels


def column_labels() -> dict:
    return {"organization_id": "Organization (pseudonymous identifier)", "year": "Panel wave (year)",
            "sector": "Sector of the organization", "region": "Region where the organization is based",
            **{k: f"Claims {v.lower()} activity" for k, v in ACTIVITIES.items()}, **COALITION,
            "provenance": "Provenance of the record: published, derived or synthetic",
            "source": "Publication and passage the record is calibrated to"}


FIXED_SAV_TIMESTAMP = b"01 Jan 1900:00:00"  # the .sav header's creation date (9) and time (8)


def write(frame: pd.DataFrame, path: str | Path, sectors: list[str], regions: list[str]) -> Path:
    """Write .sav or .dta (by suffix) with variable and value labels, byte-identical per input."""
    import pyreadstat

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    common = dict(column_labels=column_labels(), variable_value_labels=labels(sectors, regions),
                  file_label="CTC organization panel 2008-2011 (synthetic unless stated)")
    if path.suffix == ".sav":
        pyreadstat.write_sav(frame, str(tmp), **common, variable_format={c: "F8.0" for c in ("year", "sector", "region", *INDICATORS)})
        data = bytearray(tmp.read_bytes())
        data[92:109] = FIXED_SAV_TIMESTAMP  # the writer stamps the wall clock; pin it for reproducibility
        tmp.write_bytes(bytes(data))
    elif path.suffix == ".dta":
        pyreadstat.write_dta(frame, str(tmp), **common)
    else:
        raise ValueError(f"panel file must be .sav or .dta, not {path.suffix}")
    tmp.replace(path)
    return path


def read(path: str | Path) -> pd.DataFrame:
    """Read a .sav or .dta panel into the tidy long table; sector and region as their labels."""
    import pyreadstat

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    reader = {".sav": pyreadstat.read_sav, ".dta": pyreadstat.read_dta}.get(path.suffix)
    if reader is None:
        raise InputError(path, f"panel file must be .sav or .dta, not {path.suffix!r}")
    try:
        frame, meta = reader(str(path))
    except Exception as exc:  # pyreadstat raises its own types for every malformed file
        raise InputError(path, f"not a readable {path.suffix} file ({exc})") from exc
    if frame.empty:
        raise InputError(path, "the panel holds no rows")
    if "provenance" not in frame.columns:  # a user's own panel: original records, not made by this package
        frame["provenance"] = "published"
        frame["source"] = f"user_supplied, panel file {path.name}"
    for column in ("sector", "region"):
        if column in frame.columns:
            names = meta.variable_value_labels.get(column, {})
            frame[column] = [names.get(v, f"unlabelled code {v:g}") if pd.notna(v) else None for v in frame[column]]
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().all() and values.mod(1).eq(0).all():
            frame[column] = values.astype("int64")
    return frame


# ---------------------------------------------------------------- aggregates


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
        rows.append({"activity": label, f"{int(first['year'])} %": first[name], f"{int(last['year'])} %": last[name],
                     "change_pp": change, "increase_class": change_class(change, classes)})
    return pd.DataFrame(rows)


def coalition_trend(panel: pd.DataFrame) -> pd.DataFrame:
    """Coalition building and named-coalition membership (%) per wave and over all waves."""
    by_year = panel.groupby("year")[list(COALITION)].mean()
    rows = [{"year": str(year), **percent(shares).to_dict()} for year, shares in by_year.iterrows()]
    rows.append({"year": "all waves", **percent(panel[list(COALITION)].mean()).to_dict()})
    first, last = by_year.iloc[0], by_year.iloc[-1]
    rows.append({"year": "rising (last wave above first)", **{k: "yes" if last[k] > first[k] else "no" for k in COALITION}})
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
    """Organizations that started or stopped each activity between consecutive waves."""
    years = sorted(panel["year"].unique())
    wide = panel.set_index(["organization_id", "year"])[list(ACTIVITIES)]
    rows = []
    for before, after in zip(years, years[1:]):
        a, b = wide.xs(before, level="year"), wide.xs(after, level="year")
        both = a.index.intersection(b.index)
        a, b = a.loc[both], b.loc[both]
        for name, label in ACTIVITIES.items():
            rows.append({"activity": label, "waves": f"{before}-{after}", "in_both_waves": len(both),
                         "started": int(((a[name] == 0) & (b[name] == 1)).sum()),
                         "stopped": int(((a[name] == 1) & (b[name] == 0)).sum())})
    return pd.DataFrame(rows)


def balance(panel: pd.DataFrame) -> pd.DataFrame:
    """How balanced the panel is: organizations per wave, entries, exits, full presence."""
    years = sorted(panel["year"].unique())
    spans = panel.groupby("organization_id")["year"].agg(["min", "max", "size"])
    rows = [(f"organizations in {y}", int(panel["year"].eq(y).sum())) for y in years]
    rows += [("organizations per wave (mean)", f"{panel.groupby('year').size().mean():.1f}"),
             ("organizations in any wave", len(spans)),
             ("present in every wave", int(spans["size"].eq(len(years)).sum())),
             (f"entered after {years[0]}", int(spans["min"].gt(years[0]).sum())),
             (f"left before {years[-1]}", int(spans["max"].lt(years[-1]).sum())),
             ("sectors", panel["sector"].nunique()),
             ("activity kinds", len(ACTIVITIES))]
    return pd.DataFrame([(m, str(v)) for m, v in rows], columns=["measure", "value"])


def with_provenance(table: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """Add the panel's provenance as a column, so even a bare CSV says what it is made from."""
    from .provenance import most

    return table.assign(provenance=most(panel["provenance"]))


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


def codebook(sectors: list[str], regions: list[str]) -> pd.DataFrame:
    """One row per panel variable: label, codes and what the values mean."""
    value_labels = labels(sectors, regions)
    rows = [{"variable": name, "label": label,
             "values": "; ".join(f"{k}={v}" for k, v in value_labels.get(name, {}).items())}
            for name, label in column_labels().items()]
    notes = {"organization_id": "pseudonymous; unique per organization", "year": "one panel wave per year, 2008-2011",
             "sector": "the nine sector names are not published: labels come from config panel.sectors",
             "region": "region labels are an assumption: config panel.regions"}
    return pd.DataFrame(rows).assign(note=lambda t: t["variable"].map(notes).fillna(""))
