"""Manuscript readers: what each format's tools write, and the one-line refusals."""

import pytest
from conftest import pdf

from ctcstudy.errors import InputError
from ctcstudy.readers.manuscripts import read


def texts(manuscript):
    return [(p.location, p.text) for p in manuscript.passages]


def test_latex_in_a_declared_legacy_encoding_is_read_and_comments_citations_labels_hold_no_numbers(tmp_path):
    paper = tmp_path / "paper.tex"
    paper.write_bytes(
        b"\\usepackage[latin1]{inputenc}\n"
        b"Caf\xe9 coalitions \\cite{foot_2016} had 35 members % not 99\n"
        b"\\label{sec:3} see Table~\\ref{tab:2}.\n"
    )
    from ctcstudy.verify.numbers import numbers

    manuscript = read(paper)
    assert [p.where(n.start) for p in manuscript.passages for n in numbers(p.text)] == ["line 2"]
    assert "Café coalitions" in manuscript.passages[0].text


def test_latex_in_a_legacy_encoding_it_does_not_declare_is_refused_naming_the_byte(tmp_path):
    paper = tmp_path / "paper.tex"
    paper.write_bytes(b"One line.\nCaf\xe9 coalitions.\n")
    with pytest.raises(InputError, match=r"paper\.tex:2:4: not UTF-8 text \(byte 0xe9 at line 2, column 4"):
        read(paper)


def test_markdown_skips_code_comments_and_list_numbers_and_reads_utf16_with_its_mark(tmp_path):
    paper = tmp_path / "paper.md"
    text = "Intro 7 leaders.\n\n<!-- 99 -->\n```\nx = 42\n```\n\n1. Second point, 3 cases.\n"
    paper.write_bytes(text.encode("utf-16"))
    assert texts(read(paper)) == [("line {line}", "Intro 7 leaders."), ("line {line}", "Second point, 3 cases.")]
    assert [p.where(0) for p in read(paper).passages] == ["line 1", "line 8"]


def test_word_file_that_is_not_a_docx_is_refused_in_one_line(tmp_path):
    paper = tmp_path / "paper.docx"
    paper.write_bytes(b"PK\x03\x04 damaged")
    with pytest.raises(InputError, match=r"paper\.docx: not a readable Word \.docx file"):
        read(paper)


def test_word_text_inside_a_content_control_is_the_documents_text(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Before.")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    control = f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Inside 12 controls.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    document.element.body.insert(1, parse_xml(control))
    document.save(tmp_path / "paper.docx")
    assert texts(read(tmp_path / "paper.docx")) == [("paragraph 1", "Before."), ("paragraph 2", "Inside 12 controls.")]


def test_pdf_without_a_text_layer_and_an_unknown_format_are_refused(tmp_path):
    pdf(tmp_path / "scan.pdf", "")
    with pytest.raises(
        InputError, match=r"scan\.pdf: no text layer on any of its 1 page\(s\) \(a scan\?\): run it through OCR"
    ):
        read(tmp_path / "scan.pdf")
    (tmp_path / "paper.odt").write_bytes(b"x")
    with pytest.raises(
        InputError,
        match=r"paper\.odt: not a manuscript this command reads \(\.odt; it reads \.docx, \.md, \.pdf, \.tex, \.txt\)",
    ):
        read(tmp_path / "paper.odt")
