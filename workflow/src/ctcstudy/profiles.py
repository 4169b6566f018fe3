"""Coalition profiles coded from coalition documents with the study's structured template."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


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
    """Read the template coding (a raw CSV: strings, empty cells left for validation to name)."""
    from .tidy import read_raw_csv

    return read_raw_csv(path)
