"""The REFI-QDA reader on small projects built here: what it returns and what it refuses."""

import zipfile

import pytest
from conftest import ROOT

from ctcstudy.errors import InputError
from ctcstudy.readers.refiqda import codebook_xml, project_xml, read_codebook, read_qdpx, stable_guid, write_qdpx

USER = {"guid": stable_guid("user", "A"), "name": "Coder A"}
CODES = [
    {
        "guid": stable_guid("code", "Challenges"),
        "name": "Challenges",
        "children": [
            {"guid": stable_guid("code", "Corruption"), "name": "Corruption"},
            {
                "guid": stable_guid("code", "Labour"),
                "name": "Weak labour law",
                "children": [{"guid": stable_guid("code", "Enforcement"), "name": "Enforcement"}],
            },
        ],
    }
]
VARIABLE = {"guid": stable_guid("variable", "coalition"), "name": "coalition"}
SOURCE = stable_guid("source", "s1")
# CRLF line endings and non-ASCII text: positions count code points, \r included.
TEXT = "Entretien résumé\r\n\r\nLa corruption freine le travail.\r\n\r\nLe droit du travail n'est pas appliqué."


def selection(text, phrase, code, name=True, **overrides):
    start = text.index(phrase)
    sel = {
        "guid": stable_guid("sel", phrase, code),
        "start": start,
        "end": start + len(phrase),
        "user": USER["guid"],
        "name": phrase if name else None,
        "description": "provenance: synthetic; source: test",
        "codings": [
            {"guid": stable_guid("coding", phrase, code), "code": stable_guid("code", code), "user": USER["guid"]}
        ],
    }
    sel.update(overrides)
    return sel


def build(tmp_path, text=TEXT, selections=None, texts=None, project=None):
    selections = (
        selections
        if selections is not None
        else [
            selection(text, "La corruption freine le travail.", "Corruption"),
            selection(text, "Le droit du travail n'est pas appliqué.", "Enforcement", name=False),
        ]
    )
    project = project or project_xml(
        "test",
        [USER],
        CODES,
        [VARIABLE],
        [
            {
                "guid": stable_guid("case", "L1"),
                "name": "L1",
                "sources": [SOURCE],
                "values": {VARIABLE["guid"]: "Sector Bridge"},
            }
        ],
        [{"guid": SOURCE, "name": "Interview L1", "file": "s1.txt", "selections": selections}],
    )
    path = tmp_path / "p.qdpx"
    write_qdpx(path, project, texts if texts is not None else {"s1.txt": text})
    return path


def test_reads_codes_sources_cases_and_segments(tmp_path):
    project = read_qdpx(build(tmp_path))
    assert project.codes["path"].tolist() == [
        "Challenges",
        "Challenges/Corruption",
        "Challenges/Weak labour law",
        "Challenges/Weak labour law/Enforcement",
    ]
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
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
    )
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
    refused(path, "plain.qdpx: not a readable .qdpx (zip) file")


def test_positions_beyond_the_text(tmp_path):
    bad = selection(TEXT, "La corruption freine le travail.", "Corruption", name=False, end=len(TEXT) + 5)
    message = refused(
        build(tmp_path, selections=[bad]),
        "p.qdpx!project.qde",
        "field endPosition",
        f"endPosition {len(TEXT) + 5} is outside the source text (length {len(TEXT)} code points); "
        "positions read as codepoint (origin 'ctcstudy'",
    )
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
    refused(
        build(tmp_path, selections=[bad]),
        f"record <CodeRef {stable_guid('code', 'nowhere')}>",
        "field targetGUID",
        "reference to an unknown Code",
    )


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
    refused(
        edit_project(tmp_path, f'guid="{USER["guid"]}"', 'guid="not-a-guid"'),
        "record <User not-a-guid>, field guid: not a GUID",
    )


def test_missing_required_attribute(tmp_path):
    refused(edit_project(tmp_path, 'isCodable="true"', ""), "field isCodable: required attribute missing")


def test_elements_out_of_order(tmp_path):
    path = build(tmp_path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode()
    users = xml[xml.index("<Users>") : xml.index("</Users>") + len("</Users>")]
    moved = xml.replace(users, "").replace("</Project>", users + "</Project>")
    write_qdpx(path, moved.encode(), {"s1.txt": TEXT})
    refused(path, "record <Users>", "out of order; required order: Users, CodeBook")


# ---------------------------------------------------------------- what Project.xsd allows


def raw_project(tmp_path, body, members=None, origin="", qde="project.qde"):
    """A project written as XML text (schema features our own writer never produces)."""
    origin_attr = f' origin="{origin}"' if origin else ""
    xml = f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="t"{origin_attr}>{body}</Project>'
    path = tmp_path / "raw.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde, xml)
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return path


U, C1, S1 = stable_guid("u"), stable_guid("c1"), stable_guid("s1")
CODEBOOK = f'<CodeBook><Codes><Code guid="{C1}" name="Trust" isCodable="true"/></Codes></CodeBook>'


def test_optional_names_and_whole_source_codings(tmp_path):
    """User, Case and TextSource without names; a Coding on the whole source is kept."""
    body = (
        f'<Users><User guid="{U}"/></Users>{CODEBOOK}<Cases><Case guid="{stable_guid("case")}">'
        f'<SourceRef targetGUID="{S1}"/></Case></Cases><Sources><TextSource guid="{S1}" '
        f'plainTextPath="internal://s1.txt"><Coding guid="{stable_guid("whole")}" creatingUser="{U}">'
        f'<CodeRef targetGUID="{C1}"/></Coding></TextSource></Sources>'
    )
    project = read_qdpx(raw_project(tmp_path, body, {"sources/s1.txt": "All of it."}))
    assert project.segments[["source", "start", "end", "text", "coder"]].values.tolist() == [
        ["s1.txt", 0, 10, "All of it.", f"user {U}"]
    ]
    assert project.cases["case"].tolist() == [stable_guid("case")]


def test_typed_variable_values(tmp_path):
    kinds = {
        "Boolean": "<BooleanValue>false</BooleanValue>",
        "Integer": "<IntegerValue>12</IntegerValue>",
        "Float": "<FloatValue>0.25</FloatValue>",
        "Date": "<DateValue>2019-03-28T00:00:00Z</DateValue>",
        "DateTime": "<DateTimeValue>2019-03-28T10:30:00Z</DateTimeValue>",
        "Text": "<TextValue> x </TextValue>",
    }
    variables = "".join(f'<Variable guid="{stable_guid("v", k)}" name="{k}" typeOfVariable="{k}"/>' for k in kinds)
    values = "".join(
        f'<VariableValue><VariableRef targetGUID="{stable_guid("v", k)}"/>{v}</VariableValue>' for k, v in kinds.items()
    )
    body = (
        f'<Variables>{variables}</Variables><Cases><Case guid="{stable_guid("case")}" name="A">{values}</Case></Cases>'
    )
    row = read_qdpx(raw_project(tmp_path, body)).cases.iloc[0]
    assert [
        row["Boolean"],
        row["Integer"],
        row["Float"],
        str(row["Date"]),
        row["DateTime"].isoformat(),
        row["Text"],
    ] == [False, 12, 0.25, "2019-03-28", "2019-03-28T10:30:00+00:00", " x "]


def test_bad_typed_value_names_the_element(tmp_path):
    body = (
        f'<Variables><Variable guid="{stable_guid("v")}" name="n" typeOfVariable="Integer"/></Variables><Cases>'
        f'<Case guid="{stable_guid("case")}" name="A"><VariableValue><VariableRef targetGUID="{stable_guid("v")}"/>'
        "<IntegerValue>twelve</IntegerValue></VariableValue></Case></Cases>"
    )
    refused(raw_project(tmp_path, body), "record <IntegerValue>: not a valid Integer: 'twelve'")


def test_pdf_without_representation_and_other_media_are_listed(tmp_path):
    body = (
        f'<Users><User guid="{U}" name="A"/></Users>{CODEBOOK}<Sources>'
        f'<PDFSource guid="{stable_guid("pdf")}" name="scan.pdf" path="internal://scan.pdf"/>'
        f'<AudioSource guid="{stable_guid("audio")}" name="call.m4a" path="internal://call.m4a">'
        f'<AudioSelection guid="{stable_guid("as")}" begin="1" end="9" creatingUser="{U}"><Coding '
        f'guid="{stable_guid("ac")}" creatingUser="{U}"><CodeRef targetGUID="{C1}"/></Coding></AudioSelection>'
        "</AudioSource></Sources>"
    )
    project = read_qdpx(raw_project(tmp_path, body))
    assert project.sources[["name", "kind", "codings", "read"]].values.tolist() == [
        ["scan.pdf", "pdf", 0, False],
        ["call.m4a", "audio", 1, False],
    ]
    assert [w.split(": ", 2)[-1] for w in project.warnings] == [
        "PDF without a plain-text representation 'scan.pdf' is not read; its 0 coding(s) are counted only",
        "audio source 'call.m4a' is not read; its 1 coding(s) are counted only",
    ]


def test_coded_text_outside_the_archive_is_refused_with_the_fix(tmp_path):
    body = (
        f'<Users><User guid="{U}" name="A"/></Users>{CODEBOOK}<Sources><TextSource guid="{S1}" name="a" '
        f'plainTextPath="relative:///texts/a.txt">{selections_at("", [(0, 0)])}</TextSource></Sources>'
    )
    refused(
        raw_project(tmp_path, body),
        f"record <TextSource {S1}>, field plainTextPath: the text "
        "'relative:///texts/a.txt' is outside the archive; export the project with its sources included",
    )


def test_project_file_under_another_name_and_two_refused(tmp_path):
    path = raw_project(tmp_path, "", qde="My study.qde")
    assert read_qdpx(path).segments.empty
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("Other.qde", "<Project/>")
    refused(path, "2 project files at the top of the archive (My study.qde, Other.qde)")


def test_several_users_and_no_creating_user_is_refused(tmp_path):
    body = (
        f'<Users><User guid="{U}" name="A"/><User guid="{stable_guid("u2")}" name="B"/></Users>{CODEBOOK}'
        f'<Sources><TextSource guid="{S1}" name="s" plainTextPath="internal://s.txt"><PlainTextSelection '
        f'guid="{stable_guid("sel")}" startPosition="0" endPosition="3"><Coding guid="{stable_guid("cd")}">'
        f'<CodeRef targetGUID="{C1}"/></Coding></PlainTextSelection></TextSource></Sources>'
    )
    refused(
        raw_project(tmp_path, body, {"sources/s.txt": "All of it."}),
        f"record <Coding {stable_guid('cd')}>, field creatingUser: no creatingUser on the Coding or its "
        "selection, and the project has 2 users",
    )


def selections_at(text, spans):
    return "".join(
        f'<PlainTextSelection guid="{stable_guid("sel", str(a))}" startPosition="{a}" endPosition="{b}" '
        f'creatingUser="{U}"><Coding guid="{stable_guid("cd", str(a))}"><CodeRef targetGUID="{C1}"/>'
        "</Coding></PlainTextSelection>"
        for a, b in spans
    )


def test_most_boundaries_inside_words_is_refused(tmp_path):
    """Plain ASCII, so every unit reads alike: positions off by two are refused all the same."""
    text = "Trust grew slowly over the years.\nOfficials asked for bribes before approving shelters.\n"
    spans = [(text.index(w) + 2, text.index(w) + len(w) + 2) for w in ("grew slowly", "Officials asked", "bribes")]
    body = (
        f'<Users><User guid="{U}" name="A"/></Users>{CODEBOOK}<Sources><TextSource guid="{S1}" name="s" '
        f'plainTextPath="internal://s.txt">{selections_at(text, spans)}</TextSource></Sources>'
    )
    refused(
        raw_project(tmp_path, body, {"sources/s.txt": text}),
        "positions read as codepoint (no origin: the specification) put 6 of 6 segment boundaries inside words: "
        "the position unit is probably wrong",
    )


def test_scripts_without_spaces_rely_on_other_evidence(tmp_path):
    """Thai has no spaces between words: boundaries inside a run of Thai are no evidence."""
    text = "การทำงานร่วมกับรัฐบาลต้องใช้เวลาและความไว้วางใจ\n"
    spans = [(3, 10), (12, 20), (25, 33)]
    body = (
        f'<Users><User guid="{U}" name="A"/></Users>{CODEBOOK}<Sources><TextSource guid="{S1}" name="s" '
        f'plainTextPath="internal://s.txt">{selections_at(text, spans)}</TextSource></Sources>'
    )
    project = read_qdpx(raw_project(tmp_path, body, {"sources/s.txt": text}))
    assert project.segments["text"].tolist() == [text[3:10], text[12:20], text[25:33]]


def test_uncoded_source_outside_the_archive_is_listed_not_refused(tmp_path):
    body = f'<Sources><TextSource guid="{S1}" name="a" plainTextPath="relative:///texts/a.txt"/></Sources>'
    project = read_qdpx(raw_project(tmp_path, body))
    assert project.warnings[0].endswith(
        f"record <TextSource {S1}>: uncoded source 'a' with its text outside the archive is not read"
    )
