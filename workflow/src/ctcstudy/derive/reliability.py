"""Intercoder reliability of the coded interviews: Krippendorff's alpha per code over paragraph units,
with a bootstrap interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctcstudy.ingest.interviews import double_coded_share


def presence(segs: pd.DataFrame, unit_table: pd.DataFrame, code_path: str) -> pd.DataFrame:
    """Coder x unit matrix: 1 if the coder applied the code to a span overlapping the unit, 0 if
    not, NaN if the coder did not code that source."""
    coders = sorted(segs["coder"].unique())
    units = unit_table[["source_guid", "unit"]].drop_duplicates(ignore_index=True)
    position = {key: i for i, key in enumerate(units.itertuples(index=False, name=None))}
    matrix = pd.DataFrame(np.nan, index=coders, columns=range(len(units)))
    for coder in coders:
        coded_sources = set(segs.loc[segs["coder"].eq(coder), "source_guid"])
        matrix.loc[coder, units.index[units["source_guid"].isin(coded_sources)]] = 0.0
    # Overlap is found in the text the segment's positions count in; the unit it falls in is
    # the same in every export's variant of that text.
    hits = segs.loc[segs["code_path"].eq(code_path), ["coder", "source_guid", "text_sha256", "start", "end"]]
    pairs = hits.merge(unit_table, on=["source_guid", "text_sha256"], suffixes=("", "_unit"))
    pairs = pairs[(pairs["start"] < pairs["end_unit"]) & (pairs["end"] > pairs["start_unit"])]
    for coder, source, unit in pairs[["coder", "source_guid", "unit"]].drop_duplicates().itertuples(index=False):
        matrix.loc[coder, position[(source, unit)]] = 1.0
    return matrix


def alpha(data: np.ndarray) -> float:
    """Krippendorff's alpha, nominal; NaN when every value is the same (alpha undefined)."""
    import krippendorff

    values = data[~np.isnan(data)]
    if len(np.unique(values)) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def coincidences(data: np.ndarray) -> np.ndarray:
    """Per-unit coincidence matrices (units x values x values) of nominal coder x unit data.

    Krippendorff's alpha sums these over units, so a bootstrap resample is a weighted sum
    and all resamples are one matrix product (the same numbers as calling alpha per resample).
    """
    values = np.unique(data[~np.isnan(data)])
    counts = np.stack([(data == v).sum(axis=0) for v in values], axis=1).astype(float)  # units x values
    pairable = counts.sum(axis=1)
    scale = np.divide(1.0, pairable - 1, out=np.zeros_like(pairable), where=pairable >= 2)
    return counts[:, :, None] * (counts[:, None, :] - np.eye(len(values))) * scale[:, None, None]


def alpha_from_coincidences(matrix: np.ndarray) -> np.ndarray:
    """Nominal alpha from summed coincidence matrices (..., values, values); NaN where undefined."""
    n_value = matrix.sum(axis=-1)
    n = n_value.sum(axis=-1)
    observed = matrix.sum(axis=(-2, -1)) - np.trace(matrix, axis1=-2, axis2=-1)
    expected = n**2 - (n_value**2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def bootstrap(data: np.ndarray, samples: int, seed: int) -> tuple[float, float]:
    """95% percentile interval of alpha over units resampled with replacement."""
    rng = np.random.default_rng(seed)
    units = data.shape[1]
    draws = rng.integers(0, units, (samples, units))  # the same stream as one draw per resample
    weights = np.bincount((draws + units * np.arange(samples)[:, None]).ravel(), minlength=samples * units).reshape(
        samples, units
    )
    per_unit = coincidences(data)
    summed = (weights @ per_unit.reshape(units, -1)).reshape(samples, *per_unit.shape[1:])
    found = alpha_from_coincidences(summed)
    found = found[~np.isnan(found)]
    return (float("nan"), float("nan")) if found.size == 0 else tuple(np.percentile(found, [2.5, 97.5]))


def assessment(value: float) -> str:
    if np.isnan(value):
        return "undefined (no variation in the double-coded units)"
    return "reliable" if value >= 0.800 else "tentative" if value >= 0.667 else "below 0.667"


def reliability(
    segs: pd.DataFrame, unit_table: pd.DataFrame, codes: pd.DataFrame, samples: int, seed: int
) -> pd.DataFrame:
    """Alpha per codable code over the paragraph units of the double-coded sources."""
    coders_per_source = segs.groupby("source_guid")["coder"].nunique()
    double = coders_per_source[coders_per_source >= 2].index
    shared = unit_table[unit_table["source_guid"].isin(double)].reset_index(drop=True)
    share = double_coded_share(segs, unit_table["source_guid"].nunique())
    n_units = len(shared[["source_guid", "unit"]].drop_duplicates())
    columns = ["code_path", "alpha", "ci_low", "ci_high", "units", "coders", "double_coded_share", "assessment"]
    if shared.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for offset, code_path in enumerate(codes.loc[codes["is_codable"], "code_path"]):
        data = presence(segs[segs["source_guid"].isin(double)], shared, code_path).to_numpy()
        value = alpha(data)
        low, high = bootstrap(data, samples, seed + offset) if not np.isnan(value) else (np.nan, np.nan)
        rows.append(
            {
                "code_path": code_path,
                "alpha": round(value, 3),
                "ci_low": round(low, 3),
                "ci_high": round(high, 3),
                "units": n_units,
                "coders": data.shape[0],
                "double_coded_share": round(share, 2),
                "assessment": assessment(value),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def bootstrap_settings(config: dict) -> tuple[int, int]:
    """(resamples, random state) of the bootstrap interval, from config interviews.reliability."""
    settings = config["interviews"]["reliability"]
    return settings["bootstrap_samples"], settings["seed"]
