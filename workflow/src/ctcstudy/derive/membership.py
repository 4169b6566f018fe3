"""Derivations: rebuild the study's tables from the tidy questionnaire and profile records.

Every count is computed from item-level answers (Table 2 and 3 counts from the Table 1
cells), so disagreements between the published tables surface on every run.
"""

from __future__ import annotations

import pandas as pd

from ctcstudy.codebook.questionnaire import (
    BUSINESS_SIZES,
    GOVERNMENT_LEVELS,
    ITEM_BY_NAME,
    NGO_ITEMS,
    NOT_REPORTED,
    ROLES,
)

ROLE_COLUMNS = {"member": "table2_member_types", "partner": "table3_partner_types"}


def by_coalition(responses: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """One answer row per coalition, in the requested order.

    The study reports coalition-level answers. Several records for one coalition are
    refused rather than one picked: no rule for combining leaders' answers is published.
    """
    unknown = sorted(set(coalitions) - set(responses["coalition"]))
    if unknown:
        raise KeyError(f"no questionnaire record for coalition(s): {', '.join(unknown)}")
    counts = responses["coalition"].value_counts()
    repeated = sorted(c for c in coalitions if counts[c] > 1)
    if repeated:
        raise ValueError(
            f"several questionnaire records for coalition(s) {', '.join(repeated)}; "
            "coalition-level tables need exactly one"
        )
    return responses.set_index("coalition").loc[coalitions]


NOT_REPORTED_TEXT = "not reported"


def ngo_type_cell(member: int, partner: int) -> str:
    """Table 1 notation: M, P, 'M & P' or empty; 'not reported' where an answer is missing."""
    if NOT_REPORTED in (member, partner):
        return NOT_REPORTED_TEXT
    return " & ".join(mark for mark, flag in (("M", member), ("P", partner)) if flag == 1)


def table1_ngo_types(responses: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """NGO type by coalition. Types whose answers are not reported get no row, as in the paper."""
    answers = by_coalition(responses, coalitions)
    rows = []
    for item in NGO_ITEMS:
        if item.role != "member":
            continue
        partner = item.name.replace("_member", "_partner")
        member_col, partner_col = answers[item.name], answers[partner]
        if member_col.eq(NOT_REPORTED).all() and partner_col.eq(NOT_REPORTED).all():
            continue
        cells = [ngo_type_cell(m, p) for m, p in zip(member_col, partner_col)]
        rows.append([item.ngo_type, *cells])
    return pd.DataFrame(rows, columns=["ngo_type", *coalitions])


def count_marks(table1: pd.DataFrame, coalitions: list[str], role: str) -> pd.Series:
    """Number of NGO types whose Table 1 cell carries the role's mark (M or P); '>=n' where some
    cells are not reported, 'not reported' where all are."""
    mark = ROLES[role]
    counts = {}
    for c in coalitions:
        known = table1.loc[table1[c].ne(NOT_REPORTED_TEXT), c]
        n = int(known.str.split(" & ").apply(lambda cell: mark in cell).sum())
        counts[c] = n if len(known) == len(table1) else NOT_REPORTED_TEXT if len(known) == 0 and not n else f">={n}"
    return pd.Series(counts, dtype=object)


def joined(answers: pd.Series, items: list[tuple[str, str]], prefix: str, sep: str) -> str:
    """'Small & Medium', 'Intergov/Natl/State' or 'None', from dichotomous items."""
    values = [answers[f"{prefix}_{key}"] for key, _ in items]
    labels = [label for (key, label), value in zip(items, values) if value == 1]
    if not labels and NOT_REPORTED in values:
        return NOT_REPORTED_TEXT
    return sep.join(labels) if labels else "None"


def sector_table(responses: pd.DataFrame, table1: pd.DataFrame, coalitions: list[str], role: str) -> pd.DataFrame:
    """Table 2 (role='member') or Table 3 (role='partner')."""
    answers = by_coalition(responses, coalitions)
    counts = count_marks(table1, coalitions, role)
    rows = [
        {
            "coalition": c,
            "ngo_types": counts[c],
            "business": joined(answers.loc[c], BUSINESS_SIZES, f"business_{role}", " & "),
            "government": joined(answers.loc[c], GOVERNMENT_LEVELS, f"government_{role}", "/"),
        }
        for c in coalitions
    ]
    return pd.DataFrame(rows)


def membership_tables(responses: pd.DataFrame, coalitions: list[str]) -> dict[str, pd.DataFrame]:
    """Tables 1-3 of the study, the counts of Tables 2 and 3 computed from Table 1."""
    table1 = table1_ngo_types(responses, coalitions)
    return {
        "table1_ngo_types": table1,
        "table2_member_types": sector_table(responses, table1, coalitions, "member"),
        "table3_partner_types": sector_table(responses, table1, coalitions, "partner"),
    }


def label(item: str, code) -> str:
    """The value label of a coded answer ('not reported' for the user-missing code)."""
    return ITEM_BY_NAME[item].values.get(int(code), str(code))


def years_text(row: pd.Series) -> str:
    if row["years_operating"] == NOT_REPORTED:
        return NOT_REPORTED_TEXT
    return f">{row['years_operating']}" if row["years_operating_more_than"] == 1 else str(row["years_operating"])


def leaders_text(code: int) -> str:
    return "2-3" if code == 23 else NOT_REPORTED_TEXT if code == NOT_REPORTED else str(code)


def count_text(value: int) -> str:
    return NOT_REPORTED_TEXT if value == NOT_REPORTED else str(value)


def coalition_structure(responses: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """One row per coalition: the structural facts the profiles and criteria rest on."""
    answers = by_coalition(responses, coalitions)
    rows = []
    for c in coalitions:
        a = answers.loc[c]
        individuals = a["individual_members"]
        rows.append(
            {
                "coalition": c,
                "region": label("region", a["region"]),
                "years_operating": years_text(a),
                "leaders": leaders_text(a["leaders"]),
                "member_organizations": count_text(a["member_organizations"]),
                "individual_members": count_text(individuals),
                "paid_staff": label("paid_staff", a["paid_staff"]),
                "self_description": label("self_description", a["self_description"]),
                "scope": label("scope", a["scope"]),
            }
        )
    return pd.DataFrame(rows)


def profile_word_table(
    profiles: pd.DataFrame, coalitions: list[str], fields: dict[str, str], column: str = "value"
) -> pd.DataFrame:
    """Yin's word table: one row per template field (by its label), one column per coalition.
    column="document": the same table holding each cell's document passage instead."""
    if column == "document":
        profiles = profiles.assign(document=profiles["document"].fillna("typed template"))
    # as objects before the gaps appear: coded values that are all numbers stay whole (14, not 14.0),
    # and one filled block serves hundreds of coalitions
    wide = profiles.pivot(index="attribute", columns="coalition", values=column).astype(object)
    wide = wide.reindex(index=list(fields), columns=coalitions).fillna("not stated")
    wide.index = [fields[key] for key in wide.index]
    return wide.rename_axis(index="attribute", columns=None).reset_index()
