"""The README's list of outputs is the registry's, so the two cannot drift."""

from conftest import ROOT

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
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = section(readme, "Dataset list")
    import fnmatch
    import re

    raw = [line.split(maxsplit=1)[1] for line in (ROOT / "data/raw/MANIFEST.sha256").read_text().splitlines()]
    assert len(raw) == 35
    patterns = [p for p in re.findall(r"`([^`]+)`", listed) if "*" in p]  # e.g. a folder of document texts
    assert [
        path for path in raw if f"`{path}`" not in listed and not any(fnmatch.fnmatch(path, p) for p in patterns)
    ] == []


def test_listed_versions_are_the_locked_ones():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"`([A-Za-z0-9_.-]+)==([^`]+)`", section(readme, "Computational requirements")))
    locked = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().split() if "==" in line)
    assert len(listed) == 19
    assert {name: locked.get(name) for name in listed} == listed
