"""Sources a reviewer can look up: every pointer cites a key of references.bib, the README lists
the references, and no tracked file names a reading copy or a path outside the repository."""

import re
import subprocess
import zipfile

import pandas as pd
import pytest
from conftest import CONFIG, ROOT

from ctcstudy.errors import InputError
from ctcstudy.readers.refiqda import read_codebook, read_qdpx
from ctcstudy.report import references

REFS = references.load(ROOT / CONFIG["study"]["references"])
# Spelled in pieces, so this file does not match itself.
FORBIDDEN = re.compile(
    "|".join(
        [
            r"\d{3}_[0-9a-f]{16}\.tx" + "t",
            r"\.\./" + "shared",
            "shared/" + "seeds",
            "FACTS" + r"\.md",
            r"(?<![\w.])/" + r"work/",
        ]
    )
)


def tracked_files():
    """The repository's tracked files; in an unpacked deposit (no git history), the same: the files
    of the replication package, without the build's outputs and the metadata written from them."""
    if not (ROOT / ".git").exists():
        from ctcstudy.deposit.package import RESULTS, members

        return [ROOT / p for p in members(ROOT) if not p.as_posix().startswith(tuple(f"{r}/" for r in RESULTS))]
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / n for n in names if (ROOT / n).is_file()]


def contents(path):
    """Text of a tracked file; a zip (.qdpx) is read member by member."""
    if zipfile.is_zipfile(path) and path.suffix in (".qdpx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def test_no_tracked_file_names_a_reading_copy_or_an_outside_path():
    found = [
        f"{p.relative_to(ROOT)}: {m.group()}" for p in tracked_files() for m in [FORBIDDEN.search(contents(p))] if m
    ]
    assert found == []


def raw_pointers():
    """(file, record, pointer) for every source pointer in the shipped raw data."""
    for path in sorted((ROOT / "data/raw").rglob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "source" in table:
            yield from ((path.name, f"line {i + 2}", v) for i, v in enumerate(table["source"]) if v)
    import pyreadstat

    frame, _ = pyreadstat.read_sav(ROOT / "data/raw/questionnaire/leader_questionnaire.sav")
    yield from (("leader_questionnaire.sav", r, v) for r, v in zip(frame["respondent_id"], frame["source"]))
    for qdpx in ("data/raw/interviews/leader_interviews.qdpx", "data/raw/documents/profile_coding.qdpx"):
        project = read_qdpx(ROOT / qdpx)
        for seg in project.segments.itertuples():
            yield qdpx, seg.segment_guid, seg.description.split("source: ", 1)[1]
        if "source" in project.cases:
            yield from ((qdpx, c, v) for c, v in zip(project.cases["case"], project.cases["source"]))
    for code in read_codebook(ROOT / "data/raw/interviews/codebook.qdc").itertuples():
        yield "codebook.qdc", code.path, code.description.split("Source: ", 1)[1]


def test_every_raw_source_pointer_cites_a_known_key():
    pointers = list(raw_pointers())
    assert len(pointers) > 400
    for where, record, pointer in pointers:
        references.check(pointer, REFS, where, record)
    quoted = pd.read_csv(ROOT / CONFIG["study"]["published_values"], dtype=str, keep_default_na=False)["cites"]
    for line, key in enumerate(quoted, start=2):
        assert key == "" or key in REFS, f"published_values.csv line {line}: cites unknown key {key!r}"
    cited = {references.key_of(p) for _, _, p in pointers} | set(quoted) - {""}
    # Every entry is used, except the handbook chapter (one of the four studies; no record cites it
    # yet) and the two that code cites when it makes records (synthetic cases, a user's own panel).
    # The dataset the outside checks read is named by outside.py, not by a record.
    from ctcstudy.verify import outside

    assert set(REFS) - cited == {"foot_2019_handbook", "ctcstudy", "user_supplied", outside.HEISS_KELLEY.key}
    from ctcstudy.tools import synthetic_cases, synthetic_panel

    references.check(synthetic_cases.SOURCE, REFS, "synthetic_cases.py")
    references.check(synthetic_panel.SOURCE, REFS, "synthetic_panel.py")


@pytest.mark.parametrize(
    "pointer, problem",
    [
        ("nobody_2020, p. 3", "unknown reference key 'nobody_2020' (not in data/raw/published/references.bib)"),
        ("Foot et al. 2019 §Findings", "source pointer 'Foot et al. 2019 §Findings' is not '<citekey>, <locator>'"),
        ("", "source pointer '' is not '<citekey>, <locator>'"),
    ],
)
def test_bad_pointers_are_refused(pointer, problem):
    with pytest.raises(InputError) as error:
        references.check(pointer, REFS, "x.csv", "line 2")
    assert str(error.value) == f"x.csv: record line 2, field source: {problem}"


def test_every_reference_has_what_a_reader_needs():
    for ref in REFS.values():
        assert ref.fields["title"] and ref.fields["year"]
        if ref.key not in ("ctcstudy", "user_supplied"):
            assert ref.fields.get("doi") or ref.fields.get("isbn") or ref.fields.get("url"), ref.key
    study = REFS["foot_sworn_alejano_steele_2019"]
    assert study.short == "Foot, Sworn & Alejano-Steele (2019)"
    assert study.link == "https://doi.org/10.5130/ccs.v11.i1.6259"
    assert study.full == (
        "Foot, Kirsten A.; Sworn, Helen; Alejano-Steele, AnnJanette. Structures and Practices of "
        "Cross-Sector Engagement … Cosmopolitan Civil Societies: An Interdisciplinary Journal 11(1): "
        "27–45 (2019). doi:10.5130/ccs.v11.i1.6259"
    )


def test_readme_references_are_generated_from_the_bib():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert references.readme_with_references(readme, REFS) == readme, "run: python -m ctcstudy write-references"


def test_duplicate_key_and_broken_entry_are_refused(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text("@article{a_2019, title = {T}, year = {2019}}\n@article{a_2019, title = {U}, year = {2019}}\n")
    with pytest.raises(InputError, match="not valid BibTeX"):
        references.load(bib)
    bib.write_text("@article{b_2019, year = {2019}}\n")
    with pytest.raises(InputError, match=r"record @article\{b_2019\}, field title: required field missing"):
        references.load(bib)


# Words only our own reading notes use: the numbered name of a reading copy of a publication, a
# finding id defined nowhere in the package (a capital F and a number; SPSS formats such as F8.0
# are not ids), an extraction the reader does not have. Spelled in pieces, so this file does not
# match itself.
INTERNAL = re.compile(
    "|".join(
        [
            r"\bs" + r"eed\s+0\d\d\b",
            r"\bs" + r"eed\s+file",
            r"(?-i:\bF\d{1,2}\b)(?![.]\d)",
            r"extract" + r"(?:ed|ion)?\s+table",
            r"\bthe\s+extra" + r"ct\b",
        ]
    ),
    re.I,
)


def test_no_tracked_file_uses_internal_vocabulary():
    """The package's own files (the tests hold fixtures and negative examples, so are left out)."""
    found = [
        f"{p.relative_to(ROOT)}: {m.group()!r}"
        for p in tracked_files()
        if not p.relative_to(ROOT).as_posix().startswith("tests/") and p.suffix not in (".sav", ".dta", ".png")
        for m in [INTERNAL.search(contents(p))]
        if m
    ]
    assert found == []


def test_no_output_says_seed_or_a_finding_id(built):
    """What a reviewer greps for: neither 'seed' nor a finding id anywhere in the results."""
    from ctcstudy.guards.textlayers import layers

    word = re.compile(r"\bs" + r"eed|(?-i:\bF\d{1,2}\b)(?![.]\d)", re.I)
    found = []
    for path in sorted((built / "results").rglob("*")):
        if path.is_file() and path.suffix not in (".png",):
            text = "\n".join(layer.text for layer in layers(path))
            text = re.sub(r"[A-Za-z0-9+/=\\n]{200,}", "", text)  # embedded images (base64) are not words
            found += [f"{path.relative_to(built)}: {m.group()!r}" for m in [word.search(text)] if m]
    assert found == []
