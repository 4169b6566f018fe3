"""Questionnaire responses from survey tools' exports (tests/survey_exports.py): each tool's
file read through its column map into the codebook's items; wrong answers refused in one line."""

import pytest
import survey_exports as tools

from ctcstudy.errors import InputError
from ctcstudy.readers.questionnaire import read_responses


@pytest.mark.parametrize("tool", tools.TOOLS)
def test_every_tool_gives_the_leaders_answers(tmp_path, tool):
    export, column_map = tools.write(tool, tmp_path)
    frame = read_responses(export, column_map)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert {item: int(row[item]) for item in tools.EXPECTED} == tools.EXPECTED
    assert (row["respondent_id"], row["coalition"], row["provenance"]) == ("R90", tools.PSEUDONYM, "published")
    assert int(row["ngo_sex_workers_member"]) == -9  # not in the column map: not reported


def test_qualtrics_extra_header_rows_are_dropped_only_with_their_evidence(tmp_path):
    export, column_map = tools.write("qualtrics", tmp_path)
    assert export.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in export.read_bytes()
    assert len(read_responses(export, column_map)) == 1  # the question-text and ImportId rows are gone


def test_a_wrong_answer_names_file_row_and_column(tmp_path):
    export, column_map = tools.write("qualtrics", tmp_path)
    export.write_bytes(export.read_bytes().replace(b",national,", b",nationwide,"))
    with pytest.raises(InputError) as error:
        read_responses(export, column_map)
    assert str(error.value) == (
        f"{export}:4: record row 4, field Q2: answer 'nationwide' is not one of: local, state or province, "
        "national, international, not reported (or their codes 1, 2, 3, 4, -9)"
    )


def test_every_wrong_answer_of_a_file_is_named_at_once(tmp_path):
    """25 leaders, each with a wrong scope and region: 50 bad cells, 20 named and the rest counted."""
    from ctcstudy.errors import InputErrors

    export, column_map = tools.write("qualtrics", tmp_path)
    head, answer = export.read_bytes().rsplit(b"\r\n", 2)[:2]
    answer = answer.replace(b",national,", b",nationwide,").replace(b"Southeast Asia", b"SE Asia")
    export.write_bytes(head + b"\r\n" + b"\r\n".join([answer] * 25) + b"\r\n")
    with pytest.raises(InputErrors) as error:
        read_responses(export, column_map)
    lines = error.value.lines()
    assert len(error.value.errors) == 50 and len(lines) == 21
    assert lines[0] == (
        f"{export}:4: record row 4, field Q1: answer 'SE Asia' is not one of: " + lines[0].split("is not one of: ")[1]
    )
    assert lines[1].startswith(f"{export}:4: record row 4, field Q2: answer 'nationwide'")
    assert lines[2].startswith(f"{export}:5: record row 5, field Q1:")
    assert lines[-1] == f"{export}: and 30 more problem(s) of the same file, not shown"


def test_a_select_all_column_holding_two_texts_is_not_read_as_ticked(tmp_path):
    """The choice text counts as a ticked box only where the column holds that one text."""
    export, column_map = tools.write("qualtrics_choice_text", tmp_path)
    head, answer = export.read_bytes().rsplit(b"\r\n", 2)[:2]
    export.write_bytes(head + b"\r\n" + answer + b"\r\n" + answer.replace(b"Child welfare", b"Child care") + b"\r\n")
    with pytest.raises(InputError) as error:
        read_responses(export, column_map)
    assert str(error.value).startswith(f"{export}:4: record row 4, field Q7_4: answer 'Child welfare' is not one of")


def test_a_count_must_be_a_whole_number(tmp_path):
    export, column_map = tools.write("google_forms", tmp_path)
    export.write_bytes(export.read_bytes().replace(b",12,", b",about twelve,"))
    with pytest.raises(
        InputError,
        match=r":2: record row 2, field How many member organizations\?: a whole "
        r"number is required, not 'about twelve'",
    ):
        read_responses(export, column_map)


def test_a_column_the_export_lacks_is_named(tmp_path):
    export, column_map = tools.write("limesurvey", tmp_path)
    column_map.write_text(column_map.read_text().replace("Q05", "Q55"))
    with pytest.raises(InputError, match="field Q55: no column 'Q55' in the export"):
        read_responses(export, column_map)


def test_a_survey_export_needs_its_column_map(tmp_path):
    export, _ = tools.write("kobo_csv", tmp_path)
    with pytest.raises(InputError, match="a survey export needs a column map"):
        read_responses(export)
