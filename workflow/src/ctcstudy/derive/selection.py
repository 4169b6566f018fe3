"""The case-selection criteria of the three-coalition study, applied to every case's facts."""

from __future__ import annotations

import pandas as pd

from ctcstudy.configuration.caselist import pseudonyms
from ctcstudy.derive.facts import NOT_REPORTED_TEXT, number

CRITERIA = ["years_operating", "leaders", "member_organizations", "scope"]


def at_least(value, threshold: float) -> str:
    """met / not met / not evaluable, for a number that may be a lower bound."""
    amount, lower_bound = number(value)
    if amount is None:
        return "not evaluable"
    if amount >= threshold:
        return "met"
    return "not evaluable" if lower_bound else "not met"


def evaluate(facts: pd.Series, criteria: dict) -> tuple[dict, dict]:
    """(met / not met / not evaluable, what is wanted) for each criterion, from one case's facts.
    The one place the criteria are computed: the case_selection table and the gate use it."""
    met = {
        "years_operating": at_least(facts.get("years_operating"), criteria["min_years_operating"]),
        "leaders": at_least(facts.get("leaders"), criteria["min_leaders"]),
        "member_organizations": at_least(facts.get("member_organizations"), criteria["min_member_organizations"]),
        "scope": (
            "not evaluable"
            if pd.isna(facts.get("scope")) or facts.get("scope") == NOT_REPORTED_TEXT
            else "met"
            if facts.get("scope") == criteria["scope"]
            else "not met"
        ),
    }
    wanted = {
        "years_operating": f"at least {criteria['min_years_operating']}",
        "leaders": f"at least {criteria['min_leaders']}",
        "member_organizations": f"at least {criteria['min_member_organizations']}",
        "scope": criteria["scope"],
    }
    return met, wanted


def by_case(facts: pd.DataFrame, document: dict) -> pd.DataFrame:
    return facts.pivot(index="case", columns="fact", values="value").reindex(pseudonyms(document))


def case_selection(facts: pd.DataFrame, document: dict, criteria: dict) -> pd.DataFrame:
    """The study's four criteria for every case, and which a case fails, with its value: reported
    here, not enforced (unless config case_selection.enforce makes the gate refuse it)."""
    types = {c["pseudonym"]: c["case_type"] for c in document["cases"]}
    rows = []
    for case, f in by_case(facts, document).iterrows():
        met, wanted = evaluate(f, criteria)
        failed = [f"{k} = {f.get(k)} ({wanted[k]})" for k in CRITERIA if met[k] == "not met"]
        rows.append(
            {
                "case": case,
                "case_type": types[case],
                **met,
                "selected": "yes" if all(v == "met" for v in met.values()) else "no",
                "failed_criteria": ", ".join(failed)
                or ("none" if all(v == "met" for v in met.values()) else "none failed; some not evaluable"),
            }
        )
    return pd.DataFrame(rows)


def failures(facts: pd.DataFrame, document: dict, criteria: dict, case_type: str | None = None) -> list[tuple]:
    """(case, criterion number, fact, what is wanted, value) for every criterion a case fails."""
    types = {c["pseudonym"]: c["case_type"] for c in document["cases"]}
    found = []
    for case, f in by_case(facts, document).iterrows():
        if case_type and types[case] != case_type:
            continue
        met, wanted = evaluate(f, criteria)
        found += [(case, n, k, wanted[k], f.get(k)) for n, k in enumerate(CRITERIA, 1) if met[k] == "not met"]
    return found
