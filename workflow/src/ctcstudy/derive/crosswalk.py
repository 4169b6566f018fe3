"""The cross-study view: the insider-tactics cases and the coalitions' interview codes side by side,
through the crosswalk between the two coding schemes."""

from __future__ import annotations

import pandas as pd

from ctcstudy.configuration.caselist import pseudonyms
from ctcstudy.derive.facts import NOT_REPORTED_TEXT


def crosswalk_cells(
    document: dict, crosswalk: pd.DataFrame, tactics: pd.DataFrame, matrix: pd.DataFrame, tactic_labels: dict[str, str]
) -> pd.DataFrame:
    """Shared dimensions (the coalition scheme's engagement practices and the insider tactics)
    by case. A cell the crosswalk cannot fill says so; nothing is guessed."""
    coalitions = pseudonyms(document, "coalition")
    singles = pseudonyms(document, "single_organization")
    practices = [p for p in matrix["code_path"] if p.startswith("Engagement practices/")]
    from ctcstudy.derive.themes import interviewed

    heard = interviewed(matrix, coalitions)
    mapped = crosswalk[crosswalk["engagement_code"].notna() & crosswalk["engagement_code"].ne("")]
    rows = []
    for practice in practices:
        row = {"dimension": practice, "scheme": "ctc_engagement"}
        counts = matrix.set_index("code_path").loc[practice]
        for c in coalitions:
            row[c] = ("coded" if counts[f"{c}: segments"] > 0 else "not coded") if c in heard else NOT_REPORTED_TEXT
        links = mapped[mapped["engagement_code"].eq(practice)]
        for s in singles:
            if links.empty:
                row[s] = "no crosswalk entry (not comparable)"
                continue
            used = tactics[tactics["case"].eq(s) & tactics["tactic"].isin(links["tactic"]) & tactics["role"].ne("none")]
            row[s] = (
                "; ".join(
                    f"via {tactic_labels[t]} ({', '.join(sorted(set(g['role'])))}, "
                    f"{links.set_index('tactic').loc[t, 'correspondence']})"
                    for t, g in used.groupby("tactic")
                )
                or "crosswalked tactic not used"
            )
        rows.append(row)
    for tactic, label in tactic_labels.items():
        row = {"dimension": label, "scheme": "insider_tactics"}
        links = mapped[mapped["tactic"].eq(tactic)]
        for c in coalitions:
            if c not in heard:
                row[c] = NOT_REPORTED_TEXT
            elif links.empty:
                row[c] = "no counterpart in the coalition scheme (not comparable)"
            else:
                counts = matrix.set_index("code_path").loc[links["engagement_code"], f"{c}: segments"]
                coded = [p.split("/")[-1] for p, n in counts.items() if n > 0]
                absent = [p.split("/")[-1] for p, n in counts.items() if n == 0]
                row[c] = "; ".join(
                    part
                    for part in (
                        coded and "coded as " + ", ".join(coded),
                        absent and "not coded as " + ", ".join(absent),
                    )
                    if part
                )
        for s in singles:
            roles = tactics[tactics["case"].eq(s) & tactics["tactic"].eq(tactic)]
            row[s] = "; ".join(f"{r.collaboration}: {r.role}" for r in roles.itertuples()) or NOT_REPORTED_TEXT
        rows.append(row)
    return pd.DataFrame(rows, columns=["dimension", "scheme", *coalitions, *singles])
