"""Bad input, refused cleanly: each malformed input stops the build with a non-zero exit and one
message naming file, record and field, and leaves every file under results/ and
data/processed/ byte-identical. Each runs the real `snakemake` on a copy of a built project."""

import re
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml
from conftest import QUESTIONNAIRE, digests, pdf, record_raw_change, snakemake

from ctcstudy.readers.questionnaire import read_responses

QDPX = "data/raw/interviews/leader_interviews.qdpx"
PROFILES = "data/raw/documents/profile_template.csv"  # the typed template the documents were written from
FACTS = "data/raw/cases/coalition_facts.csv"


def raw_digests(workdir: Path) -> dict[str, str]:
    import hashlib

    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((workdir / "data/raw").rglob("*"))
        if p.is_file()
    }


def sav(change):
    def edit(workdir: Path) -> None:
        frame = read_responses(workdir / QUESTIONNAIRE)
        pyreadstat.write_sav(change(frame), str(workdir / QUESTIONNAIRE))

    return edit


def dtype(frame):
    frame["member_organizations"] = frame["member_organizations"].astype(object)
    frame.loc[1, "member_organizations"] = "many"
    return frame


def truncate(workdir):
    path = workdir / QUESTIONNAIRE
    path.write_bytes(path.read_bytes()[:2000])


def rewrite_qdpx(workdir, project=None, members=None):
    """Rebuild the shipped .qdpx with project.qde edited and/or members replaced or added."""
    path = workdir / QDPX
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    if project:
        contents["project.qde"] = project(contents["project.qde"].decode()).encode()
    contents.update(members or {})
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def first_source(workdir):
    with zipfile.ZipFile(workdir / QDPX) as archive:
        return next(n for n in archive.namelist() if n.startswith("sources/"))


def qdpx_positions(workdir):
    rewrite_qdpx(workdir, lambda xml: re.sub(r'endPosition="\d+"', 'endPosition="99999"', xml, count=1))


def qdpx_unknown_code(workdir):
    rewrite_qdpx(
        workdir,
        lambda xml: re.sub(
            r'<CodeRef targetGUID="[^"]+"', '<CodeRef targetGUID="00000000-0000-4000-8000-000000000000"', xml, count=1
        ),
    )


def qdpx_entities(workdir):
    rewrite_qdpx(
        workdir,
        lambda xml: xml.replace(
            "<?xml version='1.0' encoding='utf-8'?>",
            "<?xml version='1.0' encoding='utf-8'?><!DOCTYPE p [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>",
        ),
    )


def qdpx_parent_path(workdir):
    rewrite_qdpx(workdir, members={"../escape.txt": b"x"})


def qdpx_latin1(workdir):
    rewrite_qdpx(workdir, members={first_source(workdir): "Entretien: caf\xe9".encode("latin-1")})


def panel_year(workdir):
    from ctcstudy.readers import panel
    from ctcstudy.tools import synthetic_panel

    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    frame = panel.read(workdir / "data/interim/panel/synthetic_panel.dta")
    frame.loc[frame["organization_id"].eq("O000001") & frame["year"].eq(2011), "year"] = 2015
    frame = frame.assign(
        sector=frame["sector"].map({s: i for i, s in enumerate(config["panel"]["sectors"], 1)}),
        region=frame["region"].map({r: i for i, r in enumerate(config["panel"]["regions"], 1)}),
    )
    synthetic_panel.write(
        frame, workdir / "data/raw/panel/bad_years.dta", config["panel"]["sectors"], config["panel"]["regions"]
    )
    config["panel"]["file"] = "data/raw/panel/bad_years.dta"
    (workdir / "config/config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


def unknown_case(workdir):
    with open(workdir / "data/raw/cases/coalition_facts.csv", "a") as handle:
        handle.write('Atlantis Coalition,paid_staff,yes,derived,"ctcstudy, test fixture"\n')


def edit_yaml(relative, change):
    def edit(workdir):
        path = workdir / relative
        document = yaml.safe_load(path.read_text())
        change(document)
        path.write_text(yaml.safe_dump(document, sort_keys=False))

    return edit


def config_typo(document):
    document["case_selecton"] = document.pop("case_selection")


def case_twice(document):
    document["cases"].append(dict(document["cases"][0]))


INVENTORY = "data/raw/documents/inventory.csv"


def edit_inventory(change):
    def edit(workdir: Path) -> None:
        frame = pd.read_csv(workdir / INVENTORY, dtype=str, keep_default_na=False)
        change(frame).to_csv(workdir / INVENTORY, index=False, lineterminator="\n")

    return edit


def set_cell(frame, document_id, column, value):
    frame.loc[frame["document_id"].eq(document_id), column] = value
    return frame


CODING = "data/raw/documents/profile_coding.qdpx"


def code_paid_staff_as_member_count(workdir: Path) -> None:
    """Recode Covenant Alliance's paid-staff passage as its member count: two values for one field."""
    from ctcstudy.readers.refiqda import stable_guid

    path = workdir / CODING
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    old = stable_guid("template field", "paid_staff")
    new = stable_guid("template field", "member_organizations")
    selection = stable_guid("template selection", "covenant_alliance_bylaws", "paid_staff")
    xml = contents["project.qde"].decode()
    head, tail = xml.split(f'guid="{selection}"', 1)
    contents["project.qde"] = (head + f'guid="{selection}"' + tail.replace(old, new, 1)).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def add_scanned_pdf(workdir: Path) -> None:
    """A PDF without a text layer (a scan), listed in the inventory with its correct checksum."""
    import hashlib

    path = "data/raw/documents/texts/sector_bridge_strategic_plan.pdf"
    pdf(workdir / path, "")
    frame = pd.read_csv(workdir / INVENTORY, dtype=str, keep_default_na=False)
    row = frame.iloc[-1].copy()
    row[["document_id", "document_type", "file", "sha256"]] = [
        "sector_bridge_strategic_plan",
        "strategic_plan",
        path,
        hashlib.sha256((workdir / path).read_bytes()).hexdigest(),
    ]
    pd.concat([frame, row.to_frame().T]).to_csv(workdir / INVENTORY, index=False, lineterminator="\n")


CASES = {  # name: (edit, record the change with `make manifest`?, expected message)
    "truncated_sav": (truncate, True, f"{QUESTIONNAIRE}: not a readable SPSS .sav file"),
    "non_spss_sav": (
        lambda w: (w / QUESTIONNAIRE).write_text("respondent_id,coalition\nR01,X\n"),
        True,
        f"{QUESTIONNAIRE}: not a readable SPSS .sav file",
    ),
    "wrong_dtype": (
        sav(dtype),
        True,
        f"{QUESTIONNAIRE}: record respondent_id=R02, field member_organizations: a number is required, not 'many'",
    ),
    "unknown_value_code": (
        sav(lambda f: f.assign(ngo_child_welfare_member=[1, 7, 0])),
        True,
        f"{QUESTIONNAIRE}: record respondent_id=R02, field ngo_child_welfare_member: "
        "column values to be in set failed; bad values [7]",
    ),
    "duplicate_key": (
        sav(lambda f: f.assign(respondent_id=["R01", "R01", "R03"])),
        True,
        f"{QUESTIONNAIRE}: record respondent_id=R01, field respondent_id: column values to be unique failed",
    ),
    "missing_column": (
        sav(lambda f: f.drop(columns="scope")),
        True,
        f"{QUESTIONNAIRE}: field scope: missing column(s) ['scope']",
    ),
    "out_of_range_year": (
        panel_year,
        True,
        "data/raw/panel/bad_years.dta: record organization_id=O000001,year=2015, field year: "
        "column values to be in set failed; bad values [2015]",
    ),
    "empty_file": (lambda w: (w / FACTS).write_text(""), True, f"{FACTS}: the file is empty"),
    "non_utf8_text_source": (qdpx_latin1, True, "source text is not UTF-8"),
    "qdpx_parent_path": (qdpx_parent_path, True, f"{QDPX}: record ../escape.txt: unsafe path in the archive"),
    "xml_entity_expansion": (
        qdpx_entities,
        True,
        f"{QDPX}!project.qde: XML refused: DTDs and entity declarations are not allowed",
    ),
    "positions_beyond_text": (
        qdpx_positions,
        True,
        "field endPosition: endPosition 99999 is outside the source text (length 565 code points); "
        "positions read as codepoint (origin 'ctcstudy'",
    ),
    "unknown_code_reference": (
        qdpx_unknown_code,
        True,
        f"{QDPX}!project.qde: record <CodeRef 00000000-0000-4000-8000-000000000000>, "
        "field targetGUID: reference to an unknown Code",
    ),
    "unknown_case": (
        unknown_case,
        True,
        # only the file that holds the record, not every file of the dataset
        "ERROR: data/raw/cases/coalition_facts.csv: record case=Atlantis Coalition,fact=paid_staff, "
        "field case: column values to be in set failed",
    ),
    "document_missing": (
        lambda w: (w / "data/raw/documents/texts/sector_bridge_bylaws.txt").unlink(),
        True,
        "ERROR: data/raw/documents/texts/sector_bridge_bylaws.txt: document file not found (listed in "
        f"{INVENTORY}, line 12, document_id sector_bridge_bylaws); restore it, or fix the inventory's "
        "file column",
    ),
    "document_checksum_mismatch": (
        lambda w: (w / "data/raw/documents/texts/covenant_alliance_charter.txt").open("a").write("Added later.\n"),
        True,
        f"{INVENTORY}: record document_id=covenant_alliance_charter, field sha256: "
        "column pair values to be equal failed (the file's SHA-256 is the recorded one)",
    ),
    "document_unknown_type": (
        edit_inventory(lambda f: set_cell(f, "community_nexus_bylaws", "document_type", "memo")),
        True,
        f"{INVENTORY}: record document_id=community_nexus_bylaws, field document_type: "
        "column values to be in set failed; bad values ['memo']",
    ),
    "coalition_without_documents": (
        edit_inventory(lambda f: f[f["coalition"].ne("Sector Bridge")]),
        True,
        f"{INVENTORY}: field coalition: column distinct values to contain set "
        "failed (every coalition listing an inventory has a document)",
    ),
    "scanned_pdf_without_text": (
        add_scanned_pdf,
        True,
        f"{INVENTORY}: record document_id=sector_bridge_strategic_plan, field characters: "
        "column values to be between failed (the document has text (a scanned PDF needs OCR first))",
    ),
    "template_field_coded_twice": (
        code_paid_staff_as_member_count,
        True,
        f"{CODING}: record coalition=Covenant Alliance, field member_organizations: "
        "template field coded twice with different values: ",
    ),
    "config_key_typo": (
        edit_yaml("config/config.yaml", config_typo),
        False,
        "config/config.yaml:116: record top level, field case_selecton: Additional properties are not allowed",
    ),
    "case_listed_twice": (
        edit_yaml("config/cases.yaml", case_twice),
        False,
        "config/cases.yaml:58: record case covenant_alliance, field id: case listed twice",
    ),
    "case_file_missing": (
        edit_yaml(
            "config/cases.yaml",
            lambda d: d["cases"][0]["files"].update(questionnaire="data/raw/questionnaire/missing.sav"),
        ),
        False,
        "config/cases.yaml:20: record case covenant_alliance, field files.questionnaire: file not found",
    ),
    "unknown_coding_scheme": (
        edit_yaml("config/cases.yaml", lambda d: d["cases"][3].update(coding_scheme="other")),
        False,
        "config/cases.yaml:51: record case samaj, field coding_scheme: unknown coding scheme 'other'",
    ),
    "raw_changed_without_manifest": (
        lambda w: (w / PROFILES).write_text((w / PROFILES).read_text() + "\n"),
        False,
        f"{PROFILES}: raw file changed since data/raw/MANIFEST.sha256",
    ),
}


def replace_in(name, old, new):
    def edit(workdir):
        path = workdir / name
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))

    return edit


CASES |= {
    "config_yaml_syntax": (
        replace_in("config/config.yaml", b"\npanel:", b"\npanel: {x"),
        False,
        "ERROR: config/config.yaml:30:7: YAML syntax error: while parsing a flow "
        "mapping did not find expected ',' or '}'",
    ),
    "cases_yaml_syntax": (
        replace_in("config/cases.yaml", b"\ncases:", b"\ncases: [oops"),
        False,
        "ERROR: config/cases.yaml:21:7: YAML syntax error: while parsing a flow "
        "sequence did not find expected ',' or ']'",
    ),
    "latin1_csv": (
        replace_in("data/raw/cases/coalition_facts.csv", b",derived,", b",d\xe9rived,"),
        True,
        "ERROR: data/raw/cases/coalition_facts.csv:2:45: not UTF-8 text (byte 0xe9 at "
        "line 2, column 45: invalid continuation byte); save it as UTF-8",
    ),
}


def alias_bomb(workdir):
    """Nine levels of ten aliases each as the study's title: a billion copies if it were expanded."""
    config = (workdir / "config/config.yaml").read_text()
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)
    ]
    config = config.replace("\nstudy:\n", "\nbombs:\n" + "".join(f"  {line}\n" for line in levels) + "study:\n", 1)
    (workdir / "config/config.yaml").write_text(config.replace("  title:", "  title: *a8\n  old_title:", 1))


def wide_csv(workdir):
    (workdir / FACTS).write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join(["x"] * 100_000) + "\n")


def control_character_name(workdir):
    folder = workdir / "data/raw/documents/texts"
    (folder / "minutes\nof the board.txt").write_text("Minutes.\n")


CASES |= {  # bounded: each refused in seconds, in one short line
    "yaml_alias_bomb": (
        alias_bomb,
        False,
        "ERROR: config/config.yaml:5:12: YAML aliases expand to "
        "2,345,679,212 values, more than 100,000: an alias bomb? write the values out",
    ),
    "csv_100000_columns": (
        wide_csv,
        True,
        f"ERROR: {FACTS}:1: record header: its header has 100,000 columns, more than the 5,000 any table here may have",
    ),
    "nul_byte_in_csv": (
        replace_in(FACTS, b",derived,", b",der\x00ived,"),
        True,
        f"ERROR: {FACTS}:2:47: holds a NUL byte at line 2, column 47",
    ),
    "control_character_in_raw_file_name": (
        control_character_name,
        False,
        "ERROR: data/raw/documents/texts/minutes\\x0aof the board.txt: a file name holding a control character",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_cleanly(rebuilt, name):
    edit, deliberate, expected = CASES[name]
    before = digests(rebuilt)
    edit(rebuilt)
    if deliberate:  # the documented step after a deliberate change, so the reader itself is tested
        record_raw_change(rebuilt)
    raw_planted = raw_digests(rebuilt)
    run = snakemake(rebuilt)
    assert run.returncode != 0
    ending = []  # the build's output ends with the refusal: one line per problem
    for line in reversed(run.stderr.strip().splitlines()):
        if not line.startswith("ERROR: "):
            break
        ending.append(line)
    assert any(expected in line for line in ending), run.stderr[-2500:]
    assert all(len(line) < 450 for line in run.stderr.splitlines() if "ERROR" in line), "a refusal is not bounded"
    refusal = next(line for line in ending if expected in line)
    assert run.stderr.count(refusal) == 1, "a refusal is printed once"
    assert digests(rebuilt) == before  # results/ and data/processed/ untouched
    assert raw_digests(rebuilt) == raw_planted  # and the build wrote nothing under data/raw/


def test_at_least_fifteen_kinds_of_bad_input():
    assert len(CASES) >= 15


def test_make_manifest_refuses_a_file_name_with_a_line_break_and_keeps_the_manifest(tmp_path, monkeypatch, capsys):
    from ctcstudy import cli

    (tmp_path / "data/raw/notes").mkdir(parents=True)
    (tmp_path / "data/raw/notes/minutes.txt").write_text("Minutes.\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["manifest", "--write"]) == 0
    before = (tmp_path / "data/raw/MANIFEST.sha256").read_bytes()
    (tmp_path / "data/raw/notes/board\nminutes.txt").write_text("Minutes.\n")
    capsys.readouterr()
    assert cli.main(["manifest", "--write"]) == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert said == [
        "ERROR: data/raw/notes/board\\x0aminutes.txt: a file name holding a control "
        "character (line break, tab ...) is refused: rename the file"
    ]
    assert (tmp_path / "data/raw/MANIFEST.sha256").read_bytes() == before
