"""The deposit: what it packs (and never packs), a zip whose bytes depend only on its contents, and
the leak scan over everything packed."""

import subprocess
import sys
import zipfile

from ctcstudy.deposit.package import members, zipped
from ctcstudy.writers import ZIP_TIME as FIXED_TIME


def test_the_restricted_folder_caches_and_builds_of_other_tools_are_never_packed(tmp_path):
    for name in [
        "README.md",
        "data/raw/questionnaire/codebook.csv",
        "data/raw/restricted/names.csv",
        "workflow/src/ctcstudy/__pycache__/cli.cpython-311.pyc",
        "workflow/src/ctcstudy.egg-info/PKG-INFO",
        "results/tables/t.csv",
        "logs/validate.log",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.as_posix() for p in members(tmp_path)] == [
        "README.md",
        "data/raw/questionnaire/codebook.csv",
        "results/tables/t.csv",
    ]


def test_the_zip_is_sorted_with_one_time_and_fixed_permissions(tmp_path):
    files = ["b.txt", "a/z.sh", "a/b.csv"]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    paths = sorted((tmp_path / f).relative_to(tmp_path) for f in files)
    first = zipped(tmp_path, paths, "pkg-1.0")
    assert zipped(tmp_path, paths, "pkg-1.0") == first
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as _:
        pass
    (tmp_path / "x.zip").write_bytes(first)
    infos = zipfile.ZipFile(tmp_path / "x.zip").infolist()
    assert [i.filename for i in infos] == ["pkg-1.0/a/b.csv", "pkg-1.0/a/z.sh", "pkg-1.0/b.txt"]
    assert {i.date_time for i in infos} == {FIXED_TIME}
    assert [oct(i.external_attr >> 16) for i in infos] == ["0o100644", "0o100755", "0o100644"]


def deposit(project, *args):
    command = [sys.executable, "-m", "ctcstudy", "deposit", "--out-dir", "deposit", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True)


def test_two_deposits_of_one_build_are_the_same_bytes_and_hold_package_results_and_metadata(rebuilt):
    first = deposit(rebuilt)
    assert first.returncode == 0, first.stderr
    archive = next((rebuilt / "deposit").glob("*.zip"))
    data = archive.read_bytes()
    assert deposit(rebuilt).returncode == 0 and archive.read_bytes() == data
    names = {n.split("/", 1)[1] for n in zipfile.ZipFile(archive).namelist()}
    for needed in (
        "LICENSE",
        "LICENSE-DATA",
        "CITATION.cff",
        "ACCESS.md",
        "README.md",
        "Snakefile",
        "requirements.lock",
        "data/raw/MANIFEST.sha256",
        "results/replication_report.pdf",
        "results/tables/table1_ngo_types.csv",
        "data/processed/questionnaire.csv",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("data/raw/restricted", "logs/", ".snakemake")) for n in names)


def test_a_restricted_name_anywhere_in_the_deposit_refuses_it_in_one_line_per_file(rebuilt):
    restricted = rebuilt / "data/raw/restricted"
    restricted.mkdir(parents=True)
    (restricted / "names.csv").write_text("kind,name,acronym\nperson,Marisol Quintanilla-Obote,\n")
    (rebuilt / "config/notes.md").write_text("Interview arranged by Marisol Quintanilla-Obote.\n")
    refused = deposit(rebuilt)
    assert refused.returncode == 1
    lines = [line for line in refused.stderr.splitlines() if line.startswith("ERROR")]
    assert lines == ["ERROR: leak scan: deposit refused: config/notes.md:1: restricted name #1 (person)"]
    assert "Quintanilla" not in refused.stderr
    assert not (rebuilt / "deposit").exists()


def test_the_data_package_validates_and_reads_typed_and_labelled(rebuilt):
    """frictionless validate over every resource of the deposit's datapackage.json; the questionnaire
    read with pandas through its schema gives its codes typed and their labels."""
    import json

    import pandas as pd

    assert deposit(rebuilt).returncode == 0
    folder = next(p for p in (rebuilt / "deposit").iterdir() if p.is_dir())
    run = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    report = json.loads(run.stdout)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert report["valid"], [t["errors"][:2] for t in report["tasks"] if not t["valid"]]
    assert report["stats"]["tasks"] == len(package["resources"]) == 67
    paths = {r.get("path") for r in package["resources"]}
    assert {"data/raw/questionnaire/leader_questionnaire.sav", "data/processed/panel.csv"} <= paths
    assert "results/tables/table1_ngo_types.csv" in paths
    resource = next(r for r in package["resources"] if r.get("path") == "data/processed/questionnaire.csv")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert resource["schema"]["primaryKey"] == ["respondent_id"]
    assert fields["region"]["missingValues"][1] == {"value": "-9", "label": "not reported"}
    types = {"integer": "Int64", "number": "float64", "string": "string"}
    missing = {n: [m["value"] for m in f.get("missingValues", [])] for n, f in fields.items()}
    frame = pd.read_csv(
        folder / resource["path"],
        dtype={n: types[f["type"]] for n, f in fields.items()},
        keep_default_na=False,
        na_values={n: [v for v in values if v] for n, values in missing.items()},
    )
    labels = {c["value"]: c["label"] for c in fields["region"]["categories"]}
    assert str(frame["region"].dtype) == "Int64"
    assert frame["region"].map(labels).tolist()[:1] == ["Asia-Pacific"]  # Covenant Alliance
    assert frame["individual_members"].isna().sum() >= 1  # -9, not reported, read as missing
    # what each resource rests on, and the access tiers, from the dataset list
    raw = next(r for r in package["resources"] if r.get("path") == "data/raw/questionnaire/leader_questionnaire.sav")
    assert raw["description"].endswith(
        "Provenance: derived. Source: Foot, Sworn & Alejano-Steele (2019), "
        "§Findings: Tables 1-3 and coalition profiles."
    )
    assert {r["access"] for r in package["resources"]} == {"public"}
    # the tables relate by keys: segments -> interview leaders -> cases, claims -> published values
    # and outputs, numbers -> claims; a broken reference is found
    links = {
        r["name"]: [(k["fields"][0], k["reference"]["resource"]) for k in r.get("schema", {}).get("foreignKeys", [])]
        for r in package["resources"]
    }
    assert links["data-processed-interview_segments"] == [("leader", "data-processed-interview_leaders")]
    assert links["data-processed-interview_leaders"] == [("coalition", "cases")]
    assert links["results-verification-claims"] == [
        ("claim_id", "data-processed-published_values"),
        ("output", "outputs"),
    ]
    numbers = folder / "results/numbers/numbers.csv"
    numbers.write_text(numbers.read_text(encoding="utf-8").replace("\nS.region.CA,", "\nS.region.XX,", 1))
    broken = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "datapackage.json", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    errors = [e["message"] for t in json.loads(broken.stdout)["tasks"] for e in t["errors"]]
    assert errors == [
        'Row at position "2" violates the foreign key: for "claim_id": values "S.region.XX" not found in the '
        'lookup table "results-verification-claims" as "claim_id"'
    ]
    assert [(t["tier"], len(t.get("datasets", []))) for t in package["access"]] == [
        ("public", 0),
        ("confidential", 3),
        ("never", 2),
    ]


def test_the_ddi_codebook_has_the_standards_structure_and_every_questionnaire_variable_once(rebuilt):
    from xml.etree import ElementTree as ET

    import pyreadstat

    assert deposit(rebuilt).returncode == 0
    folder = next(p for p in (rebuilt / "deposit").iterdir() if p.is_dir())
    ns = {"d": "ddi:codebook:2_5"}
    book = ET.parse(folder / "codebook.xml").getroot()
    assert book.tag == "{ddi:codebook:2_5}codeBook" and book.get("version") == "2.5"
    order = [child.tag.split("}")[1] for child in book]
    assert order == ["docDscr", "stdyDscr", "fileDscr", "fileDscr", "dataDscr"]  # the schema's sequence
    assert book.find("d:stdyDscr/d:citation/d:titlStmt/d:titl", ns).text
    for path in (
        "d:stdyInfo/d:sumDscr/d:universe",
        "d:method/d:dataColl/d:sampProc",
        "d:stdyInfo/d:sumDscr/d:geogCover",
    ):
        assert book.find(f"d:stdyDscr/{path}", ns) is not None, path
    _, meta = pyreadstat.read_sav(str(rebuilt / "data/raw/questionnaire/leader_questionnaire.sav"), metadataonly=True)
    described = [v.get("name") for v in book.findall("d:dataDscr/d:var[@files='file_questionnaire']", ns)]
    assert sorted(described) == sorted(meta.column_names) and len(described) == len(set(described))
    region = book.find("d:dataDscr/d:var[@name='region'][@files='file_questionnaire']", ns)
    assert [c.tag.split("}")[1] for c in region][:3] == ["labl", "qstn", "invalrng"]
    frequencies = {
        c.find("d:catValu", ns).text: int(c.find("d:catStat", ns).text) for c in region.findall("d:catgry", ns)
    }
    assert sum(frequencies.values()) == meta.number_rows and frequencies["-9"] == 0
    assert region.find("d:catgry[@missing='Y']/d:labl", ns).text == "not reported"
    access = book.find("d:stdyDscr/d:dataAccs", ns)
    assert [c.tag.split("}")[1] for c in access] == ["setAvail", "useStmt"]  # the schema's order
    assert "Not included: Leader questionnaire responses" in access.find("d:useStmt/d:confDec", ns).text
    assert "Never deposited: Restricted names" in access.find("d:useStmt/d:specPerm", ns).text
    panel = book.find("d:fileDscr[@ID='file_panel']/d:fileTxt/d:fileCont", ns).text
    assert "Provenance: synthetic, calibrated." in panel  # the panel read is the synthetic one
    page = (folder / "codebook.html").read_text(encoding="utf-8")
    assert page.count("<tr><td><code>") == len(book.findall("d:dataDscr/d:var", ns))
    printed = subprocess.run(
        ["pdftotext", "-layout", str(folder / "codebook.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "3 records, 59 variables" in printed and "not reported (0) [missing]" in printed
