"""Single-organization cases coded with the insider-tactics scheme (Lux & Mosley 2014)."""

from __future__ import annotations

import pandas as pd

ROLES = ["none", "secondary", "primary"]


def tactic_table(tactics: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Tactic (rows, codebook order) by case and collaboration: primary / secondary / none,
    with the passages each row rests on."""
    labels = dict(zip(codes["tactic"], codes["label"]))
    tactics = tactics.assign(column=tactics["case"] + ": " + tactics["collaboration"].str.replace("_", " "))
    wide = tactics.pivot(index="tactic", columns="column", values="role").reindex(list(labels))
    wide = wide.reindex(columns=list(dict.fromkeys(tactics["column"]))).fillna("not coded")
    sources = tactics.groupby("tactic")["source"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    wide["sources"] = sources.reindex(wide.index).fillna("")
    wide.index = [labels[t] for t in wide.index]
    return wide.rename_axis(index="tactic", columns=None).reset_index()


def timeline(events: pd.DataFrame) -> pd.DataFrame:
    return events[["case", "period", "event", "collaboration", "source"]].fillna({"collaboration": ""})


def partner_conditions(conditions: pd.DataFrame) -> pd.DataFrame:
    return conditions[["case", "collaboration", "condition", "source"]]
