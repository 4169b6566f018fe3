import pandas as pd

from ctcstudy.writers import to_latex, to_markdown, write_table

TABLE = pd.DataFrame({"coalition": ["Sector Bridge"], "ngo_types": [5], "business": ["Small & Medium"]})


def test_markdown():
    assert to_markdown(TABLE) == (
        "| coalition | ngo_types | business |\n|---|---|---|\n| Sector Bridge | 5 | Small & Medium |\n"
    )


def test_latex_booktabs_and_escaping():
    tex = to_latex(TABLE, "Table 2: 100% members", "tab:t2")
    assert r"\caption{Table 2: 100\% members}" in tex
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"coalition & ngo\_types & business \\" in tex
    assert r"Sector Bridge & 5 & Small \& Medium \\" in tex


def test_write_table_writes_three_formats_and_no_temp_files(tmp_path):
    paths = write_table(TABLE, tmp_path / "t2.csv", "Caption")
    assert [p.name for p in paths] == ["t2.csv", "t2.md", "t2.tex"]
    assert (tmp_path / "t2.csv").read_text() == "coalition,ngo_types,business\nSector Bridge,5,Small & Medium\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t2.csv", "t2.md", "t2.tex"]


def test_figures_load_seaborn_without_scipy_stats_and_leave_it_importable():
    """Figures skip seaborn's scipy.stats import (start-up time); scipy.stats still works afterwards."""
    import subprocess
    import sys

    code = (
        "import sys; from ctcstudy.derive import figures; assert 'scipy.stats' not in sys.modules; "
        "import scipy.stats; print(scipy.stats.norm.cdf(0), figures.sns.heatmap.__name__)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0.5", "heatmap"]
