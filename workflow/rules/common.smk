# Shared by all rules: config validation, the output registry, small path helpers.
import hashlib
import json
import os
import re
import shlex
import sys
from pathlib import Path

from ctcstudy.configuration.schemas import validate

# Config files are checked against their schemas; errors name file, record and field, in one line.
refuse_and_exit(validate, config, "workflow/schemas/config.schema.yaml", "config/config.yaml", True)

# The cases: validated, then checked for repeats, unknown schemes and missing files before
# anything runs. Tables take their columns from here, in this order.
from ctcstudy.configuration import caselist as case_lists

CASES = refuse_and_exit(case_lists.load, config["cases_file"])
refuse_and_exit(validate, CASES, case_lists.schema(), config["cases_file"], True)
refuse_and_exit(case_lists.check, CASES, config["cases_file"])
config["coalitions"] = case_lists.pseudonyms(CASES, "coalition")
COALITION_SCHEME = CASES["coding_schemes"][
    next((c["coding_scheme"] for c in CASES["cases"] if c["case_type"] == "coalition"), "ctc_engagement")
]

# Every job's shell: strict, its refusals kept for the end of the build (printed once, by
# onerror), and `python` the interpreter running Snakemake, so the build works from the virtual
# environment without activating it (here and on a cluster node).
shell.prefix(
    f"set -euo pipefail; export CTC_REFUSALS_AT_END=1 PATH={shlex.quote(str(Path(sys.executable).parent))}:$PATH; "
)

# Every rule takes a fingerprint of the package's modules as input, so changed code reruns what
# it made (Snakemake tracks code changes of run:/script: blocks only, not of imported packages).
PACKAGE_MODULES = sorted(str(p) for p in Path("workflow/src/ctcstudy").rglob("*.py"))
PACKAGE = "data/interim/package.sha256"

REGISTRY_FILE = "workflow/registry.yaml"
REGISTRY = refuse_and_exit(case_lists.load_yaml, REGISTRY_FILE)["outputs"]
OUTPUTS = {entry["id"]: entry for entry in REGISTRY}
# The tidy tables every output's provenance is computed from (its records, and the tables mapping
# them to their cases): inputs of the rules that label outputs, so a changed record relabels them.
RECORD_TABLES = sorted(
    {
        path
        for entry in REGISTRY
        for spec in entry.get("records", [])
        for path in [spec["file"], *([spec["case"]["via"]] if isinstance(spec.get("case"), dict) else [])]
    }
)

# Papers checked against every build (config manuscripts): file stem -> path.
from ctcstudy.readers.manuscripts import by_stem

MANUSCRIPTS = refuse_and_exit(by_stem, config.get("manuscripts", []))
# The author's papers the build typesets (config manuscript.file): file stem -> path.
PAPER_FILES = config.get("manuscript", {}).get("file", [])
PAPERS = refuse_and_exit(
    by_stem, [PAPER_FILES] if isinstance(PAPER_FILES, str) else PAPER_FILES, "config/config.yaml", "manuscript.file"
)
refuse_and_exit(by_stem, [*MANUSCRIPTS.values(), *PAPERS.values()])  # one stem, one check

# The register of raw datasets: each kind of raw file, its reader and its tidy table(s).
from ctcstudy.configuration import datasets as raw_datasets

# Tidy tables made by concatenating the cases' files of one kind (cases may share a file).
MULTI_FILE_RAW = raw_datasets.raw_files(CASES, config)
# Raw files whose reader takes a second file: survey tools' exports (CSV, XLSX) -> their column maps.
COLUMN_MAPS = raw_datasets.companions(CASES)
# Tidy tables read from the REFI-QDA exports (cases may share one; one per coder is merged by text)
# with their mapping files, and the coding scheme's codebook ("project": the exports' own codes).
INTERVIEW_PROJECTS = case_lists.interview_projects(CASES)
# Cases naming whose coding of their interviews the theme tables count (else each export's first coder).
CASE_CODERS = {
    c["pseudonym"]: {"id": c["id"], "index": i, "coder": c["primary_coder"]}
    for i, c in enumerate(CASES["cases"])
    if c.get("primary_coder")
}
INTERVIEW_FILES = case_lists.interview_inputs(CASES)
CODEBOOK_FILES = [] if COALITION_SCHEME["codebook"] == "project" else [COALITION_SCHEME["codebook"]]
INTERVIEW_TABLES = raw_datasets.entry("interviews")["tables"]
# Every tidy table -> the raw file(s) it comes from (named in validation messages). Each has its own suite.
DATASETS = {
    **{name: ", ".join(paths) for name, paths in MULTI_FILE_RAW.items()},
    **{t: ", ".join(INTERVIEW_FILES) for t in INTERVIEW_TABLES},
    "interview_codes": ", ".join([*CODEBOOK_FILES, *INTERVIEW_FILES]),
    **{t: config["panel"]["file"] for t in raw_datasets.entry("panel")["tables"]},
}
# The synthetic panel the generator writes, in both formats users have (config panel.file picks one).
SYNTHETIC_PANEL = ["data/interim/panel/synthetic_panel.dta", "data/interim/panel/synthetic_panel.sav"]


def settings_file(name, content, suffix):
    """Settings too long for a command line, in data/interim/settings/<name>-<hash><suffix>.

    The file name carries a hash of the content, so a changed setting changes the command and
    reruns exactly that rule (Snakemake's code trigger), while unchanged settings leave the
    command, and the no-op rebuild, alone. Not params:, because checking params makes Snakemake
    import pandas on every run (0.25 s, a third of a no-op rebuild). Written while the workflow
    is read, and only when missing."""
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    path = Path("data/interim/settings") / f"{name}-{digest}{suffix}"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    return path.as_posix()


def settings(name, **values):
    """A build step's settings file (read by ctcstudy.configuration.settings into a typed object)."""
    return settings_file(name, json.dumps(values, indent=1, sort_keys=True) + "\n", ".json")


def output_path(output_id):
    return OUTPUTS[output_id]["path"]


def table_files(output_id):
    """A table is written as CSV, Markdown, LaTeX and Word side by side."""
    stem = output_path(output_id).removesuffix(".csv")
    return [f"{stem}.csv", f"{stem}.md", f"{stem}.tex", f"{stem}.docx"]


def figure_files(output_id):
    """A figure as PNG (300 dpi), SVG and PDF."""
    stem = output_path(output_id).removesuffix(".png")
    return [f"{stem}.png", f"{stem}.svg", f"{stem}.pdf"]


def files_of(output_id):
    entry = OUTPUTS[output_id]
    if entry["kind"] == "pages":  # one page per case, in the folder the registry names
        return [f"{entry['path']}/{case['id']}.md" for case in CASES["cases"]]
    return table_files(output_id) if entry["kind"] == "table" else figure_files(output_id)


def caption(output_id):
    return OUTPUTS[output_id]["caption"]


def report_outputs(output_id, category):
    """The output's files, each wrapped for Snakemake's HTML report with its caption."""
    return [report(f, caption=f"../../{caption(output_id)}", category=category) for f in files_of(output_id)]


def suite_parameters():
    return case_lists.suite_parameters(config, list(OUTPUTS), CASES)


def rule_graph():
    """[producer, consumer] rule pairs, from the files each rule makes and needs."""
    made_by = {str(f): r.name for r in workflow.rules for f in r.output}
    return sorted({(made_by[str(f)], r.name) for r in workflow.rules for f in r.input if str(f) in made_by})


MANUSCRIPT_CHECKS = [
    f"results/manuscript_check/{stem}.{ext}" for stem in [*MANUSCRIPTS, *PAPERS] for ext in ("csv", "md")
]


def final_outputs():
    files = [f for output_id in OUTPUTS for f in files_of(output_id)]
    files += expand("results/validation/{dataset}.json", dataset=DATASETS)
    files += [
        "results/verification/claims.csv",
        "results/verification/summary.md",
        "results/verification/documents_vs_questionnaire.csv",
        "results/numbers",
        *MANUSCRIPT_CHECKS,
        *[f"results/paper/{stem}.pdf" for stem in PAPERS],
        "results/report.html",
        "results/replication_report.pdf",
        "results/leak_scan.txt",
    ]
    if Path("data/raw/restricted/names.csv").is_file():  # identifiable inputs present: pseudonymize them
        files += PSEUDONYMIZED
    return files


# ---------------------------------------------------------------- notebook rules (notebooks.smk)


def notebook_outputs(rule_name):
    """The rule's outputs from the registry: a table as CSV, Markdown and LaTeX, a figure as PNG and
    SVG, the case pages one per case; each filed in Snakemake's report under its category."""
    return [f for e in REGISTRY if e["rule"] == rule_name for f in report_outputs(e["id"], e["category"])]


def notebook_parameters(*sections):
    """A notebook's parameters: the project folder, and a file holding the config sections it reads
    (and the case list's path, which every notebook reads)."""
    chosen = {key: config[key] for key in ("cases_file", *sections)}
    config_file = settings_file("config", json.dumps(chosen, indent=1, sort_keys=True) + "\n", ".json")
    return settings_file("notebook", json.dumps({"root": ".", "config_file": config_file}), ".json")


def notebook_of(rule_name):
    """The notebook the registry names for the rule's outputs."""
    return next(e["notebook"] for e in REGISTRY if e["rule"] == rule_name)


def executed(rule_name):
    return f"results/notebooks/{Path(notebook_of(rule_name)).name}"


# ---------------------------------------------------------------- the leak scan (report.smk)


# Files no rule makes (added by hand, left by a tool) are scanned too. Their names, sizes and times
# go into a settings file named in the command, so a new or changed one reruns the scan even in an
# otherwise up-to-date build; as a settings file, not as inputs, so a file a job removes in the
# same build (a stale case page) cannot stop the build as missing. Every other rule is defined by
# now (this file is included last); the scan's own output is named here.
def unmade_files():
    made = {str(f) for r in workflow.rules for f in r.output} | {"results/leak_scan.txt"}
    folders = tuple(f"{f}/" for f in made if Path(f).is_dir())  # directory outputs (results/numbers)
    found = (p for d in ("results", "data/processed") for p in Path(d).rglob("*") if p.is_file())
    unmade = (
        p for p in found if p.as_posix() not in made and not p.as_posix().startswith(folders) and p.name != ".gitkeep"
    )
    return sorted([p.as_posix(), stat.st_mtime_ns, stat.st_size] for p in unmade for stat in [p.stat()])
