"""The manuscript files compile: one document inputs every table (.tex) and every number macro
(numbers.tex), compiled by a real pdflatex from Debian's packages (installed here as the
Chromium test installs its browser). Skipped only where LaTeX cannot be installed."""

import os
import re
import shutil
import subprocess
import unicodedata

import pandas as pd
import pytest

from ctcstudy.writers import latex_escape, to_latex

PACKAGES = "texlive-latex-recommended texlive-fonts-recommended lmodern poppler-utils"


def installed() -> bool:
    found = (
        shutil.which("kpsewhich")
        and subprocess.run(["kpsewhich", "lmodern.sty", "booktabs.sty"], capture_output=True, text=True).stdout.count(
            "\n"
        )
        == 2
    )
    return bool(found and shutil.which("pdflatex") and shutil.which("pdftotext"))


def latex() -> str:
    if not installed() and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(
            f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
            f"--no-install-recommends {PACKAGES}",
            shell=True,
            capture_output=True,
            timeout=900,
        )
    if not installed():
        pytest.skip(f"pdflatex, lmodern, booktabs or pdftotext (Debian's {PACKAGES}) cannot be installed here")
    return shutil.which("pdflatex")


def compile_document(
    folder, body: str, packages: str = "\\usepackage{booktabs,array,longtable}\n"
) -> tuple[subprocess.CompletedProcess, str, str]:
    """A portrait article (LaTeX's default text width) around the body."""
    (folder / "manuscript.tex").write_text(
        "\\documentclass{article}\n\\input{glyphtounicode}\\pdfgentounicode=1\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
        + packages
        + "\\begin{document}\n"
        + body
        + "\\end{document}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [latex(), "-interaction=nonstopmode", "-halt-on-error", "manuscript.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = (folder / "manuscript.log").read_text(encoding="latin-1") if (folder / "manuscript.log").exists() else ""
    text = (
        subprocess.run(
            ["pdftotext", "-layout", "manuscript.pdf", "-"], cwd=folder, capture_output=True, text=True
        ).stdout
        if (folder / "manuscript.pdf").exists()
        else ""
    )
    return run, log, unicodedata.normalize("NFKC", text)  # ligatures (fi, fl) back to letters


def test_every_table_and_number_compiles(built, tmp_path):
    tables = sorted((built / "results/tables").glob("*.tex"))
    shutil.copytree(built / "results/tables", tmp_path / "tables")
    shutil.copytree(built / "results/numbers", tmp_path / "numbers")
    numbers = pd.read_csv(built / "results/numbers/numbers.csv", dtype=str, keep_default_na=False)
    body = "\\input{numbers/numbers}\n"
    body += "".join(f"\\input{{tables/{t.name}}}\n\\clearpage\n" for t in tables)
    body += "{\\raggedright\n"  # the values as text: a long one breaks its line instead of overflowing
    body += "".join(f"{latex_escape(i)}: \\ctcnum{{{i}}}\\par\n" for i in numbers["claim_id"]) + "}\n"
    run, log, text = compile_document(tmp_path, body, "\\usepackage[final]{numbers/ctcstudy}\n")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and errors == [], (errors, run.stdout[-2000:])
    overfull = [float(m) for m in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert [w for w in overfull if w > 1] == [], "a table is wider than a portrait page"
    assert "Float too large" not in log
    assert len(tables) == 25
    assert text.count("\f") >= len(tables)  # one page or more per table
    assert "Migrant worker assistance" in text  # a sampled cell of Table 1
    assert "Intergov/Natl/State/Local" in text  # Table 3, Community Nexus, government partners
    first = numbers.iloc[0]
    assert f"{first['claim_id']}: {first['value']}" in " ".join(text.split())


def test_every_special_character_survives(tmp_path):
    nasty = "a & b % c $ d # e _ f { g } h ~ i ^ j \\ k < l > m ≥ 5 – end"
    table = pd.DataFrame({"cell": [nasty], "count": [">10"]})
    (tmp_path / "t.tex").write_text(to_latex(table, "Specials: <caption> & more", "tab:t"), encoding="utf-8")
    run, log, text = compile_document(tmp_path, "\\input{t.tex}\n")
    assert run.returncode == 0, log[-2000:]
    flat = " ".join(text.split())
    assert "a & b % c $ d # e _ f { g } h ~ i ^ j \\ k < l > m ≥ 5 – end" in flat
    assert ">10" in flat and "Specials: <caption> & more" in flat


def test_ctcnum_marks_synthetic_values_and_stops_on_an_unknown_id(built, tmp_path):
    """A synthetic value carries its mark, dropped with \\ctcfinal; a mistyped id stops LaTeX naming it."""
    shutil.copytree(built / "results/numbers", tmp_path / "numbers")
    run, log, text = compile_document(
        tmp_path,
        "\\input{numbers/numbers}\n"
        "A: \\ctcnum{P.coalition_building.2011}\\par B: \\ctcnum{N.leaders_interviewed}\\par\n",
    )
    assert run.returncode == 0, log[-2000:]
    assert "A: 81.3[synthetic]" in " ".join(text.split()).replace(" [", "[")
    run, log, text = compile_document(
        tmp_path, "\\newcommand{\\ctcfinal}{}\\input{numbers/numbers}\nA: \\ctcnum{P.coalition_building.2011}\\par\n"
    )
    assert run.returncode == 0 and "A: 81.3" in text and "synthetic" not in text
    run, log, _ = compile_document(tmp_path, "\\input{numbers/numbers}\nC: \\ctcnum{N.leaders_interviewd}\\par\n")
    assert run.returncode != 0
    assert "! Package ctcnum Error: Unknown claim id `N.leaders_interviewd'." in log
