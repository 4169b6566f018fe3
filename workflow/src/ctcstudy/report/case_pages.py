"""One Markdown page per case: its facts, selection, documents and interview codes."""

from __future__ import annotations

import pandas as pd

from ctcstudy.derive.facts import NOT_REPORTED_TEXT
from ctcstudy.derive.selection import CRITERIA


def document_rows(name: str, documents: pd.DataFrame, profiles: pd.DataFrame) -> list[str]:
    """The case's documents as Markdown table rows: kind, year, language and the profile fields
    coded from each (profiles.document is '<document id>:<start>-<end>')."""
    own = documents[documents["coalition"].eq(name)]
    coded = profiles[profiles["coalition"].eq(name)] if "document" in profiles else profiles.iloc[0:0]
    rows = []
    for doc in own.itertuples():
        fields = coded.loc[
            coded["document"].fillna("").astype(str).str.split(":").str[0].eq(doc.document_id), "attribute"
        ]
        year = "" if pd.isna(doc.year) or str(doc.year) == "" else str(doc.year).removesuffix(".0")
        rows.append(
            f"| {doc.document_id} | {str(doc.document_type).replace('_', ' ')} | {year or NOT_REPORTED_TEXT} | "
            f"{doc.language if isinstance(doc.language, str) and doc.language else NOT_REPORTED_TEXT} | "
            f"{', '.join(dict.fromkeys(fields)) or 'none'} |"
        )
    return rows


def case_page(
    case: dict,
    facts: pd.DataFrame,
    selection: pd.DataFrame,
    table1: pd.DataFrame | None,
    matrix: pd.DataFrame | None,
    tactics: pd.DataFrame | None,
    documents: pd.DataFrame | None = None,
    profiles: pd.DataFrame | None = None,
) -> str:
    """A one-page Markdown profile of one case: facts with sources, selection, its documents and its coding."""
    name = case["pseudonym"]
    own = facts[facts["case"].eq(name)]
    chosen = selection.set_index("case").loc[name]
    lines = [
        f"# {name}",
        "",
        f"Case `{case['id']}`: {case['case_type'].replace('_', ' ')} from study `{case['study']}`, "
        f"coded with `{case['coding_scheme']}`. Provenance of its records: "
        f"{', '.join(sorted(set(own['provenance'])))}.",
        "",
        "## Facts",
        "",
        "| fact | value | source |",
        "|---|---|---|",
    ]
    lines += [f"| {r.fact} | {r.value} | {r.source} |" for r in own.itertuples()]
    lines += ["", "## Case selection", "", f"Selected: {chosen['selected']} (failed: {chosen['failed_criteria']}).", ""]
    lines += [f"- {criterion}: {chosen[criterion]}" for criterion in CRITERIA]
    if case["case_type"] == "coalition" and table1 is not None:
        lines += ["", "## NGO types (M member, P external partner)", ""]
        lines += [f"- {ngo_type}: {cell}" for ngo_type, cell in zip(table1["ngo_type"], table1[name]) if cell]
    if case["case_type"] == "coalition" and documents is not None:
        rows = document_rows(name, documents, profiles if profiles is not None else pd.DataFrame(columns=["coalition"]))
        lines += ["", "## Documents", ""]
        lines += (
            ["| document | kind | year | language | profile fields coded from it |", "|---|---|---|---|---|", *rows]
            if rows
            else ["- none listed (the case's documents inventory lists no document)"]
        )
    if case["case_type"] == "coalition" and matrix is not None:
        coded = matrix.loc[matrix[f"{name}: segments"] > 0, "code_path"]
        segments = matrix.set_index("code_path")[f"{name}: segments"]
        lines += ["", "## Codes in its leaders' interviews (counts only, no quotes)", ""]
        lines += [f"- {path}: {segments.loc[path]} segment(s)" for path in coded] or [
            "- none" if matrix[f"{name}: leaders"].sum() else f"- {NOT_REPORTED_TEXT} (no coded interviews yet)"
        ]
    if case["case_type"] == "single_organization" and tactics is not None:
        lines += ["", "## Insider tactics by collaboration", ""]
        lines += [
            f"- {r.tactic} with {r.collaboration}: {r.role}" for r in tactics[tactics["case"].eq(name)].itertuples()
        ]
    return "\n".join(lines) + "\n"
