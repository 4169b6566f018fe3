"""Expectation suites, one per raw dataset, built from the codebook and kept in the repo as JSON.

``python -m ctcstudy write-suites`` regenerates ``workflow/expectations/*.json``; a test
fails when the committed suites drift from the codebook. Case-selection thresholds are GX
suite parameters (``$PARAMETER``) filled from config at validation time, so they live in
one place.
"""

from __future__ import annotations

import json
from pathlib import Path

from ctcstudy import PROVENANCES
from ctcstudy.codebook.questionnaire import ITEMS
from ctcstudy.configuration.datasets import columns, entry, tables
from ctcstudy.readers.documents import DOCUMENT_TYPES, FOUND_COLUMNS, INVENTORY_COLUMNS
from ctcstudy.readers.profiles import TEMPLATE_FIELDS
from ctcstudy.verify.published import CLAIM_COLUMNS

# "<citekey>, <locator>" with a key of references.bib: the validate command fills the pattern in
# from the file, so an unknown key is refused (ctcstudy.report.references.pattern).
SOURCE_PATTERN = {"$PARAMETER": "citation_pattern"}
INTEGER_TYPES = ["int64", "Int64", "int32", "Int32", "int8", "Int8", "int16", "Int16"]


def expect(kind: str, meta: dict | None = None, **kwargs) -> dict:
    return {"type": f"expect_{kind}", "kwargs": kwargs, "meta": meta or {}}


def common(columns: list[str]) -> list[dict]:
    """Required columns, no empty cells, provenance vocabulary, source pointers."""
    return [
        expect("table_columns_to_match_set", column_set=columns, exact_match=True),
        *[expect("column_values_to_not_be_null", column=c) for c in columns],
        expect("column_values_to_be_in_set", column="provenance", value_set=list(PROVENANCES)),
        expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
    ]


def questionnaire_suite() -> dict:
    expectations = common(columns("questionnaire")) + [
        expect("column_values_to_be_unique", column="respondent_id"),
        expect("column_values_to_match_regex", column="respondent_id", regex=r"^R\d{2,}$"),
        expect("column_values_to_be_in_set", column="coalition", value_set={"$PARAMETER": "coalitions"}),
    ]
    for item in ITEMS:
        if item.kind in ("code", "dichotomous"):
            expectations.append(expect("column_values_to_be_in_set", column=item.name, value_set=list(item.values)))
        elif item.kind == "count":
            expectations.append(expect("column_values_to_be_in_type_list", column=item.name, type_list=INTEGER_TYPES))
            allowed_missing = item.missing[0] if item.missing else 0
            expectations.append(
                expect("column_values_to_be_between", column=item.name, min_value=min(0, allowed_missing))
            )
    return {
        "name": "questionnaire",
        "expectations": expectations,
        "meta": {"dataset": "leader questionnaire, one row per responding leader", "key": ["respondent_id"]},
    }


def profiles_suite() -> dict:
    required = common(columns("profiles"))
    required[0] = expect("table_columns_to_match_set", column_set=[*columns("profiles"), "document"], exact_match=True)
    return {
        "name": "profiles",
        "expectations": required
        + [  # `document`: empty for a typed (CSV) template
            expect("compound_columns_to_be_unique", column_list=["coalition", "attribute"]),
            expect("column_values_to_be_in_set", column="attribute", value_set=list(TEMPLATE_FIELDS)),
            expect("column_values_to_be_in_set", column="coalition", value_set={"$PARAMETER": "coalitions"}),
        ],
        "meta": {
            "dataset": "coalition profile template, one row per coalition and attribute",
            "key": ["coalition", "attribute"],
        },
    }


def documents_suite() -> dict:
    """The document inventory: known kinds, files present with the recorded checksums, and at
    least one document for every coalition case."""
    required = [c for c in INVENTORY_COLUMNS if c != "year"]  # the year of a document may be unknown
    return {
        "name": "documents",
        "expectations": [
            expect("table_columns_to_match_set", column_set=INVENTORY_COLUMNS + FOUND_COLUMNS, exact_match=True),
            *[expect("column_values_to_not_be_null", column=c) for c in required],
            expect("column_values_to_be_in_set", column="provenance", value_set=list(PROVENANCES)),
            expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
            expect("column_values_to_be_unique", column="document_id"),
            expect("column_values_to_be_in_set", column="document_type", value_set=DOCUMENT_TYPES),
            expect("column_values_to_be_between", column="year", min_value=1950, max_value=2030),
            expect("column_values_to_match_regex", column="language", regex=r"^[a-z]{2,3}$"),
            expect("column_values_to_match_regex", column="file", regex=r"\.(txt|pdf)$"),
            expect(
                "column_values_to_be_between",
                {"rule": "the document has text (a scanned PDF needs OCR first)"},
                column="characters",
                min_value=1,
            ),
            expect(
                "column_values_to_be_in_set",
                {"rule": "the document's file exists"},
                column="file_found",
                value_set=["yes"],
            ),
            expect(
                "column_pair_values_to_be_equal",
                {"rule": "the file's SHA-256 is the recorded one"},
                column_A="sha256",
                column_B="sha256_found",
            ),
            expect("column_values_to_be_in_set", column="coalition", value_set={"$PARAMETER": "coalitions"}),
            expect(
                "column_distinct_values_to_contain_set",
                {"rule": "every coalition listing an inventory has a document"},
                column="coalition",
                value_set={"$PARAMETER": "documented_coalitions"},
            ),
        ],
        "meta": {"dataset": "coalition documents, one row per document", "key": ["document_id"]},
    }


def published_suite() -> dict:
    from ctcstudy.verify.published import RECORDED_BASES

    return {
        "name": "published_values",
        "expectations": [
            expect("table_columns_to_match_set", column_set=CLAIM_COLUMNS, exact_match=True),
            *[expect("column_values_to_not_be_null", column=c) for c in ("claim_id", "source")],
            expect("column_values_to_be_unique", column="claim_id"),
            expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
            expect("column_values_to_be_in_set", column="output", value_set={"$PARAMETER": "outputs"}),
            expect("column_values_to_be_in_set", column="tolerance", value_set={"$PARAMETER": "tolerances"}),
            expect(
                "column_values_to_be_in_set",
                {"rule": "a key of references.bib"},
                column="cites",
                value_set={"$PARAMETER": "citation_keys"},
            ),
            expect("column_values_to_be_in_set", column="basis", value_set=list(RECORDED_BASES)),
            expect(
                "column_values_to_not_be_null",
                {"rule": "every basis says why, in one short phrase"},
                column="basis_why",
            ),
        ],
        "meta": {"dataset": "published values of the study, one row per number or table cell", "key": ["claim_id"]},
    }


def interview_segments_suite() -> dict:
    from ctcstudy.ingest.interviews import SEGMENT_COLUMNS

    required = [c for c in SEGMENT_COLUMNS if c != "text"]  # an empty selection is legal REFI-QDA
    return {
        "name": "interview_segments",
        "expectations": [
            expect("table_columns_to_match_set", column_set=SEGMENT_COLUMNS, exact_match=True),
            *[expect("column_values_to_not_be_null", column=c) for c in required],
            expect("column_values_to_be_in_set", column="provenance", value_set=list(PROVENANCES)),
            expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
            expect("compound_columns_to_be_unique", column_list=["segment_guid", "code_path"]),
            expect(
                "column_values_to_be_in_set",
                {"rule": "known codes only (from the .qdc codebook)"},
                column="code_path",
                value_set={"$PARAMETER": "interview_codes"},
            ),
            expect("column_values_to_be_in_set", column="coder", value_set={"$PARAMETER": "interview_coders"}),
            expect(
                "column_values_to_be_in_set",
                {"rule": "every coded source belongs to a known leader"},
                column="leader",
                value_set={"$PARAMETER": "interview_leaders"},
            ),
            expect("column_values_to_be_between", {"rule": "positions inside the source"}, column="start", min_value=0),
            expect(
                "column_pair_values_a_to_be_greater_than_b",
                {"rule": "positions inside the source"},
                column_A="end",
                column_B="start",
                or_equal=True,
            ),
            expect(
                "column_pair_values_a_to_be_greater_than_b",
                {"rule": "positions inside the source"},
                column_A="source_length",
                column_B="end",
                or_equal=True,
            ),
        ],
        "meta": {"dataset": "coded interview segments, one row per coding", "key": ["segment_guid", "code_path"]},
    }


def interview_leaders_suite() -> dict:
    from ctcstudy.ingest.interviews import ROSTER_COLUMNS

    return {
        "name": "interview_leaders",
        "expectations": common(ROSTER_COLUMNS)
        + [
            expect(
                "column_values_to_be_between",
                {"rule": "repeated codings of a second export, counted once"},
                column="exported_twice",
                min_value=0,
            ),
            expect("column_values_to_be_unique", {"rule": "every leader linked to one coalition"}, column="leader"),
            expect("column_values_to_be_in_set", column="coalition", value_set={"$PARAMETER": "coalitions"}),
        ],
        "meta": {"dataset": "interviewed leaders (REFI-QDA cases)", "key": ["leader"]},
    }


def interview_coders_suite() -> dict:
    return {
        "name": "interview_coders",
        "expectations": [
            expect("table_columns_to_match_set", column_set=["coder_guid", "coder"], exact_match=True),
            expect("column_values_to_be_unique", {"rule": "one name per coder"}, column="coder_guid"),
            expect("column_values_to_be_unique", {"rule": "one coder per name"}, column="coder"),
        ],
        "meta": {"dataset": "coders (REFI-QDA users)", "key": ["coder_guid"]},
    }


def interview_codes_suite() -> dict:
    return {
        "name": "interview_codes",
        "expectations": [
            expect(
                "table_columns_to_match_set",
                column_set=["code_path", "name", "theme", "is_codable", "description"],
                exact_match=True,
            ),
            expect("column_values_to_be_unique", column="code_path"),
            *[expect("column_values_to_not_be_null", column=c) for c in ("code_path", "name", "theme", "is_codable")],
        ],
        "meta": {"dataset": "interview codebook (.qdc)", "key": ["code_path"]},
    }


def interview_code_differences_suite() -> dict:
    return {
        "name": "interview_code_differences",
        "expectations": [
            expect("table_columns_to_match_set", column_set=["project", "code_path", "found_in"], exact_match=True),
            *[expect("column_values_to_not_be_null", column=c) for c in ("project", "code_path", "found_in")],
            expect("column_values_to_be_in_set", column="found_in", value_set=["project only", "codebook only"]),
            expect("compound_columns_to_be_unique", column_list=["project", "code_path"]),
        ],
        "meta": {
            "dataset": "codes accepted although project and codebook differ (code_differences: accept)",
            "key": ["project", "code_path"],
        },
    }


def interview_units_suite() -> dict:
    return {
        "name": "interview_units",
        "expectations": [
            expect(
                "table_columns_to_match_set",
                column_set=["source_guid", "text_sha256", "unit", "start", "end"],
                exact_match=True,
            ),
            expect("compound_columns_to_be_unique", column_list=["source_guid", "text_sha256", "unit"]),
            expect("column_pair_values_a_to_be_greater_than_b", column_A="end", column_B="start", or_equal=True),
        ],
        "meta": {
            "dataset": "paragraph units of the interview sources (in each exported variant of a text)",
            "key": ["source_guid", "text_sha256", "unit"],
        },
    }


def panel_suite() -> dict:
    from ctcstudy.codebook.panel import COLUMNS, INDICATORS

    return {
        "name": "panel",
        "expectations": common(COLUMNS)
        + [
            expect(
                "compound_columns_to_be_unique",
                {"rule": "one row per organization and panel wave"},
                column_list=["organization_id", "year"],
            ),
            expect("column_values_to_be_in_set", column="year", value_set={"$PARAMETER": "panel_waves"}),
            expect(
                "column_values_to_be_in_set",
                {"rule": "known sectors (config panel.sectors)"},
                column="sector",
                value_set={"$PARAMETER": "panel_sectors"},
            ),
            expect(
                "column_values_to_be_in_set",
                {"rule": "known regions (config panel.regions)"},
                column="region",
                value_set={"$PARAMETER": "panel_regions"},
            ),
            *[expect("column_values_to_be_in_set", column=c, value_set=[0, 1]) for c in INDICATORS],
        ],
        "meta": {
            "dataset": "organization panel, one row per organization and wave",
            "key": ["organization_id", "year"],
        },
    }


def panel_organizations_suite() -> dict:
    return {
        "name": "panel_organizations",
        "expectations": [
            expect("table_columns_to_match_set", column_set=["organization_id", "sector"], exact_match=True),
            expect("column_values_to_be_unique", {"rule": "no organization in two sectors"}, column="organization_id"),
        ],
        "meta": {"dataset": "organizations of the panel with their sector", "key": ["organization_id"]},
    }


KNOWN_FACTS = [
    "years_operating",
    "leaders",
    "member_organizations",
    "scope",
    "paid_staff",
    "funding_source_types",
    "multisector_by_design",
    "national_government_relationship",
]


def case_facts_suite() -> dict:
    return {
        "name": "case_facts",
        "expectations": common(columns("case_facts"))
        + [
            expect(
                "compound_columns_to_be_unique", {"rule": "one value per case and fact"}, column_list=["case", "fact"]
            ),
            expect("column_values_to_be_in_set", column="case", value_set={"$PARAMETER": "cases"}),
            expect("column_values_to_be_in_set", column="fact", value_set=KNOWN_FACTS),
        ],
        "meta": {"dataset": "facts per case not held by a questionnaire", "key": ["case", "fact"]},
    }


def org_suite(name: str, key: list[str], extra: list[dict]) -> dict:
    return {
        "name": name,
        "expectations": common(columns(name))
        + [
            expect("compound_columns_to_be_unique", column_list=key),
            expect("column_values_to_be_in_set", column="case", value_set={"$PARAMETER": "cases"}),
            *extra,
        ],
        "meta": {"dataset": f"single-organization cases: {name.removeprefix('org_').replace('_', ' ')}", "key": key},
    }


def org_collaborations_suite() -> dict:
    return org_suite("org_collaborations", ["case", "collaboration"], [])


def org_tactics_suite() -> dict:
    suite = org_suite(
        "org_tactics",
        ["case", "tactic", "collaboration"],
        [
            expect("column_values_to_be_in_set", column="role", value_set=["primary", "secondary", "none"]),
            expect(
                "column_values_to_be_in_set",
                {"rule": "known tactics (the scheme's codebook)"},
                column="tactic",
                value_set={"$PARAMETER": "tactic_codes"},
            ),
            expect(
                "column_values_to_be_in_set",
                {"rule": "known collaborations"},
                column="collaboration",
                value_set={"$PARAMETER": "collaborations"},
            ),
        ],
    )
    suite["expectations"] = [
        e
        for e in suite["expectations"]  # a note may be empty
        if not (e["type"] == "expect_column_values_to_not_be_null" and e["kwargs"]["column"] == "note")
    ]
    return suite


def org_timeline_suite() -> dict:
    suite = org_suite("org_timeline", ["case", "period", "event"], [])
    suite["expectations"] = [
        e
        for e in suite["expectations"]  # an event may concern no single collaboration
        if not (e["type"] == "expect_column_values_to_not_be_null" and e["kwargs"]["column"] == "collaboration")
    ]
    return suite


def org_partner_conditions_suite() -> dict:
    return org_suite("org_partner_conditions", ["case", "collaboration", "condition"], [])


def tactic_codes_suite() -> dict:
    return {
        "name": "tactic_codes",
        "expectations": [
            expect("table_columns_to_match_set", column_set=columns("tactic_codes"), exact_match=True),
            expect("column_values_to_be_unique", column="tactic"),
            expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
        ],
        "meta": {"dataset": "insider-tactics codebook", "key": ["tactic"]},
    }


def crosswalk_suite() -> dict:
    return {
        "name": "crosswalk",
        "expectations": [
            expect("table_columns_to_match_set", column_set=columns("crosswalk"), exact_match=True),
            expect("column_values_to_be_in_set", column="correspondence", value_set=["close", "partial", "none"]),
            expect("column_values_to_be_in_set", column="tactic", value_set={"$PARAMETER": "tactic_codes"}),
            expect(
                "column_values_to_be_in_set",
                {"rule": "codes of the coalition scheme"},
                column="engagement_code",
                value_set={"$PARAMETER": "interview_codes"},
            ),
            expect("column_values_to_match_regex", column="source", regex=SOURCE_PATTERN),
        ],
        "meta": {
            "dataset": "crosswalk from insider tactics to engagement practices",
            "key": ["tactic", "engagement_code"],
        },
    }


SUITES = {
    "questionnaire": questionnaire_suite,
    "profiles": profiles_suite,
    "documents": documents_suite,
    "published_values": published_suite,
    "interview_segments": interview_segments_suite,
    "interview_leaders": interview_leaders_suite,
    "interview_coders": interview_coders_suite,
    "interview_codes": interview_codes_suite,
    "interview_units": interview_units_suite,
    "interview_code_differences": interview_code_differences_suite,
    "panel": panel_suite,
    "panel_organizations": panel_organizations_suite,
    "case_facts": case_facts_suite,
    "org_collaborations": org_collaborations_suite,
    "org_tactics": org_tactics_suite,
    "org_timeline": org_timeline_suite,
    "org_partner_conditions": org_partner_conditions_suite,
    "tactic_codes": tactic_codes_suite,
    "crosswalk": crosswalk_suite,
}


def generic_suite(name: str) -> dict:
    """The suite of a dataset the register lists without a suite function of its own."""
    key = entry(name).get("key", [])
    extra = [expect("compound_columns_to_be_unique", column_list=key)] if key else []
    return {
        "name": name,
        "expectations": common(columns(name)) + extra,
        "meta": {"dataset": name.replace("_", " "), "key": key},
    }


def suite(name: str) -> dict:
    return SUITES[name]() if name in SUITES else generic_suite(name)


def render(name: str) -> str:
    return json.dumps(suite(name), indent=2, ensure_ascii=False) + "\n"


def write_all(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in tables():  # every tidy table of the register of raw datasets
        path = directory / f"{name}.json"
        path.write_text(render(name), encoding="utf-8")
        paths.append(path)
    return paths
