"""The README's list of outputs is the registry's, so the two cannot drift."""

from conftest import ROOT
from ctcstudy.tidy import outputs_markdown


def test_readme_outputs_table_is_generated_from_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- outputs-table:start -->\n")[1].split("<!-- outputs-table:end -->")[0]
    assert block == outputs_markdown(ROOT / "workflow/registry.yaml")


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert (ROOT / ".ci/run").read_text().strip().endswith("exec make test")
