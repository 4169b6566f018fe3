"""Coalition profiles coded from coalition documents with the study's structured template."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

PROFILE_COLUMNS = ["coalition", "attribute", "value", "provenance", "source"]

# Template fields, in the order of the word table (Foot, Sworn & Alejano-Steele (2019), Methods of analysis: history,
# structure, governance, membership, interactions with government agencies and businesses).
TEMPLATE_FIELDS = {
    "region": "World region",
    "age": "Years operating at the time of the study",
    "founding": "Who initiated the founding",
    "leadership": "Leadership",
    "paid_staff": "Paid staff",
    "member_organizations": "Member organizations",
    "individual_members": "Individual members",
    "member_makeup": "Make-up of the membership",
    "membership_requirements": "Membership requirements",
    "member_partner_distinction": "Members distinguished from external partners",
    "funding_sources": "Funding sources",
    "dues_and_fees": "Dues and fees",
    "self_description": "How the coalition describes itself",
    "other_partnerships": "Partnerships with non-members",
    "government_relations": "Relations with government and their challenges",
    "business_relations": "Relations with businesses and their challenges",
}


def read_profiles(path: str | Path) -> pd.DataFrame:
    """The template, one row per coalition and field: from a REFI-QDA project that codes the
    coalition documents (.qdpx), or typed as a CSV (then without document pointers)."""
    from ctcstudy.readers.delimited import read_raw_csv

    if Path(path).suffix == ".qdpx":
        return read_profile_coding(path)
    table = read_raw_csv(path)
    if "document" not in table:
        table["document"] = None
    return table


def read_profile_coding(path: str | Path) -> pd.DataFrame:
    """Each template field as coded in a coalition's documents: the selected text is the value and
    `document` points to it (<document>:<start>-<end>, in characters). A field coded twice for one
    coalition with different values is refused, naming both passages."""
    from ctcstudy.errors import InputError
    from ctcstudy.readers.refiqda import read_qdpx

    project = read_qdpx(path)
    holder = project.case_sources.merge(project.cases[["case_guid", "case"]], on="case_guid")
    coalition_of = dict(zip(holder["source_guid"], holder["case"]))
    rows = []
    for seg in project.segments.itertuples():
        if seg.source_guid not in coalition_of:
            raise InputError(
                path, "document is not held by any coalition case", record=f"document={seg.source}", field="SourceRef"
            )
        if seg.code_path not in TEMPLATE_FIELDS:
            raise InputError(
                path, f"'{seg.code_path}' is not a template field", record=f"document={seg.source}", field="code"
            )
        meta = dict(part.split(": ", 1) for part in seg.description.split("; ", 1) if ": " in part)
        rows.append(
            {
                "coalition": coalition_of[seg.source_guid],
                "attribute": seg.code_path,
                "value": seg.text,
                "provenance": meta.get("provenance"),
                "source": meta.get("source"),
                "document": f"{seg.source}:{seg.start}-{seg.end}",
            }
        )
    table = pd.DataFrame(rows, columns=[*PROFILE_COLUMNS, "document"])
    for (coalition, field), group in table.groupby(["coalition", "attribute"], sort=False):
        if group["value"].nunique() > 1:
            found = "; ".join(f"'{v}' at {d}" for v, d in zip(group["value"], group["document"]))
            raise InputError(
                path,
                f"template field coded twice with different values: {found}",
                record=f"coalition={coalition}",
                field=field,
            )
    return table.drop_duplicates(["coalition", "attribute"]).reset_index(drop=True)


# Template fields that the leader questionnaire also asks, as numbers: field -> questionnaire item.
ALSO_ASKED = {
    "age": "years_operating",
    "member_organizations": "member_organizations",
    "individual_members": "individual_members",
}


def documents_vs_questionnaire(profiles: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """Every number both the coded documents and the questionnaire give for a coalition, side by
    side: `agree` or `disagree`, never one silently preferred. Missing codes (negative) and
    fields the documents do not state are not compared."""
    import re

    rows = []
    for field, item in ALSO_ASKED.items():
        coded = profiles[profiles["attribute"].eq(field)].set_index("coalition")
        for answer in responses.itertuples():
            if answer.coalition not in coded.index or getattr(answer, item) < 0:
                continue
            cell = coded.loc[answer.coalition]
            number = re.search(r"\d+", str(cell["value"]))
            if number is None:
                continue
            document = cell.get("document")
            rows.append(
                {
                    "coalition": answer.coalition,
                    "field": field,
                    "documents": cell["value"],
                    "document": document if isinstance(document, str) else "typed template",
                    "questionnaire": int(getattr(answer, item)),
                    "respondent_id": answer.respondent_id,
                    "status": "agree" if int(number.group()) == int(getattr(answer, item)) else "disagree",
                }
            )
    return pd.DataFrame(
        rows, columns=["coalition", "field", "documents", "document", "questionnaire", "respondent_id", "status"]
    )
