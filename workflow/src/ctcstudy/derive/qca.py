"""Crisp-set qualitative comparative analysis over the cases' facts (exploratory; few cases)."""

from __future__ import annotations

import pandas as pd

from ctcstudy.configuration.caselist import pseudonyms
from ctcstudy.derive.facts import NOT_REPORTED_TEXT, number


def membership(value, rule: dict) -> float:
    """1, 0 or NaN (not reported / not decidable) for one case and one condition."""
    if value is None or pd.isna(value) or value == NOT_REPORTED_TEXT:
        return float("nan")
    if "equals" in rule:
        return float(str(value) == str(rule["equals"]))
    amount, lower_bound = number(value)
    if amount is None:
        return float("nan")
    if amount >= rule["at_least"]:
        return 1.0
    return float("nan") if lower_bound else 0.0


def qca_data(facts: pd.DataFrame, document: dict, settings: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Crisp memberships per case, and the cases left out (a condition or outcome not decidable)."""
    wide = facts.pivot(index="case", columns="fact", values="value").reindex(pseudonyms(document))
    rules = [*settings["conditions"], settings["outcome"]]
    data = pd.DataFrame(
        {r["name"]: [membership(wide.loc[c].get(r["fact"]), r) for c in wide.index] for r in rules}, index=wide.index
    ).rename_axis("case")
    missing = data.isna()
    left_out = pd.DataFrame(
        {
            "case": data.index[missing.any(axis=1)],
            "why": [
                ", ".join(f"{n} not decidable" for n in missing.columns[row])
                for row in missing.to_numpy()[missing.any(axis=1)]
            ],
        }
    )
    return data.dropna().astype(int).reset_index(), left_out


def term_coverage(data: pd.DataFrame, terms: list[str], outcome: str) -> pd.DataFrame:
    """Per-term consistency, raw and unique coverage, computed here (pyqca repeats the
    solution's figures on every term)."""

    def covered(term: str) -> pd.Series:
        mask = pd.Series(True, index=data.index)
        for literal in term.replace("(", "").replace(")", "").split("*"):
            literal = literal.strip()
            mask &= data[literal.lstrip("~")].eq(0 if literal.startswith("~") else 1)
        return mask

    masks = {t: covered(t) for t in terms}
    positive = data[outcome].eq(1)
    rows = []
    for term, mask in masks.items():
        others = pd.Series(False, index=data.index)
        for other, m in masks.items():
            if other != term:
                others |= m
        rows.append(
            {
                "term": term,
                "cases": int(mask.sum()),
                "consistency": round((mask & positive).sum() / mask.sum(), 3) if mask.sum() else float("nan"),
                "raw_coverage": round((mask & positive).sum() / positive.sum(), 3) if positive.sum() else float("nan"),
                "unique_coverage": round((mask & ~others & positive).sum() / positive.sum(), 3)
                if positive.sum()
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def qca(data: pd.DataFrame, settings: dict) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Truth table, solution terms with per-term coverage, and solution-level figures (pyqca)."""
    import warnings

    import qca as pyqca

    outcome = settings["outcome"]["name"]
    conditions = [c["name"] for c in settings["conditions"]]
    if data.empty or data[outcome].nunique() < 2:  # nothing to explain: say so instead of minimizing
        why = "no cases" if data.empty else f"the outcome {outcome} does not vary across the cases"
        empty = pd.DataFrame(columns=[*conditions, "n_cases", "consistency", "outcome_included", "cases"])
        return (
            empty,
            term_coverage(data, [], outcome),
            {"formula": f"(no solution: {why})", "consistency": float("nan"), "coverage": float("nan")},
        )
    with warnings.catch_warnings():  # pyqca warns that intermediate = complex without directional expectations
        warnings.simplefilter("ignore", UserWarning)
        fit = pyqca.CSQCA(data, outcome=outcome, conditions=conditions, case_id="case").fit(
            consistency_cutoff=settings["consistency_cutoff"]
        )
    table = fit.truth_table[[*conditions, "n_cases", "outcome_raw_consist", "include", "cases"]].rename(
        columns={"outcome_raw_consist": "consistency", "include": "outcome_included"}
    )
    table["cases"] = table["cases"].astype(str)
    formula = fit.formulas.get("parsimonious")
    terms = [t.strip() for t in formula.split(" + ")] if formula else []
    rounded = lambda value: float("nan") if value is None else round(float(value), 3)  # noqa: E731
    solution = {
        "formula": formula or "(no solution at this consistency cutoff)",
        "consistency": rounded(fit.consistency),
        "coverage": rounded(fit.coverage),
    }
    return table.reset_index(drop=True), term_coverage(data, terms, outcome), solution


def qca_report(terms: pd.DataFrame, solution: dict, left_out: pd.DataFrame, n_cases: int) -> pd.DataFrame:
    """Solution terms and the whole solution, with what the analysis can and cannot claim."""
    rows = terms.assign(kind="term").to_dict("records")
    rows.append(
        {
            "kind": "solution",
            "term": solution["formula"],
            "cases": n_cases,
            "consistency": solution["consistency"],
            "raw_coverage": solution["coverage"],
            "unique_coverage": None,
        }
    )
    table = pd.DataFrame(rows, columns=["kind", "term", "cases", "consistency", "raw_coverage", "unique_coverage"])
    note = f"Illustrative only: {n_cases} cases. " + (
        "Left out: " + "; ".join(f"{r.case} ({r.why})" for r in left_out.itertuples()) + "."
        if len(left_out)
        else "No case left out."
    )
    return table.assign(note=note)
