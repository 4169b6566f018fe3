"""The leader questionnaire of Foot, Sworn & Alejano-Steele (2019): its items and codebook.

The study's instrument had 54 multiple-choice and short-answer questions (Foot, Sworn & Alejano-Steele (2019),
Methods: data collection). The items below are the ones the publication reports answers
to, at the level of the instrument: one dichotomous item per NGO type and role (member or
external partner), one per business size and government level, counts, and codes.
Every item cites the passage its answers come from (`<citekey>, <locator>`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

STUDY = "foot_sworn_alejano_steele_2019"  # the citation key in references.bib


NOT_REPORTED = -9  # user-missing code: the publication does not report this answer


YES_NO = {0: "no", 1: "yes", NOT_REPORTED: "not reported"}


ROLES = {"member": "M", "partner": "P"}


@dataclass(frozen=True)
class Item:
    name: str
    label: str
    kind: str  # id | text | code | count | dichotomous
    source: str
    values: dict = field(default_factory=dict)
    reported: bool = True  # False: asked, but the publication gives no answer
    ngo_type: str | None = None  # Table 1 row label, for NGO-type items
    role: str | None = None  # member | partner
    business_size: str | None = None
    government_level: str | None = None

    @property
    def missing(self) -> list[int]:
        return [NOT_REPORTED] if NOT_REPORTED in self.values else []


# The 12 NGO types leaders were asked about: 8 issue-focus types and 4 others
# (Foot, Sworn & Alejano-Steele (2019), Findings, paragraph before Table 1). Two issue types have no row in
# Table 1 and are never named; they are kept as items whose answers are not reported.
NGO_TYPES = [
    ("migrant_worker", "Migrant worker assistance", True),
    ("sex_workers", "Sex workers", True),
    ("human_rights", "Human rights", True),
    ("child_welfare", "Child welfare", True),
    ("womens_welfare", "Women's welfare", True),
    ("community_development", "Community development", True),
    ("issue_unnamed_7", "Issue-focus type 7 (not named in the publication)", False),
    ("issue_unnamed_8", "Issue-focus type 8 (not named in the publication)", False),
    ("church", "Church, denomination, or other religious association", True),
    ("faith_based", "Faith-based nonprofit (other than church, denomination, or religious association)", True),
    ("philanthropic", "Philanthropic/Foundation", True),
    ("coalition", "Coalition/Network", True),
]


BUSINESS_SIZES = [("small", "Small"), ("medium", "Medium"), ("large", "Large")]


GOVERNMENT_LEVELS = [("intergov", "Intergov"), ("national", "Natl"), ("state", "State"), ("local", "Local")]


T1 = f"{STUDY}, §Findings, Table 1"


T2 = f"{STUDY}, §Findings, Table 2"


T3 = f"{STUDY}, §Findings, Table 3"


PROFILES = f"{STUDY}, §Findings, coalition profiles"


UNNAMED = f"{STUDY}, §Findings, paragraph before Table 1 (12 types asked, 10 reported)"


def _ngo_items() -> list[Item]:
    items = []
    for key, label, reported in NGO_TYPES:
        for role, word in (("member", "members"), ("partner", "external partners")):
            items.append(
                Item(
                    f"ngo_{key}_{role}",
                    f"NGO type among the coalition's {word}: {label}",
                    "dichotomous",
                    T1 if reported else UNNAMED,
                    YES_NO,
                    reported,
                    label,
                    role,
                )
            )
    return items


def _sector_items() -> list[Item]:
    items = []
    for role, word, src in (("member", "members", T2), ("partner", "external partners", T3)):
        items += [
            Item(
                f"business_{role}_{k}",
                f"{lab} businesses among the coalition's {word}",
                "dichotomous",
                src,
                YES_NO,
                role=role,
                business_size=lab,
            )
            for k, lab in BUSINESS_SIZES
        ]
        items += [
            Item(
                f"government_{role}_{k}",
                f"Government level among the coalition's {word}: {lab}",
                "dichotomous",
                src,
                YES_NO,
                role=role,
                government_level=lab,
            )
            for k, lab in GOVERNMENT_LEVELS
        ]
    return items


FUNDING = [
    ("religious_institutions", "religious institutions or churches"),
    ("international_ngo", "an international NGO"),
    ("intergovernmental", "intergovernmental organizations"),
    ("business", "businesses"),
    ("foundation", "private or philanthropic foundations"),
    ("individuals", "individual donors"),
]


ITEMS: list[Item] = [
    Item("respondent_id", "Pseudonymous respondent code (one responding leader)", "id", PROFILES),
    Item("coalition", "Coalition pseudonym", "text", PROFILES),
    Item(
        "region",
        "World region the coalition operates in",
        "code",
        PROFILES,
        {1: "Asia-Pacific", 2: "Southeast Asia", 3: "sub-Saharan Africa", NOT_REPORTED: "not reported"},
    ),
    Item(
        "scope",
        "Geographic scope of the coalition's goals and activities",
        "code",
        f"{STUDY}, §Methods, data collection (criterion 4)",
        {1: "local", 2: "state or province", 3: "national", 4: "international", NOT_REPORTED: "not reported"},
    ),
    Item("years_operating", "Years the coalition has operated", "count", PROFILES, {NOT_REPORTED: "not reported"}),
    Item(
        "years_operating_more_than",
        "Years operating is a lower bound ('more than')",
        "code",
        PROFILES,
        {0: "exact", 1: "more than the stated number", NOT_REPORTED: "not reported"},
    ),
    Item(
        "leaders",
        "People recognized by member organizations as leading the coalition",
        "code",
        f"{STUDY}, §Methods, data collection (two or three leaders per coalition, seven in all)",
        {
            1: "one",
            2: "two",
            3: "three",
            4: "four or more",
            23: "two or three (exact number not published)",
            NOT_REPORTED: "not reported",
        },
    ),
    Item("member_organizations", "Number of member organizations", "count", PROFILES, {NOT_REPORTED: "not reported"}),
    Item("individual_members", "Number of individual members", "count", PROFILES, {NOT_REPORTED: "not reported"}),
    Item(
        "paid_staff", "Paid staff", "code", PROFILES, {0: "none", 1: "one", 2: "several", NOT_REPORTED: "not reported"}
    ),
    Item(
        "self_description",
        "How leaders characterize the coalition",
        "code",
        PROFILES,
        {
            1: "formal partnership under a shared MOU and/or protocols",
            2: "network of organizations and individuals with a shared vision",
            NOT_REPORTED: "not reported",
        },
    ),
    *_ngo_items(),
    *_sector_items(),
    *[Item(f"funding_{k}", f"Funding received from {lab}", "dichotomous", PROFILES, YES_NO) for k, lab in FUNDING],
    Item("member_dues", "Charges dues to member organizations", "dichotomous", PROFILES, YES_NO),
    Item("event_fees", "Charges registration fees for some events", "dichotomous", PROFILES, YES_NO),
    Item("provenance", "Provenance of the record: published, derived or synthetic", "text", PROFILES),
    Item("source", "Source of the record: <citekey>, <locator> (a key of references.bib)", "text", PROFILES),
]


ITEM_BY_NAME = {item.name: item for item in ITEMS}


NGO_ITEMS = [i for i in ITEMS if i.ngo_type]
COLUMNS = [i.name for i in ITEMS]


def codebook() -> pd.DataFrame:
    """The codebook as a table: one row per item, with its codes and source."""
    rows = [
        {
            "variable": i.name,
            "label": i.label,
            "kind": i.kind,
            "values": "; ".join(f"{k}={v}" for k, v in i.values.items()),
            "missing": "; ".join(str(m) for m in i.missing),
            "reported": "yes" if i.reported else "no",
            "source": i.source,
        }
        for i in ITEMS
    ]
    return pd.DataFrame(rows)
