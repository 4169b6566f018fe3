"""The REFI-QDA reader on small projects built here: what it returns and what it refuses."""

import zipfile

import pytest

from conftest import ROOT
from ctcstudy.errors import InputError
from ctcstudy.refiqda import codebook_xml, project_xml, read_codebook, read_qdpx, stable_guid, write_qdpx

USER = {"guid": stable_guid("user", "A"), "name": "Coder A"}
CODES = [{"guid": stable_guid("code", "Challenges"), "name": "Challenges", "children": [
    {"guid": stable_guid("code", "Corruption"), "name": "Corruption"},
    {"guid": stable_guid("code", "Labour"), "name": "Weak labour law", "children": [
        {"guid": stable_guid("code", "Enforcement"), "name": "Enforcement"}]}]}]
VARIABLE = {"guid": stable_guid("variable", "coalition"), "name": "coalition"}
SOURCE = stable_guid("source", "s1")
# CRLF line endings and non-ASCII text: positions count code points, \r included.
TEXT = "Entretien résumé\r\n\r\nLa corruption freine le travail.\r\n\r\nLe droit du travail n'est pas appliqué."


def selection(text, phrase, code, name=True, **overrides):
    start = text.index(phrase)
    sel = {"guid": stable_guid("sel", phrase, code), "start": start, "end": start + len(phrase), "user": USER["guid"],
           "name": phrase if name else None, "description": "provenance: synthetic; source: test",
           "codings": [{"guid": stable_guid("coding", phrase, code), "code": stable_guid("code", code), "user": USER["guid"]}]}
    sel.update(overrides)
    return sel


def build(tmp_path, text=TEXT, selections=None, texts=None, project=None):
    selections = selections if selections is not None else [
        selection(text, "La corruption freine le travail.", "Corruption"),
        selection(text, "Le droit du travail n'est pas appliqué.", "Enforcement", name=False)]
    project = project or project_xml("test", [USER], CODES, [VARIABLE],
                                     [{"guid": stable_guid("case", "L1"), "name": "L1", "sources": [SOURCE],
                                       "values": {VARIABLE["guid"]: "Sector Bridge"}}],
                                     [{"guid": SOURCE, "name": "Interview L1", "file": "s1.txt", "selections": selections}])
    path = tmp_path / "p.qdpx"
    write_qdpx(path, project, texts if texts is not None else {"s1.txt": text})
    return path


def test_reads_codes_sources_cases_and_segments(tmp_path):
    project = read_qdpx(build(tmp_path))
    assert project.codes["path"].tolist() == ["Challenges", "Challenges/Corruption", "Challenges/Weak labour law",
                                              "Challenges/Weak labour law/Enforcement"]
    assert project.codes["is_codable"].tolist() == [False, True, False, True]
    assert project.codes.set_index("name").loc["Enforcement", "parent_guid"] == stable_guid("code", "Labour")
    assert project.cases.loc[0, "coalition"] == "Sector Bridge"
    seg = project.segments.set_index("code_path")
    assert seg.loc["Challenges/Corruption", "start"] == 20  # after 'Entretien résumé\r\n\r\n': 16 + 4 code points
    assert seg.loc["Challenges/Weak labour law/Enforcement", "text"] == "Le droit du travail n'est pas appliqué."
    assert seg["coder"].tolist() == ["Coder A", "Coder A"]
    assert project.sources.loc[0, "length"] == len(TEXT)


def test_byte_order_mark_does_not_shift_positions(tmp_path):
    path = build(tmp_path, texts={"s1.txt": "\ufeff" + TEXT})
    assert read_qdpx(path).segments.loc[0, "text"] == "La corruption freine le travail."


def test_builder_reproduces_shipped_project_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("builder", ROOT / "workflow/scripts/build_raw_interviews.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.build(tmp_path)
    for name in ("leader_interviews.qdpx", "codebook.qdc"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data/raw/interviews" / name).read_bytes()


def test_codebook_qdc_round_trip(tmp_path):
    path = tmp_path / "c.qdc"
    path.write_bytes(codebook_xml(CODES))
    assert read_codebook(path)["path"].tolist()[-1] == "Challenges/Weak labour law/Enforcement"


def refused(path, *fragments):
    with pytest.raises(InputError) as error:
        read_qdpx(path)
    for fragment in fragments:
        assert fragment in str(error.value)
    return str(error.value)


def test_zip_with_parent_path_is_refused(tmp_path):
    path = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("../../etc/evil.txt", "x")
    refused(path, "evil.qdpx: record ../../etc/evil.txt", "unsafe path in the archive")
    assert not (tmp_path.parent / "etc").exists()


def test_entity_expansion_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>')
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", bomb)
    refused(path, "bomb.qdpx!project.qde", "DTDs and entity declarations are not allowed")


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "big.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("sources/huge.txt", b"\0" * 5_000_000)
    refused(path, "record sources/huge.txt", "too large or too compressed")


def test_not_a_zip(tmp_path):
    path = tmp_path / "plain.qdpx"
    path.write_text("hello")
    refused(path, "plain.qdpx: record -, field -: not a readable .qdpx (zip) file")


def test_positions_beyond_the_text(tmp_path):
    bad = selection(TEXT, "La corruption freine le travail.", "Corruption", name=False, end=len(TEXT) + 5)
    message = refused(build(tmp_path, selections=[bad]), "p.qdpx!project.qde", "field endPosition",
                      f"endPosition {len(TEXT) + 5} read as codepoint (origin 'ctcstudy') outside the source text "
                      f"(length {len(TEXT)} code points)")
    assert f"<PlainTextSelection {bad['guid']}>" in message


def test_a_renamed_selection_is_read_not_refused(tmp_path):
    # Users rename quotations (ATLAS.ti) and NVivo leaves names empty: a name is evidence for
    # the position unit, never a refusal on its own.
    renamed = selection(TEXT, "La corruption freine le travail.", "Corruption")
    renamed["name"] = "Corruption quote"
    project = read_qdpx(build(tmp_path, selections=[renamed]))
    assert project.segments.loc[0, "text"] == "La corruption freine le travail."


def test_unknown_code_reference(tmp_path):
    bad = selection(TEXT, "La corruption freine le travail.", "Corruption")
    bad["codings"][0]["code"] = stable_guid("code", "nowhere")
    refused(build(tmp_path, selections=[bad]), f"record <CodeRef {stable_guid('code', 'nowhere')}>",
            "field targetGUID", "reference to an unknown Code")


def test_non_utf8_source(tmp_path):
    path = build(tmp_path, texts={"s1.txt": "x"})
    with zipfile.ZipFile(path) as archive:
        project = archive.read("project.qde")
    write_qdpx(path, project, {})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("sources/s1.txt", "caf\xe9".encode("latin-1"))
    refused(path, "p.qdpx!sources/s1.txt", "source text is not UTF-8")


def edit_project(tmp_path, old, new):
    path = build(tmp_path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode()
    assert old in xml
    write_qdpx(path, xml.replace(old, new, 1).encode(), {"s1.txt": TEXT})
    return path


def test_bad_guid(tmp_path):
    refused(edit_project(tmp_path, f'guid="{USER["guid"]}"', 'guid="not-a-guid"'),
            "record <User not-a-guid>, field guid: not a GUID")


def test_missing_required_attribute(tmp_path):
    refused(edit_project(tmp_path, 'isCodable="true"', ""), "field isCodable: required attribute missing")


def test_elements_out_of_order(tmp_path):
    path = build(tmp_path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode()
    users = xml[xml.index("<Users>"): xml.index("</Users>") + len("</Users>")]
    moved = xml.replace(users, "").replace("</Project>", users + "</Project>")
    write_qdpx(path, moved.encode(), {"s1.txt": TEXT})
    refused(path, "record <Users>", "out of order; required order: Users, CodeBook")
