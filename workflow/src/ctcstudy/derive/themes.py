"""Cross-case theme tables from the coded interviews: the code matrix, the theme comparison, codes
absent per coalition, and the overview of who was interviewed and coded. Counts and code names only."""

from __future__ import annotations

import pandas as pd

from ctcstudy.ingest.interviews import NO_CODINGS, counted, double_coded_share


def code_matrix(segs: pd.DataFrame, roster: pd.DataFrame, codes: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """Codable codes by coalition: coded segments and distinct leaders, each interview counted
    through its own primary coder (roster primary_coder)."""
    own = counted(segs.drop(columns="text"), roster)
    codable = codes[codes["is_codable"]]
    table = codable[["theme", "code_path"]].reset_index(drop=True)
    counts = {}
    for coalition in coalitions:
        here = own[own["coalition"].eq(coalition)].groupby("code_path")
        counts[f"{coalition}: segments"] = table["code_path"].map(here.size()).fillna(0).astype(int)
        counts[f"{coalition}: leaders"] = table["code_path"].map(here["leader"].nunique()).fillna(0).astype(int)
    # joined at once: a column added per coalition would leave hundreds of separate blocks at 300
    # cases, and every later selection from the table would pay for each of them
    table = pd.concat([table, pd.DataFrame(counts, index=table.index)], axis=1)
    table["all: segments"] = table[[f"{c}: segments" for c in coalitions]].sum(axis=1)
    table["all: leaders"] = table["code_path"].map(own.groupby("code_path")["leader"].nunique()).fillna(0).astype(int)
    return table


def interviewed(matrix: pd.DataFrame, coalitions: list[str]) -> list[str]:
    """The coalitions with coded interviews; the others' cells say 'not reported'."""
    return [c for c in coalitions if matrix[f"{c}: leaders"].sum() > 0]


def theme_comparison(matrix: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """Hopes, fears, challenges, practices: which codes occur in each coalition."""
    rows, heard = [], interviewed(matrix, coalitions)
    for theme, part in matrix.groupby("theme", sort=False):
        cells = {
            c: ("; ".join(p.split("/")[-1] for p in part.loc[part[f"{c}: segments"] > 0, "code_path"]) or "none")
            if c in heard
            else "not reported (no coded interviews)"
            for c in coalitions
        }
        rows.append({"theme": theme, **cells})
    return pd.DataFrame(rows, columns=["theme", *coalitions])


def by_study(coalitions: list[str], studies: dict[str, str] | None) -> dict[str, list[str]]:
    """Study -> its coalitions, in case order: a publication's claims are computed on the cases
    it studied, so a case added later never changes them; a new case is a study of its own."""
    grouped: dict[str, list[str]] = {}
    for coalition in coalitions:
        grouped.setdefault((studies or {}).get(coalition, "all"), []).append(coalition)
    return grouped


def absences(
    matrix: pd.DataFrame, codes: pd.DataFrame, coalitions: list[str], studies: dict[str, str] | None = None
) -> pd.DataFrame:
    """Codes with no coded segment in the coalitions of a study (derived, not typed in): one row
    per code absent in some study, one status column per study."""
    groups = by_study(coalitions, studies)
    status = {}
    for study, members in groups.items():
        heard = interviewed(matrix, members)  # a coalition without interviews shows no absence
        total = matrix[[f"{c}: segments" for c in heard]].sum(axis=1) if heard else pd.Series(1, index=matrix.index)
        status[study] = (
            pd.Series(
                [
                    f"absent in all {len(heard)} coalitions"
                    + (" with coded interviews" if len(heard) < len(members) else "")
                    if n == 0
                    else f"coded in {sum(matrix.loc[i, f'{c}: segments'] > 0 for c in heard)} of {len(heard)} "
                    "coalitions"
                    for i, n in total.items()
                ],
                index=matrix.index,
            )
            if heard
            else None
        )
    absent = pd.Series(False, index=matrix.index)
    for column in status.values():
        if column is not None:
            absent |= column.str.startswith("absent")
    rows = matrix.loc[absent, ["code_path"]].merge(codes[["code_path", "description"]], on="code_path", how="left")
    for study, column in status.items():
        rows[study] = column[absent].tolist() if column is not None else "no coded interviews"
    return rows.reset_index(drop=True)


def overview(roster: pd.DataFrame, segs: pd.DataFrame, studies: dict[str, str] | None = None) -> pd.DataFrame:
    """The interviews at a glance, one column per study (its own cases only)."""
    columns = {}
    for study, members in by_study(list(dict.fromkeys(roster["coalition"])), studies).items():
        own = roster[roster["coalition"].isin(members)]
        mine = segs[segs["source_guid"].isin(own["source_guid"])]
        per_coalition = own.groupby("coalition")["leader"].nunique()
        used = counted(mine, own)
        columns[study] = [
            own["leader"].nunique(),
            own["coalition"].nunique(),
            f"{per_coalition.min()}-{per_coalition.max()}",
            "; ".join(dict.fromkeys(own.loc[own["primary_coder"].ne(NO_CODINGS), "primary_coder"])) or "none",
            len(used),
            len(mine) - len(used),
            int(own["exported_twice"].sum()),
            mine["coder"].nunique(),
            f"{double_coded_share(mine, own['source_guid'].nunique()):.2f}",
        ]
    measures = [
        "leaders interviewed",
        "coalitions",
        "leaders per coalition",
        "primary coders",
        "coded segments counted (each interview's primary coder)",
        "coded segments of second coders (reliability only)",
        "codings exported twice (same selection GUID, counted once)",
        "coders",
        "share of interviews double-coded",
    ]
    return pd.DataFrame({"measure": measures, **columns}).astype(str)
