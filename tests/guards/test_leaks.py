"""Names never leak: the names list cannot switch protection off, the variants people and tools
produce are caught in every format's text and in file names, in raw files, outputs and commits
alike, the pseudonymizer replaces what the scanner catches, and messages never print a name."""

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import PYTHON, ROOT, copy_project, pdf, record_raw_change, snakemake

from ctcstudy import cli
from ctcstudy.errors import InputError
from ctcstudy.guards.attribution import figures_without_text, find_names, scan_text
from ctcstudy.guards.restricted import RestrictedName, load

NAMES = [
    RestrictedName(1, "person", "Maria Okonkwo"),
    RestrictedName(2, "person", "Thanh Nguyen-Lambert"),
    RestrictedName(3, "organization", "Sunrise Shelter Foundation", acronyms=("SSF",)),
    RestrictedName(4, "organization", "Riverside Shelter Trust"),
    RestrictedName(5, "person", "Jan van der Berg"),
]
# As a user writes it; the loader must give exactly NAMES.
NAMES_CSV = (
    "kind,name,acronym\nperson,Maria Okonkwo,\nperson,Thanh Nguyen-Lambert,\n"
    "organization,Sunrise Shelter Foundation,SSF\norganization,Riverside Shelter Trust,\n"
    "person,Jan van der Berg,\n"
)
SURNAMES = ["okonkwo", "lambert", "sunrise", "riverside", "berg"]  # never in a message

# (text, the entry caught or None, why a miss is out of reach)
VARIANTS = [
    ("Maria Okonkwo", 1, ""),
    ("MARIA OKONKWO", 1, ""),
    ("maria okonkwo", 1, ""),
    ("Maria Okonkwo's", 1, ""),
    ("Maria Okonkwo\u2019s", 1, ""),  # a typographic apostrophe
    ("Okonkwo, Maria", 1, ""),
    ("Okonkwo Maria", 1, ""),
    ("Maria  Okonkwo", 1, ""),  # two spaces
    ("Maria\nOkonkwo", 1, ""),  # wrapped across two lines of a Markdown cell
    ("Maria\r\n    Okonkwo", 1, ""),  # wrapped and indented (CRLF)
    ("M. Okonkwo", 1, ""),
    ("Okonkwo M.", 1, ""),
    ("Okonkwo, M.", 1, ""),
    ("Maria A. Okonkwo", 1, ""),  # a middle initial
    ("Okonkwo, Maria A.", 1, ""),
    ("M. A. Okonkwo", 1, ""),
    ("Maria Okonkw\u00f3", 1, ""),  # a diacritic
    ("Maria Okonkw\\'{o}", 1, ""),  # a LaTeX accent
    ('M{\\"a}ria Okonkwo', 1, ""),  # a BibTeX braced accent
    ("Maria Okonkw&oacute;", 1, ""),  # an HTML entity
    ("Maria &#79;konkwo", 1, ""),  # a numeric character reference
    ("Maria&nbsp;Okonkwo", 1, ""),
    ("Maria\u00a0Okonkwo", 1, ""),  # a no-break space
    ("Maria\u2003Okonkwo", 1, ""),  # an em space
    ("Maria~Okonkwo", 1, ""),  # a LaTeX tie
    ("Maria-Okonkwo", 1, ""),
    ("Maria_Okonkwo", 1, ""),  # as in a file name
    ("maria_okonkwo_interview.txt", 1, ""),
    ("C:\\Users\\Maria Okonkwo\\notes.txt", 1, ""),  # a Windows path
    ("<td>Dr. Maria Okonkwo</td>", 1, ""),
    ("\uff2d\uff41\uff52\uff49\uff41 \uff2f\uff4b\uff4f\uff4e\uff4b\uff57\uff4f", 1, ""),  # full-width letters
    ("Ma\u200bria Okonkwo", 1, ""),  # a zero-width space inside the name
    ("Maria Okon\u00adkwo", 1, ""),  # a soft hyphen
    ("Ma&shy;ria Okonkwo", 1, ""),  # a soft hyphen as an entity
    ("Maria Okonkwo\u200d", 1, ""),  # a zero-width joiner after it
    ("Okon-\nkwo, Maria", 1, ""),  # hyphenated across a line break
    ("Maria Okon-\r\nkwo", 1, ""),
    ("Maria%20Okonkwo", 1, ""),  # percent-encoding
    ("Maria%C2%A0Okonkw%C3%B3", 1, ""),
    ("M\u0430ria Okonkwo", 1, ""),  # a Cyrillic look-alike letter
    ("\u039caria \u039fkonkwo", 1, ""),  # Greek capitals Mu and Omicron
    ("\\emph{Maria Okonkwo}", 1, ""),
    ("\\textbf{Maria} Okonkwo", 1, ""),
    ("\\textless{}Maria Okonkwo\\textgreater{}", 1, ""),
    ("{\\em Maria Okonkwo}", 1, ""),
    ("<em>Maria</em> Okonkwo", 1, ""),
    ('<text x="1">Maria</text>\n<text style="font: 10px">Okonkwo</text>', 1, ""),  # a label wrapped in SVG
    ('<img alt="Maria Okonkwo" src="a.png">', 1, ""),  # an attribute value
    ('"note": "Maria\\nOkonkwo"', 1, ""),  # an escaped line break in JSON
    ("T. Nguyen-Lambert", 2, ""),  # F. Last with a hyphenated surname
    ("Thanh Nguy\\u1ec5n-Lambert", 2, ""),  # a JSON \u escape
    ("Thanh Nguyen-\nLambert", 2, ""),  # wrapped at its own hyphen
    ("Thanh NguyenLambert", 2, ""),
    ("Nguyen-Lambert, T.", 2, ""),
    ("Sunrise Shelter Fdn.", 3, ""),  # an abbreviation
    ("SUNRISE SHELTER\nFOUNDATION", 3, ""),
    ("the SSF board", 3, ""),  # the acronym listed beside it
    ("S.S.F.", 3, ""),
    ("RIVERSIDE SHELTER\nTRUST", 4, ""),
    ("Riverside-Shelter Trust &amp; partners", 4, ""),
    ("the Riverside Shelter Trust\\textquoteright{}s board", 4, ""),  # LaTeX's possessive apostrophe
    ("J. van der Berg", 5, ""),  # a surname with particles
    ("Jan Van Der Berg", 5, ""),
    ("Berg, Jan van der", 5, ""),
    ("Okonkwo", None, "a surname alone would flag everyone of that name; a listed name is matched in full"),
    ("Maria O.", None, "a first name with an initial is too common to flag"),
    ("M. O.", None, "initials alone identify no one"),
    (
        "MariaOkonkwo",
        None,
        "joined words are one word; the scan matches whole words (list the joined form as a variant)",
    ),
    ("Maria Okonkwoe", None, "a different word (a misspelling) is a different name (list it as a variant)"),
    ("Mimi Okonkwo", None, "a nickname is another name: list it in the names file's variants column"),
    ("Riverside Trust", None, "part of an organization's name is not the name"),
    (
        "Mar1a 0konkwo",
        None,
        "digits for letters are not look-alikes in Unicode's data; deliberate disguise is out of reach",
    ),
    (
        "<b>M</b>aria Okonkwo",
        None,
        "an HTML tag inside a word splits it (Word, Excel and SVG runs inside words are joined by their readers)",
    ),
    ("M a r i a  O k o n k w o", None, "letters spaced apart are single letters, which cannot be told from initials"),
    ("TWFyaWEgT2tvbmt3bw==", None, "encoded content (base64) is not text a reader sees"),
]


@pytest.mark.parametrize("text, number, why", VARIANTS, ids=[v[0][:24] for v in VARIANTS])
def test_variants(text, number, why):
    found = find_names(f"Context line.\n{text}\nMore.", NAMES)
    assert [hit[1] for hit in found][:1] == ([number] if number else []), why
    assert number or why  # every miss says why
    if found:
        assert found[0][0] == 2  # the line where the variant starts


def test_at_least_sixty_variants():
    assert len(VARIANTS) >= 60 and sum(v[1] is not None for v in VARIANTS) >= 50


def test_a_nickname_listed_as_a_variant_is_caught():
    entry = RestrictedName(1, "person", "Maria Okonkwo", variants=("Mimi Okonkwo",))
    assert find_names("Met Mimi Okonkwo.", [entry]) == [(1, 1, "person")]


QUOTE = "We met officials & businesses every quarter, and trust grew"


@pytest.mark.parametrize(
    "text",
    [
        f"Sector Bridge said: {QUOTE}.",
        "Sector Bridge said: We met officials \\& businesses every quarter, and trust grew.",  # LaTeX
        "<td>Sector Bridge</td><td>We met officials &amp; businesses every quarter, and trust grew</td>",  # HTML
        "Sector Bridge | We met officials & businesses\nevery quarter, and trust grew |",  # wrapped
        "SECTOR BRIDGE: \u201cWe met officials & businesses every quarter, and trust grew\u201d",
        "\\emph{Sector Bridge}: We met officials \\& busi-\nnesses every quarter, and trust grew",  # markup, hyphenated
    ],
)
def test_a_quote_next_to_a_coalition_is_caught_in_any_form(text):
    assert [hit[1] for hit in scan_text(text, [QUOTE], ["Sector Bridge"])] == ["Sector Bridge"]


def test_a_png_without_its_svg_cannot_be_checked(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "b.png").write_bytes(b"\x89PNG")
    (tmp_path / "b.svg").write_text("<svg><text>Figure</text></svg>")
    assert [f.message for f in figures_without_text(sorted(tmp_path.iterdir()))] == [
        f"{tmp_path / 'a.png'}: figure without an SVG of the same name, so its labels cannot be checked"
    ]


# The names list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        NAMES_CSV,
        "\ufeff" + NAMES_CSV,  # Excel's "CSV UTF-8" writes a byte-order mark
        NAMES_CSV.replace(",", ";"),  # Excel's CSV where the decimal separator is a comma
        NAMES_CSV.replace(",", "\t"),
        NAMES_CSV.replace("kind,name,acronym", " Kind , NAME,Acronym").replace("\nperson,", "\n Person ,"),
        NAMES_CSV.replace("\n", "\r\n") + ",,\r\n,,\r\n",  # CRLF and the empty rows spreadsheets append
    ],
)
def test_the_names_list_reads_the_same_from_any_spreadsheet(tmp_path, content):
    path = tmp_path / "names.csv"
    path.write_bytes(content.encode("utf-8"))
    assert load(path) == NAMES


def test_excels_unicode_text_is_read(tmp_path):
    path = tmp_path / "names.csv"
    path.write_bytes(NAMES_CSV.replace(",", "\t").encode("utf-16"))  # UTF-16 with its BOM, tab-separated
    assert load(path) == NAMES


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "kind,name\n",
            "names.csv: the restricted names list holds no names; with none, nothing "
            "would be protected (add rows kind,name or remove the file)",
        ),
        ("kind;name\n;\n", "the restricted names list holds no names"),
        (
            "type,person\nperson,Maria Okonkwo\n",
            "names.csv: record header: the first line must be a header with "
            "the columns kind and name, separated by commas, semicolons or tabs",
        ),
        (
            "kind,name\nhuman,Maria Okonkwo\n",
            "names.csv:2: record row 2, field kind: kind must be one of organization, other, person, place",
        ),
        ("kind,name\nMaria Okonkwo,person\n", "names.csv:2: record row 2, field kind: kind must be one of"),  # swapped
        ("kind,name\nperson,\n", "names.csv:2: record row 2, field name: the name is empty"),
        (
            "kind,name\nperson,Okonkwo, Maria\n",
            "names.csv:2: record row 2: more fields than the header's 2: a name holding the delimiter must be quoted",
        ),
        (b"kind,name\nperson,Mar\xeda Okonkwo\n", "names.csv:2:11: not UTF-8 text (byte 0xed at line 2, column 11"),
    ],
)
def test_a_names_list_that_cannot_protect_is_refused_without_echoing_a_name(tmp_path, content, message):
    path = tmp_path / "names.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError) as refused:
        load(path)
    assert str(refused.value).startswith(f"{path}".removesuffix("names.csv")) and message in str(refused.value)
    assert "okonkwo" not in str(refused.value).lower()


# Every format's text, in a raw file, an output and a commit -------------------------------------


def docx(path: Path, runs: list[str]) -> None:
    """As Word writes a paragraph whose formatting changes inside a word: one w:r per run."""
    body = "".join(
        f'<w:r>{"<w:rPr><w:b/></w:rPr>" if i % 2 else ""}<w:t xml:space="preserve">{r}</w:t></w:r>'
        for i, r in enumerate(runs)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f"<w:p><w:r><w:t>Minutes.</w:t></w:r></w:p><w:p>{body}</w:p></w:body></w:document>",
        )


def xlsx(path: Path) -> None:
    """A workbook (openpyxl, as Excel stores it: shared strings) with a cell in two rich-text runs."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    book.active["A1"] = "Chair"
    book.active["B1"] = CellRichText(TextBlock(InlineFont(b=True), "Mar"), "ia Okonkwo")
    book.save(path)


def svg_label(path: Path, label: str) -> None:
    """matplotlib's SVG of an axis title: mathtext becomes one tspan per glyph, not in reading
    order; a line break, two <text> elements."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(label)
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path)
    plt.close(fig)


FORMATS = {  # file name -> writer; each holds name #1 in a form only its format's reader shows
    "minutes.pdf": lambda p: pdf(p, "Chaired by Maria Okonkwo"),  # matplotlib compresses the text stream
    "minutes.docx": lambda p: docx(p, ["Chaired by Mar", "ia", " Okonkwo."]),
    "roster.xlsx": xlsx,
    "figure_mathtext.svg": lambda p: svg_label(p, "M$\\it{ari}$a Okonkwo"),
    "figure_wrapped.svg": lambda p: svg_label(p, "Maria\nOkonkwo"),
    "tspans.svg": lambda p: p.write_text(
        '<svg><text x="0" y="10">Mar<tspan font-weight="bold">ia</tspan> Okonkwo</text></svg>'
    ),  # Inkscape: a tspan where the style changes
    "maria_okonkwo_interview.txt": lambda p: p.write_text("An interview.\n"),  # the file name
    "bundle.zip": lambda p: zipfile.ZipFile(p, "w").writestr("notes/maria-okonkwo.md", "x"),  # a member's name
}


def test_each_format_hides_the_name_from_a_plain_read(tmp_path):
    for name, write in FORMATS.items():
        path = tmp_path / name
        write(path)
        if name.endswith((".pdf", ".docx", ".xlsx", ".zip")):
            assert b"Okonkwo" not in path.read_bytes() or name.endswith(".zip"), name  # compressed


def channels_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "data/raw/restricted").mkdir(parents=True)
    (project / "data/raw/restricted/names.csv").write_text(NAMES_CSV)
    (project / "results").mkdir()
    return project


def run_command(project: Path, monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    monkeypatch.chdir(project)
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def plant(project: Path, channel: str, name: str, write) -> list[str]:
    """The file placed where the channel looks, and the command that looks there."""
    if channel == "raw":
        folder = project / "data/raw/notes"
        folder.mkdir(parents=True, exist_ok=True)
        write(folder / name)
        from ctcstudy.guards import manifest as integrity

        here = os.getcwd()
        os.chdir(project)
        try:
            integrity.write()
        finally:
            os.chdir(here)
        return ["manifest"]
    if channel == "output":
        write(project / "results" / name)
        settings = project / "leak_scan.json"  # as the rule writes them (restricted: the list, when there is one)
        settings.write_text(
            json.dumps(
                {
                    "scan": ["results"],
                    "segments": "none.csv",
                    "cases_file": str(ROOT / "config/cases.yaml"),
                    "out": "results/leak_scan.txt",
                    "restricted": "data/raw/restricted/names.csv",
                }
            )
        )
        return ["leak-scan", str(settings)]
    write(project / name)
    return ["scan-files", name, "--segments", "none.csv", "--cases-file", str(ROOT / "config/cases.yaml")]


CHANNELS = ["raw", "output", "commit"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_is_read_in_every_channel(tmp_path, monkeypatch, capsys, channel, name):
    project = channels_project(tmp_path)
    argv = plant(project, channel, name, FORMATS[name])
    code, said = run_command(project, monkeypatch, capsys, *argv)
    assert code == 1 and "restricted name #1 (person)" in said, said
    assert not any(s in said.lower() for s in SURNAMES), said  # the path is shown redacted
    if channel == "output":  # withdrawn
        assert not list((project / "results").glob(name)) and list((project / "quarantine").rglob("*.*"))


def variants_file() -> tuple[str, list[int]]:
    """Every variant, each after a separator line; and the line each starts on."""
    lines, starts = ["Context."], []
    for text, _, _ in VARIANTS:
        lines.append("-- next --")
        starts.append(len(lines) + 1)
        lines += text.split("\n")
    return "\n".join(lines) + "\n", starts


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_variant_in_every_channel(tmp_path, monkeypatch, capsys, channel):
    """All variants in one file per channel: each caught variant is named by its line."""
    project = channels_project(tmp_path)
    content, starts = variants_file()
    argv = plant(project, channel, "variants.txt", lambda p: p.write_text(content))
    code, said = run_command(project, monkeypatch, capsys, *argv)
    assert code == 1
    caught = sum(1 for v in VARIANTS if v[1])
    if channel == "raw":  # the gate names the first hit and counts the others
        assert f"variants.txt:{starts[0]}: holds restricted name #1 (person) (and {caught - 1} more)" in said, said
    else:
        for line, (text, entry, _) in zip(starts, VARIANTS):
            shown = f"variants.txt:{line}: restricted name #{entry}" in said
            assert shown == bool(entry), text
        assert said.count("restricted name #") == caught
    assert not any(s in said.lower() for s in SURNAMES)


def test_a_clean_file_passes_every_channel(tmp_path, monkeypatch, capsys):
    for channel in CHANNELS:
        project = channels_project(tmp_path / channel)
        argv = plant(
            project, channel, "clean.md", lambda p: p.write_text("Chaired by Person-4f2a of Organization-9b.\n")
        )
        code, said = run_command(project, monkeypatch, capsys, *argv)
        assert code == 0, said


def test_an_error_message_holding_a_name_is_redacted(tmp_path, monkeypatch, capsys):
    project = channels_project(tmp_path)
    code, said = run_command(
        project, monkeypatch, capsys, "extract-text", "--document", "data/raw/notes/Maria Okonkwo.txt", "--out", "x.txt"
    )
    assert code == 1 and "data/raw/notes/[restricted name #1].txt" in said and "okonkwo" not in said.lower()


def test_a_notebook_error_holding_a_name_is_redacted_in_console_and_log(tmp_path):
    import nbformat

    project = channels_project(tmp_path)
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("raise ValueError('no record for Maria A. Okonkwo')")]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, project / "failing.ipynb")
    (project / "parameters.json").write_text("{}")
    run = subprocess.run(
        [
            PYTHON,
            "-m",
            "ctcstudy",
            "--log",
            "logs/notebook.log",
            "notebook",
            "failing.ipynb",
            "out.ipynb",
            "--parameters",
            "parameters.json",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = (project / "logs/notebook.log").read_text()
    assert run.returncode == 1
    assert "ValueError: no record for [restricted name #1]" in run.stderr and "[restricted name #1]" in log
    assert "okonkwo" not in (run.stdout + run.stderr + log).lower()


# The pseudonymizer replaces what the scanner catches --------------------------------------------


def test_the_pseudonymizer_replaces_every_variant_the_scanner_catches():
    from ctcstudy.guards.namematch import Matcher

    matcher = Matcher(NAMES)
    text, _ = variants_file()
    replaced = matcher.replace(text, lambda entry: f"Alias-{entry.number}")
    assert matcher.hits(replaced) == []
    assert replaced.count("Alias-") == sum(1 for v in VARIANTS if v[1])


# Whole builds -----------------------------------------------------------------------------------

KEY = {"CTC_PSEUDONYM_KEY": "k" * 40}


def logs_of(project: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in (project / "logs").rglob("*.log"))


def test_names_from_a_european_spreadsheet_protect_a_build_and_the_scan_runs_on_a_no_op(rebuilt):
    """A list saved by Excel with semicolons, a BOM and 'Person' as the kind; then a name planted by
    hand in a LaTeX output after the build: the next build, with nothing else to do, refuses it."""
    (rebuilt / "data/raw/restricted").mkdir(parents=True)
    (rebuilt / "data/raw/restricted/names.csv").write_bytes(
        (
            "\ufeffKind;Name;Acronym\r\nPerson;Maria Okonkwo;\r\nPerson;Thanh Nguyen-Lambert;\r\n"
            "Organisation;Sunrise Shelter Foundation;SSF\r\n;;\r\n"
        ).encode()
    )
    first = snakemake(rebuilt, env_extra=KEY)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "restricted names: 1 organization, 2 person; 58 quotes" in first.stdout
    manuscript = rebuilt / "results/tables/discussion.tex"
    manuscript.write_text("\\section{Discussion}\nAs \\emph{Maria\nOkonkwo} put it, ...\n")
    second = snakemake(rebuilt, env_extra=KEY)
    assert second.returncode != 0
    assert second.stderr.strip().splitlines()[-1] == (
        "ERROR: leak scan: results/tables/discussion.tex:2: restricted name #1 (person) -> moved to "
        "quarantine/results/tables/discussion.tex"
    )
    assert not manuscript.exists()
    assert "okonkwo" not in (second.stdout + second.stderr + logs_of(rebuilt)).lower()
    third = snakemake(rebuilt, env_extra=KEY)  # withdrawn: the next build is clean
    assert third.returncode == 0, third.stderr[-2000:]


def test_a_compressed_pdf_in_the_raw_data_is_refused_before_anything_runs(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data/raw/restricted").mkdir(parents=True)
    (project / "data/raw/restricted/names.csv").write_text(NAMES_CSV)
    pdf(project / "data/raw/documents/texts/board_minutes.pdf", "Present: T. Nguyen-Lambert (chair)")
    record_raw_change(project)
    run = snakemake(project, env_extra=KEY)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines()[-1] == (
        "ERROR: data/raw/documents/texts/board_minutes.pdf[page 1]:1: holds restricted name #2 "
        "(person); pseudonymize it, or keep it under data/raw/restricted/"
    )
    assert not (project / "results/tables").exists()
    assert "lambert" not in (run.stdout + run.stderr + logs_of(project)).lower()


def test_pseudonymized_documents_hold_no_variant_and_no_name_in_their_file_name(rebuilt):
    from ctcstudy.guards.namematch import Matcher
    from ctcstudy.guards.pseudonymize import pseudonym

    folder = rebuilt / "data/raw/restricted/documents"
    folder.mkdir(parents=True)
    (rebuilt / "data/raw/restricted/names.csv").write_text(NAMES_CSV)
    text = (
        "Interview with Maria A. Okonkwo (M. Okonkwo in the minutes; Okon-\nkwo, Maria on the roster), "
        "with T. Nguyen-Lambert of the Sunrise Shelter Fdn. (SSF).\n"
    )
    (folder / "maria_okonkwo_interview.txt").write_text(text)
    run = snakemake(rebuilt, env_extra=KEY)
    assert run.returncode == 0, run.stderr[-2000:]
    out = rebuilt / "data/processed/pseudonymized/documents/person-1_interview.txt"
    written = out.read_text()
    assert Matcher(NAMES).hits(written) == []
    alias = pseudonym(KEY["CTC_PSEUDONYM_KEY"].encode(), "person", "Maria Okonkwo")
    assert written.count(alias) == 3 and written.startswith(f"Interview with {alias} (")
    assert sorted(p.name for p in out.parent.iterdir()) == ["person-1_interview.txt"]
    pseudonyms = (rebuilt / "data/processed/pseudonymized/pseudonyms.csv").read_text().splitlines()
    assert pseudonyms[0] == "number,kind,pseudonym" and pseudonyms[1] == f"1,person,{alias}"


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=300)


def test_the_commit_guard_refuses_markup_and_names_in_paths_and_accepts_a_clean_commit(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
    }
    assert git(repo, "init", "-q", env=env).returncode == 0
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\ndata/raw/restricted/\n")
    (repo / "data/raw/restricted").mkdir(parents=True)
    (repo / "data/raw/restricted/names.csv").write_text(NAMES_CSV)
    install = subprocess.run(
        [PYTHON, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True, env=env, timeout=300
    )
    assert install.returncode == 0, install.stderr
    (repo / "paper.tex").write_text("\\section{Findings}\nAs \\emph{Maria Okonkwo} put it.\n")
    (repo / "thanh_nguyen-lambert.md").write_text("Notes.\n")
    git(repo, "add", ".pre-commit-config.yaml", ".gitignore", "paper.tex", "thanh_nguyen-lambert.md", env=env)
    refused = git(repo, "commit", "-qm", "paper", env=env)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "ERROR: leak scan: paper.tex:2: restricted name #1 (person) (not committed)" in said
    assert "ERROR: leak scan: [restricted name #2].md[file name]: restricted name #2 (person) (not committed)" in said
    assert not any(s in said.lower() for s in SURNAMES)
    git(repo, "rm", "-q", "--cached", "thanh_nguyen-lambert.md", env=env)
    (repo / "paper.tex").write_text("\\section{Findings}\nAs \\emph{Person-4f2a} put it.\n")
    git(repo, "add", "paper.tex", env=env)
    accepted = git(repo, "commit", "-qm", "paper", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_a_long_pdf_read_in_parts_on_both_cores_gives_the_findings_of_one_reader(tmp_path, monkeypatch):
    """The leak scan shares a long PDF's pages (and the other files) between two forked workers;
    what it finds, and in which order, is what one reader going page by page finds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from ctcstudy.guards import attribution
    from ctcstudy.guards.namematch import Matcher

    report = tmp_path / "report.pdf"
    with PdfPages(report, metadata={"CreationDate": None, "Producer": None}) as pages:
        for number in range(1, 10):
            fig = plt.figure(figsize=(6, 2))
            fig.text(0.05, 0.5, {2: "Chaired by Maria Okonkwo", 7: "Minutes: Jan van der Berg"}.get(number, "Agenda"))
            pages.savefig(fig)
            plt.close(fig)
    notes = tmp_path / "notes.md"
    notes.write_text("Met with the SSF board.\n", encoding="utf-8")
    files = [notes, report]

    def found() -> list[str]:
        return [f.message for f in attribution.scan_all(files, Matcher(NAMES), [], [])]

    assert attribution.reading(report)[0][1] == slice(0, attribution.PDF_PART_PAGES)  # read in parts
    in_parts = found()
    assert in_parts == [
        f"{notes.as_posix()}:1: restricted name #3 (organization)",
        f"{report.as_posix()}[page 2]:1: restricted name #1 (person)",
        f"{report.as_posix()}[page 7]:1: restricted name #5 (person)",
    ]
    monkeypatch.setattr(attribution, "SCAN_JOBS", 1)
    monkeypatch.setattr(attribution, "PDF_PART_PAGES", 100)
    assert found() == in_parts
