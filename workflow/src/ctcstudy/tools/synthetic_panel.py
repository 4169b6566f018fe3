"""The synthetic organization panel.

The organization-level panel is not public: `generate` makes one calibrated exactly (per wave, up
to rounding) to the published shares, with organizations entering and leaving between waves, and
`write` saves it as .sav or .dta with the codebook's labels, byte-identical per input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ctcstudy.codebook.panel import ACTIVITIES, INDICATORS, column_labels, labels

SOURCE = "foot_2016, ch. 1, §Approach; calibrated also to foot_sworn_alejano_steele_2019, §Introduction"


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
        present[core + i, : last_wave + 1] = True
        present[core + movers + i, last_wave + 1 :] = True  # entrant: from the next wave on
    return present


def simulate(
    rng: np.random.Generator,
    present: np.ndarray,
    shares: np.ndarray,
    stop_rate: float,
    eligible: np.ndarray | None = None,
) -> np.ndarray:
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
    states["coalition_building"] = simulate(
        rng, present, wave_shares(settings["targets"]["coalition_building"], len(waves)), settings["stop_rate"]
    )
    named = wave_shares(settings["targets"]["named_coalition"], len(waves))
    states["named_coalition"] = simulate(
        rng, present, named, settings["stop_rate"], eligible=states["coalition_building"]
    )
    sector = rng.integers(1, len(sectors) + 1, n)
    region = rng.integers(1, len(regions) + 1, n)
    org, wave = np.nonzero(present)
    frame = pd.DataFrame(
        {
            "organization_id": [f"O{i + 1:06d}" for i in org],
            "year": np.array(waves)[wave],
            "sector": sector[org],
            "region": region[org],
            **{name: states[name][org, wave].astype(np.int8) for name in INDICATORS},
            "provenance": "synthetic",
            "source": SOURCE,
        }
    )
    return frame.sort_values(["organization_id", "year"], ignore_index=True)


FIXED_SAV_TIMESTAMP = b"01 Jan 1900:00:00"  # the .sav header's creation date (9) and time (8)


def write(frame: pd.DataFrame, path: str | Path, sectors: list[str], regions: list[str]) -> Path:
    """Write .sav or .dta (by suffix) with variable and value labels, byte-identical per input."""
    import pyreadstat

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    common = dict(
        column_labels=column_labels(),
        variable_value_labels=labels(sectors, regions),
        file_label="CTC organization panel 2008-2011 (synthetic unless stated)",
    )
    if path.suffix == ".sav":
        pyreadstat.write_sav(
            frame, str(tmp), **common, variable_format={c: "F8.0" for c in ("year", "sector", "region", *INDICATORS)}
        )
        data = bytearray(tmp.read_bytes())
        data[92:109] = FIXED_SAV_TIMESTAMP  # the writer stamps the wall clock; pin it for reproducibility
        tmp.write_bytes(bytes(data))
    elif path.suffix == ".dta":
        pyreadstat.write_dta(frame, str(tmp), **common)
    else:
        raise ValueError(f"panel file must be .sav or .dta, not {path.suffix}")
    tmp.replace(path)
    return path


def synthesize(settings: dict, outs: list[str]) -> None:
    """The calibrated synthetic panel (settings: config panel), written in every requested format (.sav, .dta)."""
    frame = generate(settings["generator"] | {"waves": settings["waves"]}, settings["sectors"], settings["regions"])
    for out in outs:
        write(frame, out, settings["sectors"], settings["regions"])
    print(f"synthetic panel: {len(frame)} organization-years, seed {settings['generator']['seed']}")
