"""A student's own case in one command: `python -m ctcstudy new-case --id ID --pseudonym NAME --type T`.

Writes a complete starter set under data/raw/cases/<id>/, every answer "not reported" until it
is filled in, adds the case to config/cases.yaml and a reference for the student's fieldwork to
references.bib (key fieldwork_<n>, never the case's name), and records the manifest, so a build run straight after passes and shows the
case in every cross-case output. Nothing existing is overwritten: a taken id or pseudonym, a
taken reference key or an existing folder is refused.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ctcstudy.configuration.caselist import load_yaml
from ctcstudy.configuration.datasets import columns, required_files, starters
from ctcstudy.errors import InputError
from ctcstudy.writers import atomic_write

FACTS = ["multisector_by_design", "national_government_relationship"]


def csv_text(header: list[str], rows: list[list[str]] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def next_respondent_id(root: Path, cases: dict) -> str:
    """R<nn> not used by any questionnaire of the case list (SPSS and Stata files)."""
    from ctcstudy.readers.questionnaire import read_responses

    used = set()
    for case in cases["cases"]:
        path = case["files"].get("questionnaire")
        if path and Path(path).suffix in (".sav", ".dta") and (root / path).is_file():
            used |= set(read_responses(root / path)["respondent_id"].astype(str))
    number = 1
    while f"R{number:02d}" in used:
        number += 1
    return f"R{number:02d}"


def starter_questionnaire(path: Path, respondent_id: str, pseudonym: str, source: str) -> None:
    """One record for the coalition, every coded answer -9 (not reported), labelled as the codebook."""
    import pandas as pd

    from ctcstudy.codebook.questionnaire import ITEMS, NOT_REPORTED
    from ctcstudy.readers.questionnaire import write_sav

    record = {i.name: NOT_REPORTED for i in ITEMS if i.kind not in ("id", "text")}
    record |= {"respondent_id": respondent_id, "coalition": pseudonym, "provenance": "published", "source": source}
    write_sav(pd.DataFrame([record]), path, f"Leader questionnaire of {pseudonym} (starter: every answer not reported)")


def fieldwork_key(bib: str) -> str:
    """The first free key fieldwork_1, fieldwork_2, ...: a key never names its case, because
    every interview segment row cites it beside its quote, and the study never ties a quote to a
    coalition (the leak scan refuses a row that does)."""
    taken = set(re.findall(r"@\w+\{\s*([^,\s]+)\s*,", bib))
    number = 1
    while f"fieldwork_{number}" in taken:
        number += 1
    return f"fieldwork_{number}"


def reference_entry(key: str) -> str:
    """A placeholder for the student's fieldwork. It names no case: the reference list outlives a
    case removed from the case list, and a pseudonym in it would be a trace of that case."""
    return (
        f"\n@misc{{{key},\n  author = {{{{the researchers of the case}}}},\n  year = {{2026}},\n"
        f"  title = {{Fieldwork ({key}): leader questionnaire, coalition documents and interviews}},\n"
        "  note = {Added by new-case; give the real authors, year and where the records are kept}\n}\n"
    )


def case_entry(case_id: str, pseudonym: str, case_type: str, files: dict[str, str]) -> str:
    scheme = "ctc_engagement" if case_type == "coalition" else "insider_tactics"
    lines = [
        f"  - id: {case_id}",
        f"    pseudonym: {pseudonym}",
        f"    study: {case_id}",
        f"    case_type: {case_type}",
        f"    coding_scheme: {scheme}",
        "    files:",
    ]
    lines += [f"      {kind}: {path}" for kind, path in files.items()]
    return "\n".join(lines) + "\n"


def add_to_case_list(cases_file: Path, entry: str) -> None:
    """Insert the entry at the end of the `cases:` list, keeping every comment of the file."""
    text = cases_file.read_text(encoding="utf-8")
    start = re.search(r"^cases:\s*$", text, re.M)
    if not start:
        raise InputError(cases_file, "no top-level 'cases:' list to add the case to", field="cases")
    following = re.search(r"^\S", text[start.end() :], re.M)
    cut = start.end() + following.start() if following else len(text)
    head = text[:cut].rstrip("\n") + "\n"
    atomic_write(cases_file, head + entry + ("\n" + text[cut:] if following else ""))


def new_case(
    case_id: str,
    pseudonym: str,
    case_type: str,
    root: Path = Path("."),
    cases_file: str = "config/cases.yaml",
    references: str = "data/raw/published/references.bib",
) -> tuple[list[str], str]:
    """Write the starter set; return the files written, relative to root, and the reference key."""
    if not re.fullmatch(r"[a-z0-9_]+", case_id):
        raise InputError(cases_file, "an id is lower-case letters, digits and _", record=f"case {case_id}", field="id")
    cases = load_yaml(root / cases_file)
    for case in cases["cases"]:
        for field, value in (("id", case_id), ("pseudonym", pseudonym)):
            if case[field] == value:
                raise InputError(
                    cases_file, f"{field} {value!r} is already taken", record=f"case {case['id']}", field=field
                )
    folder = Path("data/raw/cases") / case_id
    if (root / folder).exists():
        raise InputError(folder, "folder exists; new-case never overwrites files (choose another id)")
    bib = (root / references).read_text(encoding="utf-8")
    key = fieldwork_key(bib)
    source = f"{key}, case facts"
    written = {}

    def write(name: str, text: str) -> str:
        path = folder / name
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(root / path, text)
        written[name] = path.as_posix()
        return path.as_posix()

    facts = csv_text(columns("case_facts"), [[pseudonym, fact, "not reported", "published", source] for fact in FACTS])
    files = {}
    (root / folder).mkdir(parents=True)
    if case_type == "coalition":
        questionnaire = folder / "questionnaire.sav"
        starter_questionnaire(
            root / questionnaire, next_respondent_id(root, cases), pseudonym, f"{key}, leader questionnaire"
        )
        written["questionnaire.sav"] = questionnaire.as_posix()
        files["questionnaire"] = questionnaire.as_posix()
    # The register's starters: a required file is listed in the case entry at once; an optional one
    # (documents, the interviews' mapping) is there to fill in and list when the data exist.
    required = required_files(case_type)
    for kind, (name, header) in starters(case_type).items():
        path = write(name, csv_text(header))
        if kind in required:
            files[kind] = path
    if "documents" in starters(case_type):
        write("documents/texts/.gitkeep", "")
    files["case_facts"] = write("case_facts.csv", facts)
    atomic_write(root / references, bib.rstrip("\n") + "\n" + reference_entry(key))
    add_to_case_list(root / cases_file, case_entry(case_id, pseudonym, case_type, files))
    from ctcstudy.guards import manifest as integrity

    if root == Path("."):  # the manifest lists paths relative to the project folder
        integrity.write()
    return sorted(written.values()), key
