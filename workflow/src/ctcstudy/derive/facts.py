"""Facts per case (years operating, leaders, members, scope, funding...), from the questionnaire
for coalitions and from the case facts file for every case; nothing here names a case."""

from __future__ import annotations

import re

import pandas as pd

from ctcstudy.codebook.questionnaire import FUNDING, ITEM_BY_NAME, NOT_REPORTED
from ctcstudy.configuration.caselist import pseudonyms
from ctcstudy.errors import InputError

NOT_REPORTED_TEXT = "not reported"


def number(value) -> tuple[float | None, bool]:
    """(number, is_lower_bound) from '5', '>10', '>=4' or (None, False) when not reported."""
    text = str(value).strip()
    match = re.fullmatch(r"(>=|>|≥)?\s*(\d+(?:\.\d+)?)", text)
    if not match:
        return None, False
    return float(match.group(2)), bool(match.group(1))


def funding_types(answers: pd.Series) -> str:
    """Number of funding-source kinds; '>=n' when some kinds are not reported."""
    values = [answers[f"funding_{key}"] for key, _ in FUNDING]
    known = sum(v == 1 for v in values)
    if all(v == NOT_REPORTED for v in values):
        return NOT_REPORTED_TEXT
    return f">={known}" if NOT_REPORTED in values else str(known)


def coalition_facts(responses: pd.DataFrame, coalitions: list[str]) -> pd.DataFrame:
    """Facts from the leader questionnaire, one row per coalition and fact."""
    rows = []
    answers = responses.set_index("coalition")
    for coalition in coalitions:
        if coalition not in answers.index:
            raise KeyError(f"no questionnaire record for coalition {coalition!r}")
        a = answers.loc[coalition]
        from ctcstudy.derive.membership import count_text, years_text

        facts = {
            "years_operating": years_text(a),
            "leaders": ">=2" if a["leaders"] == 23 else count_text(a["leaders"]),
            "member_organizations": count_text(a["member_organizations"]),
            "scope": ITEM_BY_NAME["scope"].values[int(a["scope"])],
            "paid_staff": NOT_REPORTED_TEXT
            if a["paid_staff"] == NOT_REPORTED
            else "yes"
            if a["paid_staff"] > 0
            else "no",
            "funding_source_types": funding_types(a),
        }
        rows += [
            {
                "case": coalition,
                "fact": k,
                "value": v,
                "provenance": a["provenance"],
                "source": f"leader questionnaire, record {a['respondent_id']}",
            }
            for k, v in facts.items()
        ]
    return pd.DataFrame(rows)


def all_facts(document: dict, responses: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    """Every case's facts, long: the questionnaire for coalitions, the case-facts file otherwise.

    A fact given by both the questionnaire and the case-facts file is refused: one place each.
    """
    from_questionnaire = coalition_facts(responses, pseudonyms(document, "coalition"))
    both = from_questionnaire.merge(recorded, on=["case", "fact"])
    if len(both):
        row = both.iloc[0]
        raise InputError(
            "case facts",
            "fact recorded in both the questionnaire and the case-facts file",
            record=f"case {row['case']}",
            field=row["fact"],
        )
    facts = pd.concat(
        [from_questionnaire, recorded[["case", "fact", "value", "provenance", "source"]]], ignore_index=True
    )
    order = {name: i for i, name in enumerate(pseudonyms(document))}
    return facts[facts["case"].isin(order)].sort_values(
        "case", key=lambda s: s.map(order), kind="stable", ignore_index=True
    )


def facts_table(facts: pd.DataFrame, document: dict) -> pd.DataFrame:
    """Wide: one row per fact, one column per case ('not reported' where a case lacks it)."""
    wide = facts.pivot(index="fact", columns="case", values="value")
    wide = wide.reindex(columns=pseudonyms(document)).fillna(NOT_REPORTED_TEXT)
    return wide.rename_axis(index="fact", columns=None).reset_index()
