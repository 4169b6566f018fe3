"""Coalition documents: the inventory, the shipped texts and the script that made them."""

import hashlib
import importlib.util

import pandas as pd
import pytest
from conftest import ROOT, pdf

from ctcstudy.errors import InputErrors
from ctcstudy.readers.documents import DOCUMENT_TYPES, read_inventory

INVENTORY = ROOT / "data/raw/documents/inventory.csv"


def builder():
    spec = importlib.util.spec_from_file_location(
        "build_raw_documents", ROOT / "workflow/scripts/build_raw_documents.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_inventory_lists_every_shipped_text_with_its_checksum():
    inventory = pd.read_csv(INVENTORY, dtype=str, keep_default_na=False)
    assert len(inventory) == 15 and inventory["document_id"].is_unique
    assert inventory.groupby("coalition")["document_id"].count().to_dict() == {
        "Community Nexus": 5,
        "Covenant Alliance": 5,
        "Sector Bridge": 5,
    }
    assert set(inventory["document_type"]) <= set(DOCUMENT_TYPES) and set(inventory["provenance"]) == {"derived"}
    shipped = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data/raw/documents/texts").glob("*.txt"))
    assert sorted(inventory["file"]) == shipped
    for row in inventory.itertuples():
        assert hashlib.sha256((ROOT / row.file).read_bytes()).hexdigest() == row.sha256, row.document_id


def test_builder_reproduces_the_shipped_texts():
    for document_id, doc in builder().documents().items():
        assert (ROOT / f"data/raw/documents/texts/{document_id}.txt").read_text(encoding="utf-8") == doc["text"]


def test_every_template_value_is_in_its_coalitions_documents():
    template = pd.read_csv(ROOT / "data/raw/documents/profile_template.csv", dtype=str, keep_default_na=False)
    inventory = pd.read_csv(INVENTORY, dtype=str, keep_default_na=False)
    texts = {
        c: " ".join((ROOT / f).read_text(encoding="utf-8") for f in group["file"])
        for c, group in inventory.groupby("coalition")
    }
    missing = [(r.coalition, r.attribute) for r in template.itertuples() if r.value not in texts[r.coalition]]
    assert missing == []
    other = {
        "Covenant Alliance": "Community Nexus",
        "Community Nexus": "Sector Bridge",
        "Sector Bridge": "Covenant Alliance",
    }
    assert not any(other[c] in text for c, text in texts.items())  # a text names only its own coalition


def test_reader_reports_what_it_finds_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    found = read_inventory(INVENTORY)
    assert set(found["file_found"]) == {"yes"} and found["sha256_found"].tolist() == found["sha256"].tolist()
    edited = pd.read_csv(INVENTORY, dtype=str, keep_default_na=False)
    edited.loc[0, "file"] = "data/raw/documents/texts/absent.txt"
    edited.loc[3, "file"] = "data/raw/documents/texts/gone.pdf"
    edited.to_csv(tmp_path / "inventory.csv", index=False)
    with pytest.raises(InputErrors) as refused:  # each missing document named by its path, first
        read_inventory(tmp_path / "inventory.csv")
    assert [str(e).split(" (listed")[0] for e in refused.value.errors] == [
        "data/raw/documents/texts/absent.txt: document file not found",
        "data/raw/documents/texts/gone.pdf: document file not found",
    ]


def test_synthetic_coalitions_bring_their_own_documents(tmp_path):
    """The scale benchmark's generated coalitions pass the same inventory checks as real ones."""
    import yaml

    from ctcstudy.tools import synthetic_cases

    template = yaml.safe_load((ROOT / "config/cases.yaml").read_text())
    codebook = template["coding_schemes"]["ctc_engagement"]["codebook"]
    (tmp_path / codebook).parent.mkdir(parents=True)
    (tmp_path / codebook).write_bytes((ROOT / codebook).read_bytes())
    cases = synthetic_cases.make(tmp_path, 3, seed=3, template=template)
    inventory_path = {c["files"]["documents"] for c in cases["cases"] if c["case_type"] == "coalition"}
    assert len(inventory_path) == 1
    inventory = pd.read_csv(tmp_path / inventory_path.pop(), dtype=str, keep_default_na=False)
    assert inventory["coalition"].tolist() == [f"Synthetic Coalition {i:04d}" for i in (1, 2, 3)]
    assert set(inventory["provenance"]) == {"synthetic"}
    for row in inventory.itertuples():
        assert hashlib.sha256((tmp_path / row.file).read_bytes()).hexdigest() == row.sha256


def test_documents_and_questionnaire_disagreeing_is_reported():
    from ctcstudy.readers.profiles import documents_vs_questionnaire, read_profiles
    from ctcstudy.readers.questionnaire import read_responses

    profiles = read_profiles(ROOT / "data/raw/documents/profile_coding.qdpx")
    responses = read_responses(ROOT / "data/raw/questionnaire/leader_questionnaire.sav")
    shipped = documents_vs_questionnaire(profiles, responses)
    assert len(shipped) == 7 and set(shipped["status"]) == {"agree"}
    profiles.loc[
        profiles["coalition"].eq("Sector Bridge") & profiles["attribute"].eq("member_organizations"), "value"
    ] = "52"
    changed = documents_vs_questionnaire(profiles, responses).set_index(["coalition", "field"])
    row = changed.loc[("Sector Bridge", "member_organizations")]
    assert row[["documents", "questionnaire", "status"]].tolist() == ["52", 49, "disagree"]
    assert row["document"] == "sector_bridge_membership_agreement:69-71"


def test_profiles_come_from_the_coded_documents():
    """The word table's source: the REFI-QDA coding, with the same values as the typed template."""
    from ctcstudy.readers.profiles import read_profiles

    coded = read_profiles(ROOT / "data/raw/documents/profile_coding.qdpx")
    typed = read_profiles(ROOT / "data/raw/documents/profile_template.csv")
    both = coded.merge(typed, on=["coalition", "attribute"], suffixes=("", "_typed"))
    assert len(coded) == len(typed) == len(both) == 43
    assert (both["value"] == both["value_typed"]).all() and (both["source"] == both["source_typed"]).all()
    cell = coded.set_index(["coalition", "attribute"]).loc[("Community Nexus", "member_organizations")]
    assert cell["document"] == "community_nexus_membership_agreement:71-73"
    text = (ROOT / "data/raw/documents/texts/community_nexus_membership_agreement.txt").read_text(encoding="utf-8")
    assert text[71:73] == "47"


def test_text_of_a_pdf_document_and_of_a_scan(tmp_path):
    from ctcstudy.cli import main
    from ctcstudy.readers.documents import document_text

    pdf(tmp_path / "agreement.pdf", "Member organizations: 52.")
    pdf(tmp_path / "scan.pdf", "")
    assert "Member organizations: 52." in document_text(tmp_path / "agreement.pdf")
    assert document_text(tmp_path / "scan.pdf").strip() == ""
    assert main(["extract-text", "--document", str(tmp_path / "agreement.pdf"), "--out", str(tmp_path / "a.txt")]) == 0
    assert "Member organizations: 52." in (tmp_path / "a.txt").read_text(encoding="utf-8")


def test_unreadable_pdf_is_refused_by_name(tmp_path):
    import pytest

    from ctcstudy.errors import InputError
    from ctcstudy.readers.documents import document_text

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InputError, match=r"broken\.pdf: not a readable PDF"):
        document_text(tmp_path / "broken.pdf")
