"""Exports as NVivo, ATLAS.ti, MAXQDA and QualCoder write them (tests/qda_exports.py): read
correctly, their quirks handled, a wrong position unit refused, and inspect-qdpx."""

import json
import re
import subprocess
import zipfile

import pytest
import qda_exports as tools
from conftest import PYTHON, ROOT

from ctcstudy.derive import reliability, themes
from ctcstudy.errors import InputError
from ctcstudy.ingest import interviews
from ctcstudy.readers.positions import inside_word
from ctcstudy.readers.refiqda import read_qdpx


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {tool: tools.write(tool, folder / f"{tool}.qdpx") for tool in tools.TOOLS}


def segment_texts(project) -> dict:
    """(interview, code path) -> text, for the two interviews of the fixtures."""
    who = {s.guid: w for s in project.sources.itertuples() for w in tools.INTERVIEWS if w in s.name}
    who |= {
        s.guid: w
        for s in project.sources.itertuples()
        for w, number in (("S01", "1"), ("S02", "2"))
        if s.name == f"Respondent {number}"
    }
    segs = project.segments[project.segments["source_guid"].isin(who)]
    return {(who[r.source_guid], r.code_path): r.text for r in segs.itertuples()}


@pytest.mark.parametrize(
    "tool, unit",
    [
        ("nvivo_windows", "utf16"),
        ("nvivo_mac", "utf16"),
        ("atlas_ti", "codepoint_crlf_as_one"),
        ("maxqda", "codepoint"),
        ("qualcoder", "codepoint"),
    ],
)
def test_every_tool_gives_the_coded_passages_exactly(exports, tool, unit):
    project = read_qdpx(exports[tool])
    assert project.offset_unit == unit
    assert segment_texts(project) == tools.EXPECTED
    assert set(project.segments["coder"]) == {tools.CODERS[tool]}


def test_nvivo_windows_quirks(exports):
    """Sources/ with a capital S, BOM + CRLF texts, a .docx beside each text, cases as codes."""
    with zipfile.ZipFile(exports["nvivo_windows"]) as archive:
        assert any(n.startswith("Sources/") and n.endswith(".docx") for n in archive.namelist())
        assert archive.read(next(n for n in archive.namelist() if n.endswith(".txt"))).startswith(b"\xef\xbb\xbf")
    project = read_qdpx(exports["nvivo_windows"])
    assert project.codes["path"].tolist() == [
        "Hopes",
        "Hopes/Funding",
        "Fears",
        "Fears/Independence",
        "Challenges",
        "Challenges/Corruption",
        "Engagement practices",
        "Engagement practices/Trust building",
    ]  # no "Case S01" code
    assert len(project.segments) == 4  # the passages coded to the case nodes are not codings
    assert project.cases[["case", "Consent recorded", "Years in post"]].values.tolist() == [
        ["Case S01", True, 4],
        ["Case S02", True, 5],
    ]
    # CRLF counted as two UTF-16 units: the last passage ends 6 units after its code point index
    # (two emoji before it, one inside, and two CRLF pairs before its paragraph).
    text = project.texts[project.segments["source_guid"].iloc[1]]
    assert "\r\n" in text and not text.startswith("\ufeff")


def test_atlas_ti_quirks(exports):
    """<name>.qde, names holding the quoted text (cut at 100 with an ellipsis, one renamed),
    CRLF counted as one, upper-case GUIDs, a PDF read through its text representation."""
    with zipfile.ZipFile(exports["atlas_ti"]) as archive:
        assert "Coalition interviews.qde" in archive.namelist() and "project.qde" not in archive.namelist()
        assert b"\r\n" in archive.read("Coalition interviews.qde")
    project = read_qdpx(exports["atlas_ti"])
    assert project.unit_reason == "origin 'ATLAS.ti Win 26.1.1'; 4 of 5 selection names agree"
    pdf = project.segments[project.segments["source"].eq("Annual report.pdf")]
    assert pdf["text"].tolist() == ["The coalition trained " + "officials " * 12 + "in trust work."]
    assert project.sources.set_index("name").loc["Annual report.pdf", "kind"] == "pdf"
    assert project.cases.empty


def test_maxqda_quirks(exports):
    """A picture listed and counted, a memo without coding ignored, typed document variables
    on nameless cases, a Set of respondents, descriptions on codes."""
    project = read_qdpx(exports["maxqda"])
    assert project.warnings == [
        f"{exports['maxqda']}!project.qde: record <PictureSource "
        f"{tools.guid('maxqda', 'picture')}>: picture source 'Shelter poster' is not read; its 1 "
        "coding(s) are counted only"
    ]
    assert project.sources["kind"].tolist() == ["text", "text", "picture"]
    assert len(project.segments) == 4
    assert project.cases["Survey wave"].tolist() == [1.5, 1.5]
    assert [str(d) for d in project.cases["Answered on"]] == ["2026-02-11", "2026-02-12"]
    assert project.sets["set"].tolist() == ["Survey respondents"] * 2
    assert project.codes.set_index("path").loc["Hopes/Funding", "description"] == "Passages about funding"


def test_qualcoder_byte_order_mark_is_not_a_character(exports):
    with zipfile.ZipFile(exports["qualcoder"]) as archive:
        assert archive.read(next(n for n in archive.namelist() if n.endswith(".txt"))).startswith(b"\xef\xbb\xbf")
    assert segment_texts(read_qdpx(exports["qualcoder"])) == tools.EXPECTED


def test_nvivo_read_as_code_points_is_refused_not_published(exports, tmp_path):
    """The old reader sliced NVivo's UTF-16 positions as code points and published shifted texts."""
    path = tools.padded(tools.write("nvivo_mac", tmp_path / "nvivo.qdpx"))
    assert segment_texts(read_qdpx(path)) == tools.EXPECTED
    with pytest.raises(InputError) as error:
        read_qdpx(path, "codepoint")
    assert str(error.value) == (
        f"{path}!project.qde: record <Project Coalition interviews>, field startPosition: positions read as "
        "codepoint (set in the configuration) put 5 of 10 segment boundaries inside words, read as utf16 0 of 9 "
        "(set offset_unit: utf16 for this file if the tool counts that way): the position unit is probably wrong"
    )


def test_unknown_tool_with_utf16_positions_is_refused(tmp_path):
    """No origin: the specification's code points; the boundaries show that is wrong."""
    path = tools.padded(tools.write("nvivo_mac", tmp_path / "anonymous.qdpx"))
    tools.rezip(path, "project.qde", lambda xml: xml.replace(b' origin="NVivo 12 For Mac"', b""))
    with pytest.raises(
        InputError,
        match="positions read as codepoint \\(no origin: the specification\\) put 5 of 10 "
        "segment boundaries inside words, read as utf16 0 of 9",
    ):
        read_qdpx(path)


def test_override_contradicted_by_selection_names_is_refused(exports):
    with pytest.raises(
        InputError,
        match="offset_unit utf16 set in the configuration contradicts the file: 4 of 5 "
        "selection names match under codepoint_crlf_as_one, 1 under utf16",
    ):
        read_qdpx(exports["atlas_ti"], "utf16")


def names_of_wrong_unit_slices(path):
    """Give every selection of an NVivo export (UTF-16 positions) the name its text would have
    read as code points: names and word boundaries then disagree about the unit."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        texts = {
            n.split("/")[-1].removesuffix(".txt"): archive.read(n).decode("utf-8-sig")
            for n in archive.namelist()
            if n.endswith(".txt")
        }

    def rename(xml: bytes) -> bytes:
        def per_source(source: re.Match) -> str:
            text = texts[re.search(r'guid="([^"]+)"', source.group(0)).group(1)]
            return re.sub(
                r'name="" startPosition="(\d+)" endPosition="(\d+)"',
                lambda m: (
                    f'name="{text[int(m.group(1)) : int(m.group(2))]}" startPosition="{m.group(1)}" '
                    f'endPosition="{m.group(2)}"'
                ),
                source.group(0),
            )

        return re.sub(r"<TextSource .*?</TextSource>", per_source, xml.decode("utf-8"), flags=re.S).encode("utf-8")

    return tools.rezip(path, "project.qde", rename)


def test_names_and_word_boundaries_contradicting_each_other_are_refused(tmp_path):
    """No tool writes this; but evidence that contradicts itself is refused, never weighed silently.
    The user, having looked in the tool, settles it with offset_unit, and the reason says so."""
    path = names_of_wrong_unit_slices(tools.padded(tools.write("nvivo_mac", tmp_path / "nvivo.qdpx")))
    with pytest.raises(InputError) as error:
        read_qdpx(path)
    assert str(error.value) == (
        f"{path}!project.qde: record <Project Coalition interviews>, field startPosition: the file contradicts itself "
        "about the position unit: 6 of 6 selection names match their text read as codepoint, but so read 5 of 10 "
        "segment boundaries fall inside words, read as utf16 0 of 9; check a few segments in the tool, then set "
        "offset_unit for this file"
    )
    project = read_qdpx(path, "utf16")
    assert segment_texts(project) == tools.EXPECTED
    assert project.unit_reason == (
        "set in the configuration, against the selection names (6 of 6 selection names "
        "match under codepoint, 2 under utf16), as segment boundaries favour it (0 of 9 "
        "boundaries inside words; 5 of 10 boundaries inside words under codepoint)"
    )


def test_names_decide_the_unit_when_the_origin_misleads(tmp_path):
    """An ATLAS.ti project relabelled by a converter: the names still show CRLF counted as one."""
    path = tools.write("atlas_ti", tmp_path / "converted.qdpx")
    tools.rezip(path, "Coalition interviews.qde", lambda xml: xml.replace(b"ATLAS.ti Win 26.1.1", b"Converter 1.0"))
    project = read_qdpx(path)
    assert project.offset_unit == "codepoint_crlf_as_one"
    assert project.unit_reason.startswith(
        "selection names (4 of 5 selection names match under codepoint_crlf_as_one, "
        "1 under codepoint; origin 'Converter 1.0' suggests codepoint)"
    )
    assert segment_texts(project) == tools.EXPECTED


def test_position_splitting_a_surrogate_pair_is_refused(tmp_path):
    path = tools.write("nvivo_mac", tmp_path / "split.qdpx")
    text = tools.text_of("S01", "\n")
    inside_emoji = tools.position(text, text.index("\U0001f4b0"), "utf16") + 1
    start, _ = tools.span(text, "Officials asked for bribes \U0001f4b0 before approving shelters.", "utf16")
    tools.rezip(
        path,
        "project.qde",
        lambda xml: xml.replace(f'startPosition="{start}"'.encode(), f'startPosition="{inside_emoji}"'.encode(), 1),
    )
    with pytest.raises(InputError) as error:
        read_qdpx(path)
    assert (
        f"record <PlainTextSelection {tools.guid('nvivo_mac', 'sel', 'S01', '1')}>, field startPosition: startPosition "
        f"{inside_emoji} splits a surrogate pair"
    ) in str(error.value)


def test_scripts_without_spaces_are_no_evidence():
    thai = "ภาษาไทยไม่มีช่องว่าง"
    assert inside_word(thai, 4) is None
    assert inside_word("trust grew", 2) is True and inside_word("trust grew", 5) is False


def test_mapping_file_names_leaders_and_coalitions(exports, tmp_path):
    mapping_path = tmp_path / "map.csv"
    mapping_path.write_text(tools.mapping("maxqda", "Sector Bridge"), encoding="utf-8")
    project = read_qdpx(exports["maxqda"])
    roster = interviews.leaders(project, "x", interviews.read_mapping(mapping_path), str(mapping_path))
    assert roster[["leader", "coalition"]].values.tolist() == [
        ["Student leader S01", "Sector Bridge"],
        ["Student leader S02", "Sector Bridge"],
    ]
    segs = interviews.segments(project, roster, "x")
    assert set(segs["provenance"]) == {"synthetic"}  # the source's, since no selection says otherwise
    assert segs["source"].tolist()[:1] == ["ctcstudy, student fieldwork 2026 (S01)"]


def test_mapping_row_naming_no_source_is_refused(exports, tmp_path):
    mapping_path = tmp_path / "map.csv"
    mapping_path.write_text(
        'interview,leader,coalition,provenance,source\nInterview S09,L,Sector Bridge,synthetic,"ctcstudy, x"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        interviews.leaders(
            read_qdpx(exports["qualcoder"]), "x", interviews.read_mapping(mapping_path), str(mapping_path)
        )
    assert str(error.value) == (
        f"{mapping_path}: record line 2, field interview: no source named 'Interview S09' "
        f"(or with that GUID) in {exports['qualcoder']}"
    )


def test_coded_source_without_a_leader_says_what_to_do(exports):
    project = read_qdpx(exports["qualcoder"])
    with pytest.raises(InputError, match="coded source not linked to any leader; add it to the project's mapping file"):
        interviews.segments(project, interviews.leaders(project, "x"), "x")


def test_coder_exports_merge_by_text(exports, tmp_path):
    """Two coders, two exports of the same interviews (QualCoder and NVivo for Mac: the same
    texts once the byte-order mark is dropped): one set of sources, two coders. Each export
    may name its sources in its own mapping file, by name or by its own GUID."""
    from ctcstudy.ingest.interviews import interview_tables

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(tools.mapping("qualcoder", "Sector Bridge"), encoding="utf-8")
    own_guid = tools.guid("nvivo_mac", "source", "S01")  # the second export's GUID, not the first's
    second.write_text(
        tools.mapping("qualcoder", "Sector Bridge")
        .replace("interview_S01.txt", own_guid)
        .replace("interview_S02.txt", "Interview S02"),
        encoding="utf-8",
    )
    for mappings in ([first, None], [first, second]):
        projects = [
            {"file": str(exports["qualcoder"]), "mapping": str(mappings[0])},
            {"file": str(exports["nvivo_mac"]), **({"mapping": str(mappings[1])} if mappings[1] else {})},
        ]
        tables = interview_tables(projects, "project", "refuse")
        segs = tables["interview_segments"]
        assert segs.groupby("source_guid")["coder"].nunique().tolist() == [2, 2]
        assert len(tables["interview_leaders"]) == 2 and len(tables["interview_units"]) == 6
        assert interviews.double_coded_share(segs, 2) == 1.0
        assert tables["interview_leaders"]["primary_coder"].tolist() == ["ana", "ana"]  # the first export's user


def test_codebook_differences_are_counted_and_shown_briefly(exports):
    project = read_qdpx(exports["qualcoder"])
    codebook = project.codes.assign(path=project.codes["path"].str.replace("Hopes", "Wishes"))
    differences = interviews.code_differences(project.codes, codebook, "p.qdpx")
    assert interviews.differences_message(differences, "codebook.qdc") == (
        "project and codebook differ: 2 only in the project (Hopes; Hopes/Funding), 2 only in codebook.qdc "
        "(Wishes; Wishes/Funding); set code_differences: accept for the coding scheme to accept and list them"
    )


def test_inspect_qdpx_json(exports):
    run = subprocess.run(
        [PYTHON, "-m", "ctcstudy", "inspect-qdpx", str(exports["nvivo_windows"]), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(run.stdout)
    assert report["origin"] == "NVivo for Windows 12.6" and report["offset_unit"] == "utf16"
    assert [(s["name"], s["kind"]) for s in report["sources"]] == [("Interview S01", "text"), ("Interview S02", "text")]
    assert [c["path"] for c in report["codes"]][:2] == ["Hopes", "Hopes/Funding"]
    text, passage = tools.text_of("S01", "\r\n"), tools.EXPECTED[("S01", "Challenges/Corruption")]
    begin = text.index(passage)  # JSON positions are code points, whatever the tool counted
    assert report["segments"][1] == {
        "source": "Interview S01",
        "code_path": "Challenges/Corruption",
        "start": begin,
        "end": begin + len(passage),
        "text": passage,
        "coder": "Ana Souza",
    }
    assert report["will_use"]["leaders from"].startswith("a mapping file")


def test_inspect_qdpx_names_the_coder_the_unused_sources_and_an_export_without_codings(tmp_path):
    """Two users (the second coded one interview again), an uncoded transcript, then no codings at all."""
    from ctcstudy.tools import inspect_qdpx as inspection

    path = tools.write("nvivo_mac", tmp_path / "mac.qdpx")
    second = tools.guid("nvivo_mac", "user", "Ben")
    extra = (
        f'<TextSource guid="{tools.guid("nvivo_mac", "source", "S03")}" name="Interview S03 (not coded yet)" '
        f'plainTextPath="internal://s03.txt"/></Sources>'
    )
    recoded = (
        f'<PlainTextSelection guid="{tools.guid("x", "sel")}" name="" startPosition="0" endPosition="9" '
        f'creatingUser="{second}"><Coding guid="{tools.guid("x", "coding")}" creatingUser="{second}">'
        f'<CodeRef targetGUID="{tools.code_guid(lambda *p: tools.guid("nvivo_mac", *p), "Hopes/Funding")}"/>'
        f"</Coding></PlainTextSelection></TextSource>"
    )
    tools.rezip(
        path,
        "project.qde",
        lambda xml: (
            xml.replace(b"</Users>", f'<User guid="{second}" name="Ben Okafor"/></Users>'.encode())
            .replace(b"</Sources>", extra.encode())
            .replace(b"</TextSource>", recoded.encode(), 1)
        ),
        extra={"sources/s03.txt": b"Not coded yet."},
    )
    text = inspection.text(inspection.summary(read_qdpx(path)))
    assert (
        "  coders (the creator of each Coding, as the build reads it): Ana Souza (4 codings), Ben Okafor (1 coding)"
        in text
    )
    assert (
        "  theme tables count (unless primary_coder is set for the case or export): Ana Souza for 2 source(s)" in text
    )
    assert "  will skip: uncoded text source 'Interview S03 (not coded yet)': no codings, so not used" in text
    assert "warning" not in text
    empty = tools.rezip(
        tmp_path / "mac.qdpx",
        "project.qde",
        lambda xml: re.sub(rb"<PlainTextSelection .*?</PlainTextSelection>", b"", xml, flags=re.S),
    )
    text = inspection.text(inspection.summary(read_qdpx(empty)))
    assert text.endswith(
        "  warning: this export holds no codings: it adds nothing to the theme tables (exported "
        "before coding, or from another copy of the project?)\n"
    )


def test_mapping_template_fills_the_starter_new_case_wrote_and_no_edited_file(exports, tmp_path):
    from ctcstudy.configuration.datasets import starters

    starter = tmp_path / "interview_sources.csv"
    starter.write_text(",".join(starters("coalition")["interviews"][1]) + "\n", encoding="utf-8")
    command = [PYTHON, "-m", "ctcstudy", "inspect-qdpx", str(exports["nvivo_mac"]), "--mapping-template", str(starter)]
    assert subprocess.run(command, capture_output=True, cwd=ROOT).returncode == 0
    assert starter.read_text().splitlines()[1:] == ["Interview S01,,,,", "Interview S02,,,,"]
    starter.write_text(starter.read_text().replace("Interview S01,,", "Interview S01,Leader 1,"))
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and run.stderr.strip() == (
        f"ERROR: {starter}: file exists and has been edited; not overwritten (choose another name or remove it)"
    )


def test_codebook_taken_from_the_project(exports, tmp_path):
    from ctcstudy.ingest.interviews import interview_tables

    mapping_path = tmp_path / "map.csv"
    mapping_path.write_text(tools.mapping("qualcoder", "Sector Bridge"), encoding="utf-8")
    tables = interview_tables([{"file": str(exports["qualcoder"]), "mapping": str(mapping_path)}], "project", "refuse")
    assert tables["interview_codes"]["code_path"].tolist() == [
        "Hopes",
        "Hopes/Funding",
        "Fears",
        "Fears/Independence",
        "Challenges",
        "Challenges/Corruption",
        "Engagement practices",
        "Engagement practices/Trust building",
    ]
    assert tables["interview_code_differences"].empty
    assert tables["interview_coders"]["coder"].tolist() == ["ana"]


def test_codebook_differences_refused_by_default_in_one_line(exports, tmp_path):
    from ctcstudy.ingest.interviews import interview_tables

    mapping_path = tmp_path / "map.csv"
    mapping_path.write_text(tools.mapping("qualcoder", "Sector Bridge"), encoding="utf-8")
    qdc = "data/raw/interviews/codebook.qdc"
    with pytest.raises(InputError) as error:
        interview_tables([{"file": str(exports["qualcoder"]), "mapping": str(mapping_path)}], str(ROOT / qdc), "refuse")
    assert str(error.value) == (
        f"{exports['qualcoder']}: record <CodeBook>: project and codebook differ: 23 only in {ROOT / qdc} "
        "(Absences; Absences/Coalition seen as temporary; Absences/Government or business role in founding, and 20 "
        "more); set code_differences: accept for the coding scheme to accept and list them"
    )


def both_nvivo_writers(tmp_path, same_project: bool) -> list[dict]:
    """One interview set exported by NVivo for Windows (BOM, CRLF) and NVivo for Mac (LF): as one
    project exported twice (the same GUIDs, stamped with two users), or coded by two people."""
    options = (
        ({"project": "shared", "user_name": "Ana Souza"}, {"project": "shared", "user_name": "Ben Okafor"})
        if same_project
        else ({"user_name": "Ana Souza"}, {"user_name": "Ben Okafor"})
    )
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(tools.mapping("nvivo_windows", "Sector Bridge"), encoding="utf-8")
    windows = tools.write("nvivo_windows", tmp_path / "windows.qdpx", **options[0])
    mac = tools.write("nvivo_mac", tmp_path / "mac.qdpx", **options[1])
    return [{"file": str(windows), "mapping": str(mapping)}, {"file": str(mac)}]


def test_one_project_exported_by_both_nvivo_writers_is_one_coding(tmp_path):
    """The same selection GUIDs in two exports: each coding once, never two coders agreeing."""
    from ctcstudy.ingest.interviews import interview_tables

    tables = interview_tables(both_nvivo_writers(tmp_path, same_project=True), "project", "refuse")
    leaders, segs = tables["interview_leaders"], tables["interview_segments"]
    assert leaders["leader"].tolist() == ["Student leader S01", "Student leader S02"]  # merged: not four leaders
    assert leaders["exported_twice"].tolist() == [2, 2] and set(leaders["primary_coder"]) == {"Ana Souza"}
    assert len(segs) == 4 and set(segs["coder"]) == {"Ana Souza"}
    assert interviews.double_coded_share(segs, 2) == 0.0
    overview = themes.overview(leaders, segs).set_index("measure")["all"]
    assert overview["codings exported twice (same selection GUID, counted once)"] == "4"
    assert reliability.reliability(
        segs, tables["interview_units"], tables["interview_codes"].assign(is_codable=True), 100, 1
    ).empty  # no second coder: no alpha


def test_two_coders_on_the_two_nvivo_writers_agree_paragraph_by_paragraph(tmp_path):
    """Different coders, one on each writer: merged on content, positions kept in each export's own
    text (CRLF or LF), and the paragraph units line up, so identical coding gives alpha 1."""
    from ctcstudy.ingest.interviews import interview_tables

    tables = interview_tables(both_nvivo_writers(tmp_path, same_project=False), "project", "refuse")
    segs, units = tables["interview_segments"], tables["interview_units"]
    assert len(tables["interview_leaders"]) == 2 and len(segs) == 8
    assert segs.groupby("source_guid")["coder"].nunique().tolist() == [2, 2]
    assert segs.groupby("source_guid")["text_sha256"].nunique().tolist() == [2, 2]  # a CRLF and an LF text
    last = segs[segs["code_path"].eq("Challenges/Corruption")].set_index("coder")
    assert last.loc["Ana Souza", "start"] == last.loc["Ben Okafor", "start"] + 4  # four CRLF line ends before it
    assert last.loc["Ana Souza", "text"] == last.loc["Ben Okafor", "text"]
    assert len(units) == 12 and len(units[["source_guid", "unit"]].drop_duplicates()) == 6
    codes = tables["interview_codes"]
    table = reliability.reliability(segs, units, codes, 200, 1).set_index("code_path")
    assert table.loc["Challenges/Corruption", "alpha"] == 1.0 and set(table["units"]) == {6}
    assert set(tables["interview_leaders"]["primary_coder"]) == {"Ana Souza"}


def test_a_citation_naming_the_case_is_refused_at_ingest_with_the_field_and_fix(tmp_path):
    """The key new-case once suggested (<case id>_fieldwork) would put the case's name beside every
    quote; refused when the interviews are read, naming the mapping file, line and field."""
    from ctcstudy.ingest.interviews import interview_tables

    export = tools.write("nvivo_mac", tmp_path / "harbor_network/interviews.qdpx")
    mapping = tmp_path / "harbor_network/interview_sources.csv"
    mapping.write_text(
        tools.mapping("nvivo_mac", "Harbor Network", citation="harbor_network_fieldwork, interviews"), encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        interview_tables(
            [{"file": str(export), "mapping": str(mapping)}],
            "project",
            "refuse",
            case_names=["Sector Bridge", "Harbor Network"],
        )
    assert str(error.value) == (
        f"{mapping}:2: field source: 'harbor_network_fieldwork, interviews (S01)' names the case 'Harbor Network' and "
        "would sit beside 4 quote(s) (no quote is tied to a coalition); cite the interviews with a key that does not "
        'name the case, e.g. fieldwork_1 (README, "Adding a case")'
    )
    mapping.write_text(
        tools.mapping("nvivo_mac", "Harbor Network", citation="fieldwork_1, interviews"), encoding="utf-8"
    )
    tables = interview_tables(
        [{"file": str(export), "mapping": str(mapping)}],
        "project",
        "refuse",
        case_names=["Sector Bridge", "Harbor Network"],
    )
    assert len(tables["interview_segments"]) == 4


def test_a_named_primary_coder_who_coded_nothing_there_is_refused_with_the_line(tmp_path, monkeypatch):
    from ctcstudy.ingest.interviews import interview_tables

    monkeypatch.chdir(tmp_path)
    export = tools.write("nvivo_mac", tmp_path / "interviews.qdpx")
    (tmp_path / "mapping.csv").write_text(tools.mapping("nvivo_mac", "Harbor Network"), encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(
        "cases:\n  - id: harbor_network\n    pseudonym: Harbor Network\n    primary_coder: Ben Okafor\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        interview_tables(
            [{"file": str(export), "mapping": "mapping.csv"}],
            "project",
            "refuse",
            "cases.yaml",
            {"Harbor Network": {"id": "harbor_network", "index": 0, "coder": "Ben Okafor"}},
        )
    assert str(error.value) == (
        "cases.yaml:4: record case harbor_network, field primary_coder: 'Ben Okafor' coded nothing in the interview of "
        "'Student leader S01' (its coders: Ana Souza); name one of them, or remove primary_coder to count the first "
        "coder of the interview's own export"
    )
