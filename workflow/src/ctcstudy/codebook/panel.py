"""The codebook of the 2008-2011 organization panel (Foot 2016; Foot, Toft & Cesare 2015).

Long format: one row per organization and panel wave, with sector, region, the eight kinds of
anti-trafficking activity and the coalition-building indicators; labels for the .sav/.dta files."""

from __future__ import annotations

import pandas as pd

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


COALITION = {
    "coalition_building": "Claims some coalition-building effort",
    "named_coalition": "Member of a named coalition of at least three members",
}


INDICATORS = [*ACTIVITIES, *COALITION]


COLUMNS = ["organization_id", "year", "sector", "region", *INDICATORS, "provenance", "source"]


YES_NO = {0: "no", 1: "yes"}


def labels(sectors: list[str], regions: list[str]) -> dict:
    value_labels = {"sector": dict(enumerate(sectors, 1)), "region": dict(enumerate(regions, 1))}
    value_labels.update({name: YES_NO for name in INDICATORS})
    return value_labels


def column_labels() -> dict:
    return {
        "organization_id": "Organization (pseudonymous identifier)",
        "year": "Panel wave (year)",
        "sector": "Sector of the organization",
        "region": "Region where the organization is based",
        **{k: f"Claims {v.lower()} activity" for k, v in ACTIVITIES.items()},
        **COALITION,
        "provenance": "Provenance of the record: published, derived or synthetic",
        "source": "Publication and passage the record is calibrated to",
    }


def codebook(sectors: list[str], regions: list[str]) -> pd.DataFrame:
    """One row per panel variable: label, codes and what the values mean."""
    value_labels = labels(sectors, regions)
    rows = [
        {
            "variable": name,
            "label": label,
            "values": "; ".join(f"{k}={v}" for k, v in value_labels.get(name, {}).items()),
        }
        for name, label in column_labels().items()
    ]
    notes = {
        "organization_id": "pseudonymous; unique per organization",
        "year": "one panel wave per year, 2008-2011",
        "sector": "the nine sector names are not published: labels come from config panel.sectors",
        "region": "region labels are an assumption: config panel.regions",
    }
    return pd.DataFrame(rows).assign(note=lambda t: t["variable"].map(notes).fillna(""))
