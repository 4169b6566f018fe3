"""The dataset list (workflow/data_files.yaml) is read strictly: a mistyped key or an unknown
access tier would otherwise drop a file from ACCESS.md and the deposit's tiers without a word."""

import pytest
from conftest import ROOT

from ctcstudy.configuration import data_files
from ctcstudy.errors import InputError


def listed(tmp_path, entry: str):
    text = (ROOT / "workflow/data_files.yaml").read_text(encoding="utf-8").split("files:\n")[0]
    path = tmp_path / "data_files.yaml"
    path.write_text(text + "files:\n" + entry, encoding="utf-8")
    return path


def test_an_unknown_tier_is_refused_naming_entry_and_field(tmp_path):
    path = listed(
        tmp_path, "  - {dataset: x, records: '1', provenance: derived, provided: 'yes', source: s, access: open}\n"
    )
    with pytest.raises(InputError) as refused:
        data_files.load(path)
    assert (
        str(refused.value) == f"{path}: record entry 1, field access: 'open' is not one of public, confidential, never"
    )


def test_a_mistyped_or_missing_key_is_refused(tmp_path):
    path = listed(
        tmp_path, "  - {dataset: x, records: '1', provenance: derived, provided: 'yes', source: s, acess: public}\n"
    )
    with pytest.raises(InputError, match=r"record entry 1, field acess: unknown key"):
        data_files.load(path)
    path = listed(tmp_path, "  - {dataset: x, records: '1', provenance: derived, provided: 'yes', access: public}\n")
    with pytest.raises(InputError, match=r"record entry 1, field source: missing"):
        data_files.load(path)


def test_a_pattern_covers_a_folder_and_a_cell_keeps_its_bars():
    entries, _ = data_files.load(ROOT / "workflow/data_files.yaml")
    texts = data_files.find(entries, "data/raw/documents/texts/community_nexus_charter.txt")
    assert texts.dataset.startswith("Coalition documents: texts")
    assert data_files.find(entries, "data/raw/restricted/names.csv").access == "never"
    assert data_files.find(entries, "results/tables/table1.csv") is None
    assert data_files.cell("a | b\nc") == "a \\| b c"
