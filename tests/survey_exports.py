"""Questionnaire exports as survey tools write them, for the tests: one leader's answers, the
same in every tool, with each tool's quirks (written by hand, not by the package):

- Qualtrics CSV: UTF-8 with a byte-order mark, CRLF, the question texts and a
  {"ImportId": ...} row under the headers, labels as answers, a "select all that apply" question
  as one column per option (ticked = 1, unticked = blank; in the default download, "Use choice
  text", ticked = the option's text);
- LimeSurvey CSV: question codes as headers (Q01, Q07_SQ004 for a sub-question), answers as
  codes (the survey was built with the codebook's codes);
- KoboToolbox CSV: semicolon-separated, group paths in the headers (group_profile/region);
- KoboToolbox XLSX: the same as a workbook;
- Google Forms CSV: a Timestamp column, question texts as headers, labels as answers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

# What every reader must return for the leader (codebook item -> code).
EXPECTED = {
    "region": 2,
    "scope": 3,
    "years_operating": 6,
    "leaders": 2,
    "member_organizations": 12,
    "paid_staff": 1,
    "ngo_child_welfare_member": 1,
    "ngo_church_member": 0,
    "funding_business": 1,
    "individual_members": -9,
}
PSEUDONYM = "Harbor Network"
TOOLS = ["qualtrics", "qualtrics_choice_text", "limesurvey", "kobo_csv", "kobo_xlsx", "google_forms"]

QUESTIONS = [  # (item, question text, Qualtrics id, LimeSurvey code, Kobo name, label answer, code answer)
    ("region", "In which region does the coalition work?", "Q1", "Q01", "group_profile/region", "Southeast Asia", "2"),
    ("scope", "What is the scope of its goals?", "Q2", "Q02", "group_profile/scope", "national", "3"),
    ("years_operating", "For how many years has it operated?", "Q3", "Q03", "group_profile/years", "6", "6"),
    ("leaders", "How many people lead it?", "Q4", "Q04", "group_profile/leaders", "two", "2"),
    ("member_organizations", "How many member organizations?", "Q5", "Q05", "group_profile/members", "12", "12"),
    ("paid_staff", "Paid staff?", "Q6", "Q06", "group_profile/staff", "One", "1"),
    ("funding_business", "Funding from businesses?", "Q8", "Q08", "group_funding/business", "yes", "1"),
]
# A "select all that apply" question: member NGO types, one column per option.
SELECT_ALL = [
    ("ngo_child_welfare_member", "Child welfare", "Q7_4", "Q07_SQ004", "group_members/child_welfare"),
    ("ngo_church_member", "Church", "Q7_9", "Q07_SQ009", "group_members/church"),
]


def rows_to_csv(rows: list[list[str]], separator: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator=newline).writerows(rows)
    return out.getvalue()


def qualtrics(choice_text: bool = False) -> tuple[bytes, list[list[str]]]:
    """choice_text: Qualtrics' default download ("Use choice text"), where a ticked box of a
    "select all that apply" question holds the choice's text, not 1."""
    header = ["StartDate", "EndDate", "ResponseId", *[q[2] for q in QUESTIONS], *[s[2] for s in SELECT_ALL]]
    texts = [
        "Start Date",
        "End Date",
        "Response ID",
        *[q[1] for q in QUESTIONS],
        *[f"Which kinds of NGO are members? - {s[1]}" for s in SELECT_ALL],
    ]
    imports = [
        '{"ImportId":"startDate","timeZone":"America/Denver"}',
        '{"ImportId":"endDate"}',
        '{"ImportId":"_recordId"}',
        *[f'{{"ImportId":"QID{i + 1}"}}' for i in range(len(QUESTIONS))],
        *[f'{{"ImportId":"QID7_{s[2][3:]}"}}' for s in SELECT_ALL],
    ]
    answer = [
        "2026-03-01 10:00:00",
        "2026-03-01 10:20:00",
        "R_3kFx9",
        *[q[5] for q in QUESTIONS],
        SELECT_ALL[0][1] if choice_text else "1",
        "",
    ]
    text = rows_to_csv([header, texts, imports, answer], newline="\r\n")
    column_map = [
        ["respondent_id", "", "R90", ""],
        ["coalition", "", PSEUDONYM, ""],
        ["provenance", "", "published", ""],
        ["source", "", "ctcstudy, test fixture", ""],
        *[[q[0], q[2], "", ""] for q in QUESTIONS],
        *[[s[0], s[2], "", "no"] for s in SELECT_ALL],
    ]
    return ("\ufeff" + text).encode("utf-8"), column_map


def limesurvey() -> tuple[bytes, list[list[str]]]:
    header = ["id", "submitdate", "lastpage", "startlanguage", *[q[3] for q in QUESTIONS], *[s[3] for s in SELECT_ALL]]
    answer = ["7", "2026-03-01 10:20:00", "3", "en", *[q[6] for q in QUESTIONS], "1", "0"]
    column_map = [
        ["respondent_id", "", "R90", ""],
        ["coalition", "", PSEUDONYM, ""],
        ["provenance", "", "published", ""],
        ["source", "", "ctcstudy, test fixture", ""],
        *[[q[0], q[3], "", ""] for q in QUESTIONS],
        *[[s[0], s[3], "", ""] for s in SELECT_ALL],
    ]
    return rows_to_csv([header, answer]).encode("utf-8"), column_map


def kobo_rows() -> tuple[list[list[str]], list[list[str]]]:
    header = [
        "start",
        "end",
        *[q[4] for q in QUESTIONS],
        *[s[4] for s in SELECT_ALL],
        "_id",
        "_uuid",
        "_submission_time",
    ]
    answer = [
        "2026-03-01T10:00:00",
        "2026-03-01T10:20:00",
        *[q[5] for q in QUESTIONS],
        "1",
        "0",
        "91",
        "5d7c1c7e-3b1a-4a6e-9c1d-2f6c8e4a9b10",
        "2026-03-01T10:21:00",
    ]
    column_map = [
        ["respondent_id", "", "R90", ""],
        ["coalition", "", PSEUDONYM, ""],
        ["provenance", "", "published", ""],
        ["source", "", "ctcstudy, test fixture", ""],
        *[[q[0], q[4], "", ""] for q in QUESTIONS],
        *[[s[0], s[4], "", ""] for s in SELECT_ALL],
    ]
    return [header, answer], column_map


def kobo_csv() -> tuple[bytes, list[list[str]]]:
    rows, column_map = kobo_rows()
    return rows_to_csv(rows, separator=";").encode("utf-8"), column_map


def kobo_xlsx() -> tuple[bytes, list[list[str]]]:
    import openpyxl

    rows, column_map = kobo_rows()
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), column_map


def google_forms() -> tuple[bytes, list[list[str]]]:
    header = ["Timestamp", *[q[1] for q in QUESTIONS], "Which kinds of NGO are members?"]
    answer = ["3/1/2026 10:20:00", *[q[5] for q in QUESTIONS], "Child welfare"]
    # Google Forms puts all ticked options of a checkbox question in one cell: one column per item
    # is not possible, so the map reads that question with a constant where the student knows it.
    column_map = [
        ["respondent_id", "", "R90", ""],
        ["coalition", "", PSEUDONYM, ""],
        ["provenance", "", "published", ""],
        ["source", "", "ctcstudy, test fixture", ""],
        *[[q[0], q[1], "", ""] for q in QUESTIONS],
        ["ngo_child_welfare_member", "", "1", ""],
        ["ngo_church_member", "", "0", ""],
    ]
    return rows_to_csv([header, answer]).encode("utf-8"), column_map


WRITERS = {
    "qualtrics": qualtrics,
    "qualtrics_choice_text": lambda: qualtrics(choice_text=True),
    "limesurvey": limesurvey,
    "kobo_csv": kobo_csv,
    "kobo_xlsx": kobo_xlsx,
    "google_forms": google_forms,
}


def write(tool: str, folder: Path) -> tuple[Path, Path]:
    """The export and its column map; returns their paths."""
    data, column_map = WRITERS[tool]()
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / f"questionnaire_{tool}.{'xlsx' if tool == 'kobo_xlsx' else 'csv'}"
    export.write_bytes(data)
    mapping = folder / f"questionnaire_{tool}_columns.csv"
    mapping.write_text(rows_to_csv([["item", "column", "value", "blank"], *column_map]), encoding="utf-8")
    return export, mapping
