"""Cases as configuration, facts per case, case selection, the cross-study view and crisp-set QCA.

A case is one entry of ``config/cases.yaml`` plus its data files: coalitions of the
three-coalition study (questionnaire, profile template, coded interviews) or single
organizations coded with another scheme (Lux & Mosley's insider tactics). Nothing here
names a particular case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .caselist import check, files, load, pseudonyms  # noqa: F401  (re-exported: one import for notebooks)
from .errors import InputError
from .questionnaire import FUNDING, ITEM_BY_NAME, NOT_REPORTED

NOT_REPORTED_TEXT = "not reported"
CRITERIA = ["years_operating", "leaders", "member_organizations", "scope"]


# ---------------------------------------------------------------- facts per case


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
        from .tables import count_text, years_text

        facts = {
            "years_operating": years_text(a),
            "leaders": ">=2" if a["leaders"] == 23 else count_text(a["leaders"]),
            "member_organizations": count_text(a["member_organizations"]),
            "scope": ITEM_BY_NAME["scope"].values[int(a["scope"])],
            "paid_staff": NOT_REPORTED_TEXT if a["paid_staff"] == NOT_REPORTED else "yes" if a["paid_staff"] > 0 else "no",
            "funding_source_types": funding_types(a),
        }
        rows += [{"case": coalition, "fact": k, "value": v, "provenance": a["provenance"],
                  "source": f"leader questionnaire, record {a['respondent_id']}"} for k, v in facts.items()]
    return pd.DataFrame(rows)


def all_facts(document: dict, responses: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    """Every case's facts, long: the questionnaire for coalitions, the case-facts file otherwise.

    A fact given by both the questionnaire and the case-facts file is refused: one place each.
    """
    from_questionnaire = coalition_facts(responses, pseudonyms(document, "coalition"))
    both = from_questionnaire.merge(recorded, on=["case", "fact"])
    if len(both):
        row = both.iloc[0]
        raise InputError("case facts", "fact recorded in both the questionnaire and the case-facts file",
                         record=f"case {row['case']}", field=row["fact"])
    facts = pd.concat([from_questionnaire, recorded[["case", "fact", "value", "provenance", "source"]]], ignore_index=True)
    order = {name: i for i, name in enumerate(pseudonyms(document))}
    return facts[facts["case"].isin(order)].sort_values("case", key=lambda s: s.map(order), kind="stable",
                                                         ignore_index=True)


def facts_table(facts: pd.DataFrame, document: dict) -> pd.DataFrame:
    """Wide: one row per fact, one column per case ('not reported' where a case lacks it)."""
    wide = facts.pivot(index="fact", columns="case", values="value")
    wide = wide.reindex(columns=pseudonyms(document)).fillna(NOT_REPORTED_TEXT)
    return wide.rename_axis(index="fact", columns=None).reset_index()


# ---------------------------------------------------------------- case selection


def at_least(value, threshold: float) -> str:
    """met / not met / not evaluable, for a number that may be a lower bound."""
    amount, lower_bound = number(value)
    if amount is None:
        return "not evaluable"
    if amount >= threshold:
        return "met"
    return "not evaluable" if lower_bound else "not met"


def case_selection(facts: pd.DataFrame, document: dict, criteria: dict) -> pd.DataFrame:
    """The study's four criteria for every case, and which a case fails, with its value: reported
    here, not enforced (unless config case_selection.enforce makes the suites refuse it)."""
    wide = facts.pivot(index="case", columns="fact", values="value").reindex(pseudonyms(document))
    types = {c["pseudonym"]: c["case_type"] for c in document["cases"]}
    rows = []
    for case, f in wide.iterrows():
        met = {
            "years_operating": at_least(f.get("years_operating"), criteria["min_years_operating"]),
            "leaders": at_least(f.get("leaders"), criteria["min_leaders"]),
            "member_organizations": at_least(f.get("member_organizations"), criteria["min_member_organizations"]),
            "scope": ("not evaluable" if pd.isna(f.get("scope")) or f.get("scope") == NOT_REPORTED_TEXT
                      else "met" if f.get("scope") == criteria["scope"] else "not met"),
        }
        wanted = {"years_operating": f"at least {criteria['min_years_operating']}",
                  "leaders": f"at least {criteria['min_leaders']}",
                  "member_organizations": f"at least {criteria['min_member_organizations']}",
                  "scope": criteria["scope"]}
        failed = [f"{k} = {f.get(k)} ({wanted[k]})" for k in CRITERIA if met[k] == "not met"]
        rows.append({"case": case, "case_type": types[case], **met,
                     "selected": "yes" if all(v == "met" for v in met.values()) else "no",
                     "failed_criteria": ", ".join(failed) or ("none" if all(v == "met" for v in met.values())
                                                             else "none failed; some not evaluable")})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- cross-study view


def crosswalk_cells(document: dict, crosswalk: pd.DataFrame, tactics: pd.DataFrame, matrix: pd.DataFrame,
                    tactic_labels: dict[str, str]) -> pd.DataFrame:
    """Shared dimensions (the coalition scheme's engagement practices and the insider tactics)
    by case. A cell the crosswalk cannot fill says so; nothing is guessed."""
    coalitions = pseudonyms(document, "coalition")
    singles = pseudonyms(document, "single_organization")
    practices = [p for p in matrix["code_path"] if p.startswith("Engagement practices/")]
    from .interviews import interviewed

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
            row[s] = "; ".join(f"via {tactic_labels[t]} ({', '.join(sorted(set(g['role'])))}, "
                               f"{links.set_index('tactic').loc[t, 'correspondence']})" for t, g in used.groupby("tactic")) \
                or "crosswalked tactic not used"
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
                row[c] = "; ".join(part for part in (coded and "coded as " + ", ".join(coded),
                                                     absent and "not coded as " + ", ".join(absent)) if part)
        for s in singles:
            roles = tactics[tactics["case"].eq(s) & tactics["tactic"].eq(tactic)]
            row[s] = "; ".join(f"{r.collaboration}: {r.role}" for r in roles.itertuples()) or NOT_REPORTED_TEXT
        rows.append(row)
    return pd.DataFrame(rows, columns=["dimension", "scheme", *coalitions, *singles])


# ---------------------------------------------------------------- crisp-set QCA


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
    data = pd.DataFrame({r["name"]: [membership(wide.loc[c].get(r["fact"]), r) for c in wide.index] for r in rules},
                        index=wide.index).rename_axis("case")
    missing = data.isna()
    left_out = pd.DataFrame({"case": data.index[missing.any(axis=1)],
                             "why": [", ".join(f"{n} not decidable" for n in missing.columns[row]) for row in
                                     missing.to_numpy()[missing.any(axis=1)]]})
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
        rows.append({"term": term, "cases": int(mask.sum()),
                     "consistency": round((mask & positive).sum() / mask.sum(), 3) if mask.sum() else float("nan"),
                     "raw_coverage": round((mask & positive).sum() / positive.sum(), 3) if positive.sum() else float("nan"),
                     "unique_coverage": round((mask & ~others & positive).sum() / positive.sum(), 3)
                     if positive.sum() else float("nan")})
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
        return empty, term_coverage(data, [], outcome), {"formula": f"(no solution: {why})",
                                                         "consistency": float("nan"), "coverage": float("nan")}
    with warnings.catch_warnings():  # pyqca warns that intermediate = complex without directional expectations
        warnings.simplefilter("ignore", UserWarning)
        fit = pyqca.CSQCA(data, outcome=outcome, conditions=conditions, case_id="case").fit(
            consistency_cutoff=settings["consistency_cutoff"])
    table = fit.truth_table[[*conditions, "n_cases", "outcome_raw_consist", "include", "cases"]].rename(
        columns={"outcome_raw_consist": "consistency", "include": "outcome_included"})
    table["cases"] = table["cases"].astype(str)
    formula = fit.formulas.get("parsimonious")
    terms = [t.strip() for t in formula.split(" + ")] if formula else []
    rounded = lambda value: float("nan") if value is None else round(float(value), 3)  # noqa: E731
    solution = {"formula": formula or "(no solution at this consistency cutoff)",
                "consistency": rounded(fit.consistency), "coverage": rounded(fit.coverage)}
    return table.reset_index(drop=True), term_coverage(data, terms, outcome), solution


def qca_report(terms: pd.DataFrame, solution: dict, left_out: pd.DataFrame, n_cases: int) -> pd.DataFrame:
    """Solution terms and the whole solution, with what the analysis can and cannot claim."""
    rows = terms.assign(kind="term").to_dict("records")
    rows.append({"kind": "solution", "term": solution["formula"], "cases": n_cases,
                 "consistency": solution["consistency"], "raw_coverage": solution["coverage"], "unique_coverage": None})
    table = pd.DataFrame(rows, columns=["kind", "term", "cases", "consistency", "raw_coverage", "unique_coverage"])
    note = (f"Illustrative only: {n_cases} cases. "
            + ("Left out: " + "; ".join(f"{r.case} ({r.why})" for r in left_out.itertuples()) + "."
               if len(left_out) else "No case left out."))
    return table.assign(note=note)


def document_rows(name: str, documents: pd.DataFrame, profiles: pd.DataFrame) -> list[str]:
    """The case's documents as Markdown table rows: kind, year, language and the profile fields
    coded from each (profiles.document is '<document id>:<start>-<end>')."""
    own = documents[documents["coalition"].eq(name)]
    coded = profiles[profiles["coalition"].eq(name)] if "document" in profiles else profiles.iloc[0:0]
    rows = []
    for doc in own.itertuples():
        fields = coded.loc[coded["document"].fillna("").astype(str).str.split(":").str[0].eq(doc.document_id), "attribute"]
        year = "" if pd.isna(doc.year) or str(doc.year) == "" else str(doc.year).removesuffix(".0")
        rows.append(f"| {doc.document_id} | {str(doc.document_type).replace('_', ' ')} | {year or NOT_REPORTED_TEXT} | "
                    f"{doc.language if isinstance(doc.language, str) and doc.language else NOT_REPORTED_TEXT} | "
                    f"{', '.join(dict.fromkeys(fields)) or 'none'} |")
    return rows


def case_page(case: dict, facts: pd.DataFrame, selection: pd.DataFrame, table1: pd.DataFrame | None,
              matrix: pd.DataFrame | None, tactics: pd.DataFrame | None, documents: pd.DataFrame | None = None,
              profiles: pd.DataFrame | None = None) -> str:
    """A one-page Markdown profile of one case: facts with sources, selection, its documents and its coding."""
    name = case["pseudonym"]
    own = facts[facts["case"].eq(name)]
    chosen = selection.set_index("case").loc[name]
    lines = [f"# {name}", "",
             f"Case `{case['id']}`: {case['case_type'].replace('_', ' ')} from study `{case['study']}`, "
             f"coded with `{case['coding_scheme']}`. Provenance of its records: "
             f"{', '.join(sorted(set(own['provenance'])))}.", "",
             "## Facts", "", "| fact | value | source |", "|---|---|---|"]
    lines += [f"| {r.fact} | {r.value} | {r.source} |" for r in own.itertuples()]
    lines += ["", "## Case selection", "", f"Selected: {chosen['selected']} (failed: {chosen['failed_criteria']}).", ""]
    lines += [f"- {criterion}: {chosen[criterion]}" for criterion in CRITERIA]
    if case["case_type"] == "coalition" and table1 is not None:
        lines += ["", "## NGO types (M member, P external partner)", ""]
        lines += [f"- {row['ngo_type']}: {row[name]}" for _, row in table1.iterrows() if row[name]]
    if case["case_type"] == "coalition" and documents is not None:
        rows = document_rows(name, documents, profiles if profiles is not None else pd.DataFrame(columns=["coalition"]))
        lines += ["", "## Documents", ""]
        lines += (["| document | kind | year | language | profile fields coded from it |", "|---|---|---|---|---|", *rows]
                  if rows else ["- none listed (the case's documents inventory lists no document)"])
    if case["case_type"] == "coalition" and matrix is not None:
        coded = matrix.loc[matrix[f"{name}: segments"] > 0, "code_path"]
        lines += ["", "## Codes in its leaders' interviews (counts only, no quotes)", ""]
        lines += [f"- {path}: {matrix.set_index('code_path').loc[path, f'{name}: segments']} segment(s)" for path in coded] \
            or ["- none" if matrix[f"{name}: leaders"].sum() else f"- {NOT_REPORTED_TEXT} (no coded interviews yet)"]
    if case["case_type"] == "single_organization" and tactics is not None:
        lines += ["", "## Insider tactics by collaboration", ""]
        lines += [f"- {r.tactic} with {r.collaboration}: {r.role}" for r in tactics[tactics["case"].eq(name)].itertuples()]
    return "\n".join(lines) + "\n"

