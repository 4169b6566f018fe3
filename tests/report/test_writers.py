import pandas as pd

from ctcstudy.writers import to_latex, to_markdown, write_table

TABLE = pd.DataFrame({"coalition": ["Sector Bridge"], "ngo_types": [5], "business": ["Small & Medium"]})


def test_markdown():
    assert to_markdown(TABLE) == (
        "| coalition | ngo_types | business |\n|---|---|---|\n| Sector Bridge | 5 | Small & Medium |\n"
    )


def test_latex_booktabs_one_caption_headers_for_people_and_escaping():
    tex = to_latex(TABLE, "Table 2: 100% members", "tab:t2")
    assert r"\caption{100\% members}" in tex  # LaTeX numbers it: never "Table 2: Table 2: ..."
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"Coalition & NGO types & Business \\" in tex
    assert r"Sector Bridge & 5 & Small \& Medium \\" in tex
    assert r"\begin{tabular}{lll}" in tex  # narrow enough: no column wraps


def test_a_wide_table_wraps_its_long_columns_and_a_wider_one_is_split_into_column_groups():
    wide = pd.DataFrame({"label": ["a long label of many words " * 3], "note": ["x " * 80], "n": ["1"]})
    tex = to_latex(wide, "Wide", "tab:w")
    assert tex.count(r"p{\dimexpr") == 3 and r"\caption*" not in tex
    many = pd.DataFrame({f"column_{i}": ["a_long_identifier_that_cannot_wrap"] for i in range(12)})
    split = to_latex(many, "Many", "tab:m")
    assert split.count(r"\begin{longtable}") > 1 and r"\caption*{Many (continued)}" in split


def test_write_table_writes_four_formats_and_no_temp_files(tmp_path):
    paths = write_table(TABLE, tmp_path / "t2.csv", "Caption")
    assert [p.name for p in paths] == ["t2.csv", "t2.md", "t2.tex", "t2.docx"]
    assert (tmp_path / "t2.csv").read_text() == "coalition,ngo_types,business\nSector Bridge,5,Small & Medium\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t2.csv", "t2.docx", "t2.md", "t2.tex"]


def test_word_table_is_apa_style_holds_the_cells_and_its_bytes_depend_on_the_table_only(tmp_path):
    import docx

    write_table(TABLE, tmp_path / "t2.csv", "Table 2: types of members [SYNTHETIC records]")
    first = (tmp_path / "t2.docx").read_bytes()
    write_table(TABLE, tmp_path / "t2.csv", "Table 2: types of members [SYNTHETIC records]")
    assert (tmp_path / "t2.docx").read_bytes() == first
    document = docx.Document(tmp_path / "t2.docx")
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Table 2", "Types of members"]
    assert texts[2].startswith("Note. Computed from synthetic records, calibrated to published aggregates.")
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [
        ["Coalition", "NGO types", "Business"],
        ["Sector Bridge", "5", "Small & Medium"],
    ]
    borders = document.tables[0].rows[0].cells[0]._tc.xml
    assert 'w:left w:val="nil"' in borders and 'w:top w:val="single"' in borders


def test_figures_load_seaborn_without_scipy_stats_or_cluster_and_leave_them_importable():
    """Figures skip seaborn's scipy.stats and scipy.cluster imports (start-up time); both still work
    afterwards."""
    import subprocess
    import sys

    code = (
        "import sys; from ctcstudy.derive import figures; "
        "assert 'scipy.stats' not in sys.modules and 'scipy.cluster' not in sys.modules; "
        "import scipy.stats, scipy.cluster.hierarchy; "
        "print(scipy.stats.norm.cdf(0), scipy.cluster.hierarchy.linkage([[0], [1]])[0][2], figures.sns.heatmap.__name__)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0.5", "1.0", "heatmap"]
