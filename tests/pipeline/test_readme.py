"""The README's list of outputs is the registry's, so the two cannot drift."""

from conftest import ROOT

from ctcstudy.configuration import data_files
from ctcstudy.registry import outputs_markdown


def test_readme_outputs_table_is_generated_from_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- outputs-table:start -->\n")[1].split("<!-- outputs-table:end -->")[0]
    assert block == outputs_markdown(ROOT / "workflow/registry.yaml")


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert (ROOT / ".ci/run").read_text().strip().endswith("exec make test")


def section(readme: str, heading: str) -> str:
    return readme.split(f"\n## {heading}")[1].split("\n## ")[0]


def test_readme_has_the_replication_template_sections():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    for expected in (
        "Overview",
        "Data availability and provenance statements",
        "Dataset list",
        "Computational requirements",
        "Instructions to replicators: the two commands",
        "List of tables and figures",
        "Controlled randomness",
    ):
        assert expected in headings, expected


def test_dataset_list_names_every_raw_file():
    entries, _ = data_files.load(ROOT / "workflow/data_files.yaml")
    raw = [line.split(maxsplit=1)[1] for line in (ROOT / "data/raw/MANIFEST.sha256").read_text().splitlines()]
    assert len(raw) == 35
    assert [path for path in raw if data_files.find(entries, path) is None] == []
    assert [
        e.dataset for e in entries if e.access == "public" and e.files and not any(e.covers(path) for path in raw)
    ] == [  # the public entries no raw file matches: made or config
        "Organization panel 2008-2011 (long: organization x wave; sector, region, 8 activities, coalition building, "
        "named coalition; variable and value labels)",
        "Cases: coalitions and single organizations, their coding schemes and files",
    ]


def test_readme_dataset_list_and_access_statement_are_generated_from_the_list():
    entries, tiers = data_files.load(ROOT / "workflow/data_files.yaml")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(data_files.README_START + "\n")[1].split(data_files.README_END)[0]
    assert block == data_files.markdown(entries)
    assert (ROOT / "ACCESS.md").read_text(encoding="utf-8") == data_files.access_markdown(entries, tiers)
    assert [e.dataset[:30] for e in entries if e.access != "public"] == [
        "Leader questionnaire responses",
        "Samaj staff interviews",
        "Organization-level panel codin",
        "Restricted names: the real nam",
        "Pseudonymization key: the secr",
    ]


def test_listed_versions_are_the_locked_ones():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"`([A-Za-z0-9_.-]+)==([^`]+)`", section(readme, "Computational requirements")))
    locked = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split() if "==" in line)
    assert len(listed) == 19
    assert {name: locked.get(name) for name in listed} == listed
