"""Coalition profiles coded from coalition documents with the study's structured template."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import InputError

PROFILE_COLUMNS = ["coalition", "attribute", "value", "provenance", "source"]

# Template fields, in the order of the word table (seed 001, Methods of analysis: history,
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
    """Read the template coding as strings; empty cells stay empty for validation to name."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8").replace("", None)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty") from exc
