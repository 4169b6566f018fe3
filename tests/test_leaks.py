"""Names never leak: the variants people and tools produce are caught, raw files are scanned
before anything runs, and a commit holding a restricted name is refused."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PYTHON, ROOT, copy_project, record_raw_change, snakemake
from ctcstudy.attribution import find_names, figures_without_text, scan_text

NAMES = [("person", "Maria Okonkwo"), ("organization", "Riverside Shelter Trust")]
CAUGHT, MISSED = "caught", "not caught"

# (text, verdict, why it is not caught): every variant the issue names, and the limits.
VARIANTS = [
    ("Maria Okonkwo", CAUGHT, ""),
    ("MARIA OKONKWO", CAUGHT, ""),
    ("maria okonkwo", CAUGHT, ""),
    ("Maria Okonkwo's", CAUGHT, ""),
    ("Maria Okonkwo\u2019s", CAUGHT, ""),  # a typographic apostrophe
    ("Okonkwo, Maria", CAUGHT, ""),
    ("Okonkwo Maria", CAUGHT, ""),
    ("Maria  Okonkwo", CAUGHT, ""),  # two spaces
    ("Maria\nOkonkwo", CAUGHT, ""),  # wrapped across two lines of a Markdown cell
    ("Maria\r\n    Okonkwo", CAUGHT, ""),  # wrapped and indented (CRLF)
    ("M. Okonkwo", CAUGHT, ""),
    ("Okonkwo M.", CAUGHT, ""),
    ("Okonkwo, M.", CAUGHT, ""),
    ("Maria Okonkw\u00f3", CAUGHT, ""),  # a diacritic
    ("Maria Okonkw\\'{o}", CAUGHT, ""),  # a LaTeX accent
    ("Maria Okonkw&oacute;", CAUGHT, ""),  # an HTML entity
    ("Maria&nbsp;Okonkwo", CAUGHT, ""),
    ("Maria~Okonkwo", CAUGHT, ""),  # a LaTeX tie
    ("Maria-Okonkwo", CAUGHT, ""),
    ("Maria_Okonkwo", CAUGHT, ""),  # as in a file name
    ("<td>Dr. Maria Okonkwo</td>", CAUGHT, ""),
    ("\uff2d\uff41\uff52\uff49\uff41 \uff2f\uff4b\uff4f\uff4e\uff4b\uff57\uff4f", CAUGHT, ""),  # full-width letters
    ("RIVERSIDE SHELTER\nTRUST", CAUGHT, ""),
    ("Riverside-Shelter Trust &amp; partners", CAUGHT, ""),
    ("the Riverside Shelter Trust\\textquoteright{}s board", CAUGHT, ""),  # LaTeX's possessive apostrophe
    ("Okonkwo", MISSED, "a surname alone would flag everyone of that name; a listed name is matched in full"),
    ("Maria O.", MISSED, "a first name with an initial is too common to flag"),
    ("M. O.", MISSED, "initials alone identify no one"),
    ("MariaOkonkwo", MISSED, "joined words are one word; the scan matches whole words"),
    ("Maria Okonkwoe", MISSED, "a different word (a misspelling) is a different name"),
    ("Riverside Trust", MISSED, "part of an organization's name is not the name"),
    ("Mar1a 0konkwo", MISSED, "deliberately disguised text (digits for letters) is out of scope"),
]


@pytest.mark.parametrize("text, verdict, why", VARIANTS, ids=[v[0][:24] for v in VARIANTS])
def test_variants(text, verdict, why):
    found = find_names(f"Context line.\n{text}\nMore.", NAMES)
    assert (CAUGHT if found else MISSED) == verdict, why
    assert verdict == CAUGHT or why  # every miss says why
    if found:
        assert found[0][0] == 2  # the line where the variant starts


def test_at_least_twenty_five_variants():
    assert len(VARIANTS) >= 25 and sum(v[1] == CAUGHT for v in VARIANTS) >= 20


QUOTE = "We met officials & businesses every quarter, and trust grew"


@pytest.mark.parametrize("text", [
    f"Sector Bridge said: {QUOTE}.",
    "Sector Bridge said: We met officials \\& businesses every quarter, and trust grew.",  # LaTeX
    "<td>Sector Bridge</td><td>We met officials &amp; businesses every quarter, and trust grew</td>",  # HTML
    "Sector Bridge | We met officials & businesses\nevery quarter, and trust grew |",  # wrapped
    "SECTOR BRIDGE: \u201cWe met officials & businesses every quarter, and trust grew\u201d",
])
def test_a_quote_next_to_a_coalition_is_caught_in_any_form(text):
    assert [hit[1] for hit in scan_text(text, [QUOTE], ["Sector Bridge"])] == ["Sector Bridge"]


def test_a_png_without_its_svg_cannot_be_checked(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "b.png").write_bytes(b"\x89PNG")
    (tmp_path / "b.svg").write_text("<svg><text>Figure</text></svg>")
    assert figures_without_text(sorted(tmp_path.iterdir())) == [
        f"{tmp_path / 'a.png'}: figure without an SVG of the same name, so its labels cannot be checked"]


def plant_names(project: Path) -> None:
    (project / "data/raw/restricted").mkdir(parents=True, exist_ok=True)
    (project / "data/raw/restricted/names.csv").write_text("kind,name\nperson,Maria Okonkwo\n")


def test_a_raw_file_holding_a_restricted_name_is_refused_before_anything_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    plant_names(project)
    text = project / "data/raw/documents/texts/sector_bridge_charter.txt"
    text.write_text(text.read_text() + "Signed: Okonkwo,\nMaria\n")
    record_raw_change(project)
    run = snakemake(project, env_extra={"CTC_PSEUDONYM_KEY": "k" * 40})
    assert run.returncode != 0
    line = len(text.read_text().splitlines()) - 1
    assert run.stderr.strip().splitlines()[-1] == (
        f"ERROR: {text.relative_to(project)}:{line}: record -, field -: holds restricted name #1 (person); "
        "pseudonymize it, or keep it under data/raw/restricted/")
    assert not (project / "results/tables").exists()  # nothing ran
    logs = "".join(p.read_text(errors="replace") for p in (project / "logs").rglob("*.log"))
    assert "Okonkwo" not in run.stdout + run.stderr + logs


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=300)


def test_the_commit_guard_refuses_a_planted_name_and_accepts_a_clean_commit(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "HOME": str(tmp_path), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    assert git(repo, "init", "-q", env=env).returncode == 0
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\ndata/raw/restricted/\n")
    plant_names(repo)
    install = subprocess.run([PYTHON, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True,
                             env=env, timeout=300)
    assert install.returncode == 0, install.stderr
    (repo / "notes.md").write_text("# Notes\n\nInterviewed: M. Okonkwo, coalition chair.\n")
    git(repo, "add", ".pre-commit-config.yaml", ".gitignore", "notes.md", env=env)
    refused = git(repo, "commit", "-qm", "notes", env=env)
    assert refused.returncode != 0
    assert "ERROR: leak scan: notes.md:3: restricted name #1 (person) (not committed)" in refused.stdout + refused.stderr
    assert "Okonkwo" not in refused.stdout + refused.stderr
    (repo / "notes.md").write_text("# Notes\n\nInterviewed: Person-4f2a, coalition chair.\n")
    git(repo, "add", "notes.md", env=env)
    accepted = git(repo, "commit", "-qm", "notes", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
